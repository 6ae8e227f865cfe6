// The pool's pages: the cell's pool with the form to record a person, a person's page (helper, tasks, send to
// the course, remove), and the helper/tasks forms of a candidate's page.
import type * as z from 'zod';
import type { Subject } from '../../adapters/pool.ts';
import { getCells, listMembers, type MemberInfo } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { PoolPersonView } from '../../app/pool.ts';
import type { HttpError } from '../http.ts';
import { h, type Raw } from '../http.ts';
import { fmtDate, todayVn } from '../lang.ts';
import { loadCandidate, pickCell, scoped, toActor } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import { csrfField, dayOf, errorBox, type FormValues, field, page, select, val } from './common.ts';
import { isSecretary, postForm, READERS, savedNotice, supportBlock, supportForms } from './support.ts';

const personPath = (p: { cellId: string; personId: string }) => `/cells/${p.cellId}/pool/${p.personId}`;

function addForm(ctx: AuthedContext, cellId: string, members: MemberInfo[], v: FormValues): Raw {
  const t = ctx.t;
  const today = todayVn();
  const official = members.filter((m) => m.status === 'official');
  const probationary = members.length - official.length;
  return h`<section class="card" aria-labelledby="h-add"><h2 id="h-add">${t('pool.add')}</h2>
<form method="post" action="/pool?cellId=${cellId}" novalidate>${csrfField(ctx)}
<input type="hidden" name="requestId" value="${val(v, 'requestId') ?? crypto.randomUUID()}">
${field('fullName', t('pool.fullName'), { required: true, value: val(v, 'fullName'), autocomplete: 'off' })}
${field('birthDate', t('pool.birthDate'), { type: 'date', required: true, value: val(v, 'birthDate'), max: today })}
${field('workplace', t('pool.workplace'), { required: true, value: val(v, 'workplace') })}
${select(
  'foundByMemberId',
  t('pool.foundBy'),
  [{ value: '', label: '—' }, ...official.map((m) => ({ value: m.memberId, label: m.fullName }))],
  val(v, 'foundByMemberId'),
  true,
)}
<p class="muted" id="probationary-note">${t('pool.probationaryNote', { n: probationary })}</p>
${field('introducedOn', t('pool.introducedOn'), { type: 'date', required: true, value: val(v, 'introducedOn') ?? today, max: today })}
<div><button type="submit">${t('pool.add')}</button></div></form></section>`;
}

function poolTable(ctx: AuthedContext, people: PoolPersonView[]): Raw {
  const t = ctx.t;
  if (!people.length) return h`<p>${t('pool.empty')}</p>`;
  return h`<p>${t('pool.count', { n: people.length })}</p><div class="table-wrap"><table id="pool-table"><thead><tr>
<th scope="col">${t('pool.fullName')}</th><th scope="col">${t('pool.foundBy')}</th><th scope="col">${t('pool.helper')}</th><th scope="col">${t('pool.openTasks')}</th></tr></thead>
<tbody>${people.map((p) => {
    const open = p.tasks.filter((x) => x.outcome === 'open');
    return h`<tr><th scope="row"><a href="${personPath(p)}">${p.fullName}</a><br><span class="muted">${p.workplace}</span></th><td>${p.foundBy.fullName}<br><span class="muted">${fmtDate(p.introducedOn)}</span></td><td>${p.helper?.fullName ?? t('pool.noHelper')}</td><td>${open.length ? open.map((x) => h`${x.title} (${fmtDate(x.dueOn)})<br>`) : '—'}</td></tr>`;
  })}</tbody></table></div>`;
}

async function poolPage(ctx: AuthedContext, cellId: string, v: FormValues, err?: HttpError) {
  const t = ctx.t;
  const [people, members, cells] = await Promise.all([
    scoped(() => app.listPool(toActor(ctx.actor), cellId)),
    listMembers(cellId),
    getCells(ctx.actor.cellIds),
  ]);
  const removed = ctx.c.req.query('removed') === '1';
  const body = h`${removed ? h`<p class="ok" role="status">${t('pool.removed')}</p>` : ''}${errorBox(ctx, err)}
<p>${t('pool.intro')}</p>
${
  cells.length > 1
    ? h`<form method="get" action="/pool">${select(
        'cellId',
        t('home.cell'),
        cells.map((x) => ({ value: x.cellId, label: x.name })),
        cellId,
      )}<button type="submit">${t('list.filter')}</button></form>`
    : ''
}
<section class="card" aria-labelledby="h-pool"><h2 id="h-pool">${t('pool.title')}</h2>${poolTable(ctx, people)}</section>
${isSecretary(ctx) ? addForm(ctx, cellId, members, v) : ''}`;
  return page(ctx, t('pool.title'), body, { status: err ? err.status : 200 });
}

const poolListRoute = route<unknown, z.infer<typeof S.CellQuery>>({
  method: 'GET',
  path: '/pool',
  kind: 'page',
  roles: READERS,
  summary: "The cell's pool of outstanding people",
  query: S.CellQuery,
  async handler(c) {
    const ctx = c as AuthedContext<unknown, z.infer<typeof S.CellQuery>>;
    return poolPage(ctx, pickCell(ctx.actor, ctx.query.cellId), {});
  },
});

const poolAddRoute = postForm({
  path: '/pool',
  summary: 'Form: record an outstanding person in the pool',
  subject: async (ctx) => ({
    kind: 'pool',
    cellId: pickCell(ctx.actor, ctx.c.req.query('cellId') || val(ctx.form, 'cellId')),
    personId: '',
  }),
  async run(ctx, s) {
    const cellId = (s as { cellId: string }).cellId;
    const p = await scoped(() =>
      app.addToPool(toActor(ctx.actor), cellId, {
        fullName: val(ctx.form, 'fullName') ?? '',
        birthDate: dayOf(val(ctx.form, 'birthDate')),
        workplace: val(ctx.form, 'workplace') ?? '',
        foundByMemberId: val(ctx.form, 'foundByMemberId') ?? '',
        introducedOn: dayOf(val(ctx.form, 'introducedOn')),
        requestId: val(ctx.form, 'requestId'),
      }),
    );
    return `${personPath(p)}?saved=added`;
  },
  rerender: (ctx, s, err) => poolPage(ctx, (s as { cellId: string }).cellId, ctx.form, err),
});

const poolSubject = async (ctx: AuthedContext): Promise<Subject> => ({
  kind: 'pool',
  cellId: pickCell(ctx.actor, ctx.params.cellId),
  personId: String(ctx.params.personId),
});

async function personPage(ctx: AuthedContext, s: Subject & { kind: 'pool' }, err?: HttpError) {
  const t = ctx.t;
  const [p, members] = await Promise.all([
    scoped(() => app.getPoolPerson(toActor(ctx.actor), s.cellId, s.personId)),
    listMembers(s.cellId),
  ]);
  const secretary = isSecretary(ctx) && ctx.actor.role === 'secretary';
  const body = h`${savedNotice(ctx)}${errorBox(ctx, err)}
<p><a href="/pool?cellId=${p.cellId}">${t('pool.back')}</a></p>
<section class="card" aria-labelledby="h-details"><h2 id="h-details">${t('pool.details')}</h2><dl>
<dt>${t('pool.fullName')}</dt><dd id="person-name">${p.fullName}</dd>
<dt>${t('pool.birthDate')}</dt><dd>${fmtDate(p.birthDate)}</dd>
<dt>${t('pool.workplace')}</dt><dd>${p.workplace}</dd>
<dt>${t('pool.foundBy')}</dt><dd>${p.foundBy.fullName} (${fmtDate(p.introducedOn)})</dd>
</dl></section>
${supportBlock(ctx, s, { helper: p.helper, tasks: p.tasks, members })}
${
  isSecretary(ctx)
    ? h`<section class="card" aria-labelledby="h-refer"><h2 id="h-refer">${t('pool.refer')}</h2><p>${t('pool.referNote')}</p>
${secretary ? h`<p><a class="button" id="refer-from-pool" href="/candidates/new?pool=${p.personId}">${t('pool.refer')}</a></p>` : ''}</section>
<section class="card" aria-labelledby="h-remove"><h2 id="h-remove">${t('pool.remove')}</h2><p>${t('pool.removeNote')}</p>
<form method="post" action="${personPath(p)}/remove">${csrfField(ctx)}
<div><input type="checkbox" id="f-confirm" name="confirm" value="1" required><label for="f-confirm">${t('pool.removeConfirm')}</label></div>
<button type="submit" class="secondary">${t('pool.remove')}</button></form></section>`
    : ''
}`;
  return page(ctx, p.fullName, body, { status: err ? err.status : 200 });
}

const personRoute = route({
  method: 'GET',
  path: '/cells/{cellId}/pool/{personId}',
  kind: 'page',
  roles: READERS,
  summary: "A pooled person's page",
  async handler(c) {
    const ctx = c as AuthedContext;
    return personPage(ctx, (await poolSubject(ctx)) as Subject & { kind: 'pool' });
  },
});

const removeRoute = postForm({
  path: '/cells/{cellId}/pool/{personId}/remove',
  summary: 'Form: remove a person from the pool (their data is deleted)',
  subject: poolSubject,
  async run(ctx, s) {
    const p = s as Subject & { kind: 'pool' };
    if (ctx.form.confirm !== '1') {
      const { HttpError } = await import('../http.ts');
      throw new HttpError(400, 'validation_failed', { message: ctx.t('pool.removeNeedsConfirm') });
    }
    await scoped(() => app.removeFromPool(toActor(ctx.actor), p.cellId, p.personId));
    return `/pool?cellId=${p.cellId}&removed=1`;
  },
  rerender: (ctx, s, err) => personPage(ctx, s as Subject & { kind: 'pool' }, err),
});

const poolSupportForms = supportForms(
  '/cells/{cellId}/pool/{personId}',
  poolSubject,
  (ctx, s, err) => personPage(ctx, s as Subject & { kind: 'pool' }, err),
  (s, saved) => `${personPath(s as Subject & { kind: 'pool' })}?saved=${saved}#support`,
);

// a candidate's helper and tasks: the block on the candidate's page posts here
const candidateSubject = async (ctx: AuthedContext): Promise<Subject> => {
  await loadCandidate(ctx.actor, String(ctx.params.id));
  return { kind: 'candidate', candidateId: String(ctx.params.id) };
};
const candidateSupportForms = supportForms(
  '/candidates/{id}',
  candidateSubject,
  async (ctx, s, err) => {
    const id = (s as { candidateId: string }).candidateId;
    const cand = await loadCandidate(ctx.actor, id);
    const [support, members] = await Promise.all([
      scoped(() => app.candidateSupport(toActor(ctx.actor), id)),
      listMembers(cand.cellId),
    ]);
    const body = h`${errorBox(ctx, err)}<p><a href="/candidates/${id}">${ctx.t('form.cancel')}</a></p>${supportBlock(ctx, s, { ...support, members })}`;
    return page(ctx, cand.fullName, body, { status: err.status });
  },
  (s, saved) => `/candidates/${(s as { candidateId: string }).candidateId}?saved=${saved}#support`,
);

/** The candidate page's block (called by the candidate page). */
export async function candidateSupportBlock(
  ctx: AuthedContext,
  candidateId: string,
  cellId: string,
): Promise<Raw> {
  const [support, members] = await Promise.all([
    app.candidateSupport(toActor(ctx.actor), candidateId),
    isSecretary(ctx) ? listMembers(cellId) : Promise.resolve([] as MemberInfo[]),
  ]);
  return h`${savedNotice(ctx)}${supportBlock(ctx, { kind: 'candidate', candidateId }, { ...support, members })}`;
}

/** The pool record a referral starts from (`/candidates/new?pool=<id>`), if any and visible. */
export async function referralFromPool(ctx: AuthedContext): Promise<PoolPersonView | undefined> {
  const id = ctx.c.req.query('pool') ?? val(ctx.form, 'poolPersonId');
  if (!id) return undefined;
  const cellId = pickCell(ctx.actor, ctx.c.req.query('cellId'));
  return scoped(() => app.getPoolPerson(toActor(ctx.actor), cellId, id));
}

/** The referral form's values prefilled from the pool record. */
export function referralDefaults(p: PoolPersonView, v: FormValues): FormValues {
  return {
    fullName: p.fullName,
    birthDate: p.birthDate,
    introducer1: p.foundBy.memberId,
    ...(p.helper && p.helper.memberId !== p.foundBy.memberId ? { introducer2: p.helper.memberId } : {}),
    ...v,
  };
}

export function referralPoolNote(ctx: AuthedContext, p: PoolPersonView): Raw {
  return h`<p class="ok" role="status" id="from-pool">${ctx.t('pool.fromPool')}</p><input type="hidden" name="poolPersonId" value="${p.personId}">`;
}

export const poolPages: AnyRoute[] = [
  poolListRoute,
  poolAddRoute,
  personRoute,
  removeRoute,
  ...poolSupportForms,
  ...candidateSupportForms,
];
