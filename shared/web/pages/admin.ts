// Admin pages: the scheduled jobs' runs, and the targets form. Plus the exports page and sign-out.
import type * as z from 'zod';
import { getCells, jobRuns } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import { PIPELINE_METRICS as METRICS } from '../../domain/pool.ts';
import { h } from '../http.ts';
import { fmtDateTime, todayVn } from '../lang.ts';
import { pickCell, scoped, toActor } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import { csrfField, errorBox, field, formRoutes, intOf, page, select, val } from './common.ts';

const jobsRoute = route({
  method: 'GET',
  path: '/jobs',
  kind: 'page',
  roles: ['admin'],
  summary: 'Runs of the scheduled jobs',
  async handler(c) {
    const ctx = c as AuthedContext;
    const t = ctx.t;
    const runs = await jobRuns(30);
    const body = runs.length
      ? h`<div class="table-wrap"><table><thead><tr><th scope="col">${t('jobs.startedAt')}</th><th scope="col">${t('jobs.job')}</th><th scope="col">${t('jobs.result')}</th><th scope="col">${t('jobs.counts')}</th></tr></thead>
<tbody>${runs.map((r) => h`<tr><td>${fmtDateTime(r.startedAt)}</td><td>${r.job}${r.day ? ` (${r.day})` : ''}</td><td>${r.status}</td><td>${r.itemsRead ?? '—'} / ${r.deadlinesDue ?? '—'} / ${r.mailsSent ?? '—'} / ${r.errors ?? '—'}</td></tr>`)}</tbody></table></div>`
      : h`<p>${t('jobs.none')}</p>`;
    return page(ctx, t('jobs.title'), h`<section class="card">${body}</section>`);
  },
});

/** What is set, per cell and period: the figures of each metric (a dash where none is set). */
function targetsList(
  ctx: AuthedContext,
  cells: { cellId: string; name: string }[],
  set: { period: string; values: Partial<Record<string, number>> }[][],
) {
  const t = ctx.t;
  return h`<section class="card" aria-labelledby="h-set"><h2 id="h-set">${t('targets.list')}</h2>
${cells.map((cell, i) => {
  const rows = set[i] ?? [];
  return h`<h3>${cell.name}</h3>${
    rows.length
      ? h`<div class="table-wrap" tabindex="0" role="region" aria-label="${cell.name}"><table class="targets-set" data-cell="${cell.cellId}"><thead><tr><th scope="col">${t('targets.period')}</th>${METRICS.map((m) => h`<th scope="col">${t.dyn(`metric.${m}`)}</th>`)}</tr></thead>
<tbody>${rows.map((r) => h`<tr><th scope="row">${r.period}</th>${METRICS.map((m) => h`<td>${r.values[m] ?? '—'}</td>`)}</tr>`)}</tbody></table></div>`
      : h`<p>${t('targets.listEmpty')}</p>`
  }`;
})}</section>`;
}

const targetsForm = formRoutes<z.infer<typeof S.TargetsBody> & { cellId?: string }>({
  path: '/targets',
  roles: ['admin'],
  summary: 'Form: targets of a cell',
  schema: S.TargetsBody,
  async load(ctx) {
    const cells = await getCells(ctx.actor.cellIds);
    const set = await Promise.all(cells.map((c) => app.listTargets(toActor(ctx.actor), c.cellId)));
    return { cells, set };
  },
  async render(ctx, data, v, err) {
    const t = ctx.t;
    const { cells, set } = data as {
      cells: Awaited<ReturnType<typeof getCells>>;
      set: Awaited<ReturnType<typeof app.listTargets>>[];
    };
    const saved = ctx.c.req.query('saved') === '1';
    return {
      title: t('targets.title'),
      body: h`${saved ? h`<p class="ok" role="status">${t('targets.saved')}</p>` : ''}${errorBox(ctx, err)}
${targetsList(ctx, cells, set)}
<form method="post" class="card" novalidate>${csrfField(ctx)}
${select(
  'cellId',
  t('home.cell'),
  cells.map((c) => ({ value: c.cellId, label: c.name })),
  val(v, 'cellId'),
)}
${field('period', t('targets.period'), { required: true, value: val(v, 'period') ?? todayVn().slice(0, 4) })}
${METRICS.map((m) => field(m, t.dyn(`metric.${m}`), { type: 'number', min: '0', value: val(v, m), inputmode: 'numeric' }))}
<div><button type="submit">${t('form.save')}</button></div></form>`,
    };
  },
  toInput: (v) => ({
    period: val(v, 'period'),
    ...Object.fromEntries(METRICS.map((m) => [m, intOf(val(v, m))]).filter(([, x]) => x !== undefined)),
  }),
  async submit(ctx, input) {
    const cellId = pickCell(ctx.actor, val(ctx.form, 'cellId'));
    await scoped(() => app.setTargets(toActor(ctx.actor), { ...input, cellId }));
    return '/targets?saved=1';
  },
});

const exportsRoute = route<unknown, z.infer<typeof S.CellQuery>>({
  method: 'GET',
  path: '/exports',
  kind: 'page',
  roles: ['secretary', 'committee', 'admin'],
  summary: "Exports of the cell's register",
  query: S.CellQuery,
  async handler(c) {
    const ctx = c as AuthedContext<unknown, z.infer<typeof S.CellQuery>>;
    const t = ctx.t;
    const cells = await getCells(ctx.actor.cellIds);
    pickCell(ctx.actor, ctx.query.cellId);
    const body = h`<p>${t('exports.intro')}</p>${cells.map(
      (cell) => h`<section class="card"><h2>${cell.name}</h2>
<p><a class="button" href="/api/cells/${cell.cellId}/register.csv">${t('exports.csv')}</a>
<a class="button" href="/api/cells/${cell.cellId}/register.xlsx">${t('exports.xlsx')}</a></p></section>`,
    )}`;
    return page(ctx, t('exports.title'), body);
  },
});

export const adminPages: AnyRoute[] = [jobsRoute, ...targetsForm, exportsRoute];
