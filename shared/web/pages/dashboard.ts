// The planning part of the home page: the pipeline (pool → course → dossiers sent up → admitted) against the
// year's targets with percentages, the monthly view, and which official members introduced someone in the
// month. Bars are HTML (text at the page's size, legible at 360 px), each with its figures in words.
import type { PipelinePeriod } from '../../app/pipeline.ts';
import type { IntroductionsView, PipelineRow } from '../../domain/pool.ts';
import { h, type Raw, raw } from '../http.ts';
import type { AuthedContext } from '../router.ts';

/** The metrics the dashboard shows, in the pipeline's order. */
export const DASHBOARD_METRICS = ['introductions', 'sentToCourse', 'dossiersSubmitted', 'admitted'] as const;

/** The dashboard's styles (added to the page's stylesheet in layout.ts). */
export const DASHBOARD_CSS = `.bars{list-style:none;margin:0;padding:0}
.bars li{margin:0 0 .8rem}
meter.bar{display:block;width:100%;height:1rem;margin:.2rem 0}
.members{columns:2 10rem;column-gap:1.5rem;padding-left:1.2rem}
table.months td{white-space:nowrap}
table.months thead th{vertical-align:bottom}
tr.current{background:#fff5d6}`;

const metricLabel = (ctx: AuthedContext, m: string) => ctx.t.dyn(`metric.${m}`, m);

function figures(ctx: AuthedContext, r: PipelineRow): string {
  if (r.target === undefined) return `${r.done} (${ctx.t('targets.none')})`;
  return `${r.done}/${r.target} (${r.percent ?? 0} %)`;
}

/** The year's (or a month's) pipeline as labelled bars. */
export function pipelineBars(ctx: AuthedContext, p: PipelinePeriod, id: string): Raw {
  const rows = p.rows.filter(
    (r) => (DASHBOARD_METRICS as readonly string[]).includes(r.metric) || r.target !== undefined,
  );
  return h`<ul class="bars" id="${id}">${rows.map((r) => {
    const max = Math.max(1, r.target ?? r.done);
    return h`<li data-metric="${r.metric}"><span>${metricLabel(ctx, r.metric)}</span>
<meter class="bar" aria-hidden="true" min="0" max="${String(max)}" value="${String(Math.min(r.done, max))}"></meter>
<strong class="figures">${figures(ctx, r)}</strong></li>`;
  })}</ul>`;
}

/** The months of the year: done (against the month's target, if set) per metric. */
export function monthTable(ctx: AuthedContext, months: PipelinePeriod[], current: string): Raw {
  const t = ctx.t;
  const cell = (r: PipelineRow | undefined) =>
    r ? (r.target !== undefined ? `${r.done}/${r.target} (${r.percent ?? 0} %)` : String(r.done)) : '0';
  return h`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="month-table-caption"><table class="months" id="month-table"><caption class="muted" id="month-table-caption">${t('targets.month')}</caption>
<thead><tr><th scope="col">${t.dyn('targets.monthOf', '').replace(/\s*\{month\}/, '')}</th>${DASHBOARD_METRICS.map((m) => h`<th scope="col">${metricLabel(ctx, m)}</th>`)}</tr></thead>
<tbody>${months.map((m) => {
    const by = new Map(m.rows.map((r) => [r.metric, r]));
    return h`<tr${raw(m.period === current ? ' class="current"' : '')} data-period="${m.period}"><th scope="row">${m.period.slice(5)}/${m.period.slice(0, 4)}</th>${DASHBOARD_METRICS.map((x) => h`<td>${cell(by.get(x))}</td>`)}</tr>`;
  })}</tbody></table></div>`;
}

/** Which official members introduced someone in the month, which not yet, and why probationary ones cannot. */
export function introductionsBlock(ctx: AuthedContext, v: IntroductionsView & { target?: number }): Raw {
  const t = ctx.t;
  const official = v.introduced.length + v.notYet.length;
  const month = `${v.period.slice(5)}/${v.period.slice(0, 4)}`;
  return h`<section class="card" aria-labelledby="h-intro" id="introductions"><h2 id="h-intro">${t('intro.title', { period: month })}</h2>
<p id="intro-summary"><strong>${t('intro.summary', { done: v.introduced.length, total: official, per: v.perMember })}</strong></p>
<meter class="bar" aria-hidden="true" min="0" max="${String(Math.max(1, official))}" value="${String(v.introduced.length)}"></meter>
<h3>${t('intro.notYet')} (${v.notYet.length})</h3>
${v.notYet.length ? h`<ul class="members" id="intro-not-yet">${v.notYet.map((r) => h`<li>${r.member.fullName}</li>`)}</ul>` : h`<p>${t('intro.none')}</p>`}
<h3>${t('intro.done')} (${v.introduced.length})</h3>
${v.introduced.length ? h`<ul class="members" id="intro-done">${v.introduced.map((r) => h`<li>${r.member.fullName} (${t('intro.count', { n: r.count })})</li>`)}</ul>` : h`<p>${t('intro.none')}</p>`}
${v.probationary.length ? h`<p class="muted" id="intro-probationary">${t('intro.probationary', { n: v.probationary.length })}</p>` : ''}
<p><a href="/pool">${t('pool.title')}</a></p>
</section>`;
}

/** The period picker: a year and a month, plus quick links to the periods with targets. */
export function periodPicker(
  ctx: AuthedContext,
  cellId: string,
  year: string,
  month: string,
  targetPeriods: string[],
): Raw {
  const t = ctx.t;
  const link = (p: string) => {
    const y = p.slice(0, 4);
    const m = p.length === 7 ? p : `${y}-01`;
    const label =
      p.length === 7 ? t('targets.monthOf', { month: `${p.slice(5)}/${y}` }) : t('targets.year', { year: y });
    return h`<a href="/?cellId=${cellId}&amp;year=${y}&amp;month=${m}">${label}</a>`;
  };
  return h`<form method="get" action="/" class="period-picker"><input type="hidden" name="cellId" value="${cellId}">
<label for="f-year">${t('targets.yearField')}</label><input id="f-year" name="year" type="number" min="2000" max="2100" inputmode="numeric" value="${year}">
<label for="f-month">${t('targets.month')}</label><input id="f-month" name="month" type="month" value="${month}">
<button type="submit">${t('list.filter')}</button></form>
${targetPeriods.length ? h`<p>${t('targets.list')}: ${targetPeriods.map((p, i) => h`${i ? ' · ' : ''}${link(p)}`)}</p>` : ''}`;
}
