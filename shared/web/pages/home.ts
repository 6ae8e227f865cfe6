// Home: candidates by stage, what is due or overdue this week, progress against targets (inline SVG chart).
import type * as z from 'zod';
import * as app from '../../app/index.ts';
import type { CandidateView, Progress, Targets } from '../../app/types.ts';
import { h, type Raw, raw } from '../http.ts';
import { fmtDate, todayVn } from '../lang.ts';
import '../labels.ts';
import { cellCandidates, pickCell, STAGE_LIST, toActor } from '../ops.ts';
import { getCells, openDeadlines } from '../reads.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import { page, select } from './common.ts';

export const METRICS = ['sentToCourse', 'dossiersSubmitted', 'admitted'] as const;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** Sunday ending the ISO week of `day` (weeks start on Monday in Vietnam). */
export function endOfWeek(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, dow === 0 ? 0 : 7 - dow);
}

export function progressChart(
  ctx: AuthedContext,
  rows: { metric: string; target: number; done: number }[],
): Raw {
  const t = ctx.t;
  const W = 320;
  const labelW = 0;
  const barH = 14;
  const rowH = 54;
  const max = Math.max(1, ...rows.flatMap((r) => [r.target, r.done]));
  const scale = (v: number) => Math.round(((W - labelW - 40) * v) / max);
  const height = rows.length * rowH + 10;
  return h`<figure style="margin:0"><svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${W} ${height}" width="100%" style="max-width:32rem">
<title id="chart-title">${t('home.progress')}</title>
<desc id="chart-desc">${rows.map((r) => `${t.dyn(`metric.${r.metric}`)}: ${r.done}/${r.target}. `).join('')}</desc>
${rows.map((r, i) => {
  const y = i * rowH + 4;
  return h`<g><text x="0" y="${y + 11}" fill="#1a1a1a">${t.dyn(`metric.${r.metric}`)}</text>
<rect x="0" y="${y + 16}" width="${Math.max(1, scale(r.target))}" height="${barH}" fill="#c9c9c9"></rect>
<rect x="0" y="${y + 16 + barH + 2}" width="${Math.max(1, scale(r.done))}" height="${barH}" fill="#a3110b"></rect>
<text x="${scale(r.target) + 4}" y="${y + 27}" fill="#1a1a1a">${r.target}</text>
<text x="${scale(r.done) + 4}" y="${y + 43}" fill="#1a1a1a">${r.done}</text></g>`;
})}
</svg>
<figcaption class="muted"><span aria-hidden="true" style="display:inline-block;width:.8rem;height:.8rem;background:#c9c9c9"></span> ${t('home.target')} · <span aria-hidden="true" style="display:inline-block;width:.8rem;height:.8rem;background:#a3110b"></span> ${t('home.actual')}</figcaption></figure>
<div class="table-wrap"><table><caption class="muted" style="text-align:left">${t('home.progress')}</caption><thead><tr><th scope="col"></th><th scope="col">${t('home.target')}</th><th scope="col">${t('home.actual')}</th></tr></thead>
<tbody>${rows.map((r) => h`<tr><th scope="row">${t.dyn(`metric.${r.metric}`)}</th><td>${r.target}</td><td>${r.done}</td></tr>`)}</tbody></table></div>`;
}

const homeRoute = route<unknown, z.infer<typeof S.CellQuery>>({
  method: 'GET',
  path: '/',
  kind: 'page',
  roles: ['secretary', 'committee', 'admin'],
  summary: 'Home',
  query: S.CellQuery,
  async handler(c) {
    const ctx = c as AuthedContext<unknown, z.infer<typeof S.CellQuery>>;
    const t = ctx.t;
    const cellId = pickCell(ctx.actor, ctx.query.cellId);
    const today = todayVn();
    const year = today.slice(0, 4);
    const actor = toActor(ctx.actor);
    const [cands, deadlines, cells, targets, progress] = await Promise.all([
      cellCandidates(ctx.actor, cellId, {}),
      openDeadlines([cellId], endOfWeek(today)),
      getCells(ctx.actor.cellIds),
      (async () => app.getTargets(actor, cellId, year))().catch(() => undefined as Targets | undefined),
      (async () => app.getProgress(actor, cellId, year))().catch(() => [] as Progress[]),
    ]);
    const byId = new Map<string, CandidateView>(cands.map((x) => [x.id, x]));
    const counts = STAGE_LIST.map((s) => ({ stage: s, n: cands.filter((x) => x.stage === s).length })).filter(
      (x) => x.n > 0,
    );
    const yearProgress = progress.find((p) => p.period === year);
    const rows = METRICS.map((m) => ({
      metric: m,
      target: Number((targets as Record<string, unknown> | undefined)?.[m] ?? 0),
      done: Number((yearProgress as Record<string, unknown> | undefined)?.[m] ?? 0),
    }));
    const hasTargets = rows.some((r) => r.target > 0);
    const cellName = cells.find((x) => x.cellId === cellId)?.name ?? cellId;
    const body = h`
<p><strong>${t('home.cell')}:</strong> ${cellName}</p>
${
  cells.length > 1
    ? h`<form method="get" action="/">${select(
        'cellId',
        t('home.cell'),
        cells.map((x) => ({ value: x.cellId, label: x.name })),
        cellId,
      )}<button type="submit">${t('list.filter')}</button></form>`
    : ''
}
<section class="card" aria-labelledby="h-stages"><h2 id="h-stages">${t('home.byStage')}</h2>
${counts.length ? h`<ul class="stages">${counts.map((x) => h`<li><a href="/candidates?cellId=${cellId}&amp;stage=${x.stage}"><span class="n">${x.n}</span>${t.dyn(`stage.${x.stage}`)}</a></li>`)}</ul>` : h`<p>${t('list.empty')}</p>`}
</section>
<section class="card" aria-labelledby="h-due"><h2 id="h-due">${t('home.due')}</h2>
${
  deadlines.length
    ? h`<ul>${deadlines.map((d) => {
        const cand = byId.get(d.candidateId);
        const overdue = d.dueOn < today;
        return h`<li${raw(overdue ? ' class="overdue"' : '')}><a href="/candidates/${d.candidateId}">${cand?.fullName ?? d.candidateId}</a> — ${t.dyn(`deadline.${d.kind}`, d.kind)}: ${fmtDate(d.dueOn)}${overdue ? ` (${t('home.overdue')})` : ''}</li>`;
      })}</ul>`
    : h`<p>${t('home.noDue')}</p>`
}
</section>
<section class="card" aria-labelledby="h-progress"><h2 id="h-progress">${t('home.progress')} ${year}</h2>
${hasTargets ? progressChart(ctx, rows) : h`<p>${t('home.noTargets')}</p>`}
</section>`;
    return page(ctx, t('home.title'), body);
  },
});

export const homePages: AnyRoute[] = [homeRoute];
