// The candidate list: search by name without diacritics, filter by stage.
import type * as z from 'zod';
import { getCells } from '../../adapters/reads.ts';
import type { CandidateView } from '../../app/types.ts';
import { h, type Raw } from '../http.ts';
import { fmtDate } from '../lang.ts';
import { cellCandidates, pickCell, SECRETARY_ROLES, STAGE_LIST } from '../ops.ts';
import type { AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import { field, page, select } from './common.ts';

const _SECRETARY = SECRETARY_ROLES;
const READERS = ['secretary', 'committee', 'admin'] as const;

export function stageBadge(ctx: AuthedContext, stage: string): Raw {
  return h`<span class="stage">${ctx.t.dyn(`stage.${stage}`, stage)}</span>`;
}

function candidateTable(ctx: AuthedContext, items: CandidateView[]): Raw {
  const t = ctx.t;
  if (items.length === 0) return h`<p>${t('list.empty')}</p>`;
  return h`<div class="table-wrap"><table><caption class="muted" style="text-align:left" id="list-count">${items.length === 1 ? t('list.countOne') : t('list.count', { n: items.length })}</caption>
<thead><tr><th scope="col">${t('list.name')}</th><th scope="col">${t('list.dob')}</th><th scope="col">${t('list.stage')}</th><th scope="col">${t('list.updated')}</th></tr></thead>
<tbody>${items.map(
    (c) =>
      h`<tr><td><a href="/candidates/${c.id}">${c.fullName}</a></td><td>${fmtDate(c.birthDate)}</td><td>${stageBadge(ctx, c.stage)}</td><td>${fmtDate(c.stageSince)}</td></tr>`,
  )}</tbody></table></div>`;
}

export const listRoute = route<unknown, z.infer<typeof S.ListQuery>>({
  method: 'GET',
  path: '/candidates',
  kind: 'page',
  roles: READERS,
  summary: 'Candidate list',
  query: S.ListQuery,
  async handler(c) {
    const ctx = c as AuthedContext<unknown, z.infer<typeof S.ListQuery>>;
    const t = ctx.t;
    const cellId = pickCell(ctx.actor, ctx.query.cellId);
    const [items, cells] = await Promise.all([
      cellCandidates(ctx.actor, cellId, { stage: ctx.query.stage, q: ctx.query.q }),
      getCells(ctx.actor.cellIds),
    ]);
    items.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    const body = h`<form method="get" action="/candidates" role="search" class="card">
${
  cells.length > 1
    ? select(
        'cellId',
        t('home.cell'),
        cells.map((x) => ({ value: x.cellId, label: x.name })),
        cellId,
      )
    : h`<input type="hidden" name="cellId" value="${cellId}">`
}
${field('q', t('list.search'), { type: 'search', value: ctx.query.q })}
${select('stage', t('list.stage'), [{ value: '', label: t('list.allStages') }, ...STAGE_LIST.map((s) => ({ value: s, label: t.dyn(`stage.${s}`) }))], ctx.query.stage)}
<button type="submit">${t('list.filter')}</button></form>
<section aria-label="${t('list.title')}">${candidateTable(ctx, items)}</section>`;
    return page(ctx, t('list.title'), body);
  },
});
