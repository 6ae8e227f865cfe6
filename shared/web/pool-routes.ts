// The JSON API of the pool, the helpers and tasks, the per-member introductions and the pipeline:
// parse (zod, by the router) → application service → map the result. Another cell's ids answer 404.
import * as z from 'zod';
import type { Subject } from '../adapters/pool.ts';
import * as app from '../app/index.ts';
import { HelperInput, PoolEntryInput, TaskInput, TaskOutcomeInput } from '../app/pool-schemas.ts';
import { json } from './http.ts';
import { todayVn } from './lang.ts';
import { loadCandidate, pickCell, scoped, toActor } from './ops.ts';
import type { AnyRoute, AuthedContext } from './router.ts';
import { route } from './router.ts';

const SECRETARY = ['secretary', 'admin'] as const;
const READERS = ['secretary', 'committee', 'admin'] as const;

const authed = <B, Q>(ctx: { actor: unknown }) => ctx as unknown as AuthedContext<B, Q>;

export const PoolEntryBody = PoolEntryInput.meta({ id: 'PoolEntryBody' });
export const HelperBody = HelperInput.meta({ id: 'HelperBody' });
export const TaskBody = TaskInput.meta({ id: 'TaskBody' });
export const TaskOutcomeBody = TaskOutcomeInput.meta({ id: 'TaskOutcomeBody' });

const Member = z.object({ memberId: z.string(), fullName: z.string() });
export const TaskOut = z
  .object({
    taskId: z.string(),
    title: z.string(),
    assignedOn: z.string(),
    dueOn: z.string(),
    outcome: z.enum(['open', 'done', 'not_done']),
    outcomeOn: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'Task' });
export const PoolPersonOut = z
  .object({
    personId: z.string(),
    cellId: z.string(),
    fullName: z.string(),
    birthDate: z.string(),
    workplace: z.string(),
    introducedOn: z.string(),
    foundBy: Member,
    helper: Member.optional(),
    tasks: z.array(TaskOut),
  })
  .meta({ id: 'PoolPerson' });
const PeriodQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/)
    .optional(),
});
const YearQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});

type Params = { cellId?: string; personId?: string; id?: string; taskId?: string };

/** The subject of a route: a pooled person of the (visible) cell, or a (visible) candidate. */
async function subjectOf(ctx: AuthedContext, kind: 'pool' | 'candidate'): Promise<Subject> {
  const p = ctx.params as Params;
  if (kind === 'pool') return { kind, cellId: pickCell(ctx.actor, p.cellId), personId: String(p.personId) };
  await loadCandidate(ctx.actor, String(p.id));
  return { kind, candidateId: String(p.id) };
}

function supportRoutes(kind: 'pool' | 'candidate', base: string): AnyRoute[] {
  const tag = kind === 'pool' ? 'pool' : 'steps';
  return [
    route<z.infer<typeof HelperBody>>({
      method: 'PUT',
      path: `${base}/helper`,
      kind: 'api',
      roles: SECRETARY,
      summary: `Assign the official member who helps the ${kind === 'pool' ? 'pooled person' : 'candidate'}`,
      tag,
      body: HelperBody,
      response: Member,
      async handler(c) {
        const ctx = authed<z.infer<typeof HelperBody>, unknown>(c);
        const s = await subjectOf(ctx, kind);
        return json(200, await scoped(() => app.assignHelper(toActor(ctx.actor), s, ctx.body)));
      },
    }),
    route<z.infer<typeof TaskBody>>({
      method: 'POST',
      path: `${base}/tasks`,
      kind: 'api',
      roles: SECRETARY,
      summary: 'Give a task (thử thách) with a due date; it is reminded of like any deadline',
      tag,
      body: TaskBody,
      response: TaskOut,
      async handler(c) {
        const ctx = authed<z.infer<typeof TaskBody>, unknown>(c);
        const s = await subjectOf(ctx, kind);
        return json(201, await scoped(() => app.addTask(toActor(ctx.actor), s, ctx.body)));
      },
    }),
    route<z.infer<typeof TaskOutcomeBody>>({
      method: 'POST',
      path: `${base}/tasks/{taskId}/outcome`,
      kind: 'api',
      roles: SECRETARY,
      summary: "Record a task's outcome (it leaves the reminders)",
      tag,
      body: TaskOutcomeBody,
      response: TaskOut,
      async handler(c) {
        const ctx = authed<z.infer<typeof TaskOutcomeBody>, unknown>(c);
        const s = await subjectOf(ctx, kind);
        const taskId = String((ctx.params as Params).taskId);
        return json(200, await scoped(() => app.recordTaskOutcome(toActor(ctx.actor), s, taskId, ctx.body)));
      },
    }),
  ];
}

export const poolApiRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/pool',
    kind: 'api',
    roles: READERS,
    summary: "The cell's pool of outstanding people (not Party records), with helpers and tasks",
    tag: 'pool',
    response: z.object({ items: z.array(PoolPersonOut) }),
    async handler(c) {
      const ctx = authed(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      return json(200, { items: await scoped(() => app.listPool(toActor(ctx.actor), cellId)) });
    },
  }),
  route<z.infer<typeof PoolEntryBody>>({
    method: 'POST',
    path: '/api/cells/{cellId}/pool',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Record an outstanding person a member found (official members only introduce)',
    tag: 'pool',
    body: PoolEntryBody,
    response: PoolPersonOut,
    async handler(c) {
      const ctx = authed<z.infer<typeof PoolEntryBody>, unknown>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const p = await scoped(() => app.addToPool(toActor(ctx.actor), cellId, ctx.body));
      return json(201, p, { location: `/api/cells/${cellId}/pool/${p.personId}` });
    },
  }),
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/pool/{personId}',
    kind: 'api',
    roles: READERS,
    summary: 'A pooled person with helper and tasks',
    tag: 'pool',
    response: PoolPersonOut,
    async handler(c) {
      const ctx = authed(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const id = String(ctx.params.personId);
      return json(200, await scoped(() => app.getPoolPerson(toActor(ctx.actor), cellId, id)));
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/cells/{cellId}/pool/{personId}',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Remove a person from the pool: their data and tasks are deleted',
    tag: 'pool',
    async handler(c) {
      const ctx = authed(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const id = String(ctx.params.personId);
      await scoped(() => app.removeFromPool(toActor(ctx.actor), cellId, id));
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    },
  }),
  ...supportRoutes('pool', '/api/cells/{cellId}/pool/{personId}'),
  route({
    method: 'GET',
    path: '/api/candidates/{id}/support',
    kind: 'api',
    roles: READERS,
    summary: "A candidate's helper and tasks",
    tag: 'steps',
    response: z.object({ helper: Member.optional(), tasks: z.array(TaskOut) }),
    async handler(c) {
      const ctx = authed(c);
      const id = String(ctx.params.id);
      await loadCandidate(ctx.actor, id);
      return json(200, await scoped(() => app.candidateSupport(toActor(ctx.actor), id)));
    },
  }),
  ...supportRoutes('candidate', '/api/candidates/{id}'),
  route<unknown, z.infer<typeof PeriodQuery>>({
    method: 'GET',
    path: '/api/cells/{cellId}/introductions',
    kind: 'api',
    roles: READERS,
    summary: 'Which official members introduced someone in a period (default: this month)',
    tag: 'targets',
    query: PeriodQuery,
    async handler(c) {
      const ctx = authed<unknown, z.infer<typeof PeriodQuery>>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const period = ctx.query.period ?? todayVn().slice(0, 7);
      const v = await scoped(() => app.memberIntroductions(toActor(ctx.actor), cellId, period));
      const row = (r: { member: { memberId: string; fullName: string }; count: number }) => ({
        memberId: r.member.memberId,
        fullName: r.member.fullName,
        count: r.count,
      });
      return json(200, {
        period: v.period,
        perMember: v.perMember,
        target: v.target,
        total: v.total,
        introduced: v.introduced.map(row),
        notYet: v.notYet.map(row),
        probationary: v.probationary.length,
      });
    },
  }),
  route<unknown, z.infer<typeof YearQuery>>({
    method: 'GET',
    path: '/api/cells/{cellId}/pipeline',
    kind: 'api',
    roles: READERS,
    summary: 'Pool → course → dossiers sent up → admitted, against the year and each month (counters)',
    tag: 'targets',
    query: YearQuery,
    async handler(c) {
      const ctx = authed<unknown, z.infer<typeof YearQuery>>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const year = ctx.query.year ?? todayVn().slice(0, 4);
      return json(200, await scoped(() => app.pipeline(toActor(ctx.actor), cellId, year)));
    },
  }),
];
