// Home: candidates by stage, what is due or overdue this week, progress against targets (inline SVG chart).
import type * as z from 'zod';
import { getCells, openDeadlines } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { CandidateView } from '../../app/types.ts';
import { endOfWeek } from '../../domain/date.ts';
import { deadlineLabel } from '../../i18n/index.ts';
import { h, raw } from '../http.ts';
import { fmtDate, todayVn } from '../lang.ts';
import { cellCandidates, pickCell, STAGE_LIST, toActor } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import { waitingDecisionsBlock } from './committee-blocks.ts';
import { page, select } from './common.ts';
import { introductionsBlock, monthTable, periodPicker, pipelineBars } from './dashboard.ts';

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
    const q = ctx.c.req.query();
    const year = /^\d{4}$/.test(q.year ?? '') ? (q.year as string) : today.slice(0, 4);
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month ?? '')
      ? (q.month as string)
      : year === today.slice(0, 4)
        ? today.slice(0, 7)
        : `${year}-01`;
    const actor = toActor(ctx.actor);
    const [cands, deadlines, cells, plan, intro, targetList] = await Promise.all([
      cellCandidates(ctx.actor, cellId, {}),
      openDeadlines([cellId], endOfWeek(today)),
      getCells(ctx.actor.cellIds),
      app.pipeline(actor, cellId, year),
      app.memberIntroductions(actor, cellId, month),
      app.listTargets(actor, cellId),
    ]);
    const byId = new Map<string, CandidateView>(cands.map((x) => [x.id, x]));
    const counts = STAGE_LIST.map((s) => ({ stage: s, n: cands.filter((x) => x.stage === s).length })).filter(
      (x) => x.n > 0,
    );
    const monthPlan = plan.months.find((m) => m.period === month);
    const cellName = cells.find((x) => x.cellId === cellId)?.name ?? cellId;
    // a committee member's home starts with the decisions waiting for them in every cell they oversee
    const decisions =
      ctx.actor.role === 'committee'
        ? await waitingDecisionsBlock(
            ctx,
            (
              await Promise.all(
                ctx.actor.cellIds.flatMap((cid) =>
                  ['AWAITING_DECISION', 'AWAITING_SUPERIOR'].map((stage) =>
                    cid === cellId
                      ? Promise.resolve(cands.filter((x) => x.stage === stage))
                      : cellCandidates(ctx.actor, cid, { stage }),
                  ),
                ),
              )
            ).flat(),
          )
        : '';
    const body = h`${decisions}
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
        // a task (thử thách) of a pooled person or a candidate links its own page, under its title
        const href = d.task?.path ?? `/candidates/${d.candidateId}`;
        const who = d.task?.name ?? cand?.fullName ?? d.candidateId;
        const what = d.task ? `${t('pool.taskShort')}: ${d.task.title}` : deadlineLabel(ctx.lang, d.kind);
        return h`<li${raw(overdue ? ' class="overdue"' : '')}><a href="${href}">${who}</a> — ${what}: ${fmtDate(d.dueOn)}${overdue ? ` (${t('home.overdue')})` : ''}</li>`;
      })}</ul>`
    : h`<p>${t('home.noDue')}</p>`
}
</section>
<section class="card" aria-labelledby="h-progress"><h2 id="h-progress">${t('targets.year', { year })}</h2>
${periodPicker(
  ctx,
  cellId,
  year,
  month,
  targetList.map((x) => x.period),
)}
${plan.year.hasTargets ? '' : h`<p>${t('home.noTargets')}</p>`}
${pipelineBars(ctx, plan.year, 'year-progress')}
${
  monthPlan?.hasTargets
    ? h`<h3 id="h-month-targets">${t('targets.monthOf', { month: `${month.slice(5)}/${month.slice(0, 4)}` })}</h3>${pipelineBars(ctx, monthPlan, 'month-progress')}`
    : ''
}
${monthTable(ctx, plan.months, month)}
</section>
${introductionsBlock(ctx, intro)}`;
    return page(ctx, t('home.title'), body);
  },
});

export const homePages: AnyRoute[] = [homeRoute];
