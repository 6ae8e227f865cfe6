// The referral of an outstanding candidate, with the introducers.
import type * as z from 'zod';
import { getCells, listMembers } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { PoolPersonView } from '../../app/pool.ts';
import { h } from '../http.ts';
import { pickCell, SECRETARY_ROLES, scoped, toActor } from '../ops.ts';
import * as S from '../schemas.ts';
import { csrfField, dayOf, errorBox, field, formRoutes, optStr, radios, select, val } from './common.ts';
import { referralDefaults, referralFromPool, referralPoolNote } from './pool.ts';
import { today } from './step-form.ts';

const SECRETARY = SECRETARY_ROLES;

export const referForm = formRoutes<z.infer<typeof S.ReferBody>>({
  path: '/candidates/new',
  roles: SECRETARY,
  summary: 'Form: refer a candidate',
  schema: S.ReferBody,
  async load(ctx) {
    const cells = await getCells(ctx.actor.cellIds);
    const members = await listMembers(pickCell(ctx.actor));
    return { cells, members, fromPool: await referralFromPool(ctx) };
  },
  async render(ctx, data, values, err) {
    const t = ctx.t;
    const { cells, members, fromPool } = data as {
      cells: Awaited<ReturnType<typeof getCells>>;
      members: Awaited<ReturnType<typeof listMembers>>;
      fromPool?: PoolPersonView;
    };
    // a referral from the pool starts filled in from the pool record
    const v = fromPool ? referralDefaults(fromPool, values) : values;
    const official = members.filter((m) => m.status !== 'probationary');
    const memberOpts = [
      { value: '', label: '—' },
      ...official.map((m) => ({ value: m.memberId, label: m.fullName })),
    ];
    return {
      title: t('refer.title'),
      body: h`${errorBox(ctx, err)}<form method="post" class="card" novalidate>${csrfField(ctx)}
<input type="hidden" name="requestId" value="${val(v, 'requestId') ?? crypto.randomUUID()}">
${fromPool ? referralPoolNote(ctx, fromPool) : ''}
${
  cells.length > 1
    ? select(
        'cellId',
        t('refer.cell'),
        cells.map((c) => ({ value: c.cellId, label: c.name })),
        val(v, 'cellId'),
      )
    : h`<input type="hidden" name="cellId" value="${cells[0]?.cellId ?? ''}"><p>${t('refer.cell')}: <strong>${cells[0]?.name ?? ''}</strong></p>`
}
${field('fullName', t('refer.fullName'), { required: true, value: val(v, 'fullName'), autocomplete: 'off' })}
${field('birthDate', t('refer.dateOfBirth'), { type: 'date', required: true, value: val(v, 'birthDate') })}
${field('referredOn', t('cand.referredOn'), { type: 'date', required: true, value: val(v, 'referredOn') ?? today(), max: today() })}
${radios(
  'path',
  t('refer.introducedBy'),
  [
    { value: 'union-plus-member', label: t('refer.introducedBy.union') },
    { value: 'two-members', label: t('refer.introducedBy.members') },
  ],
  val(v, 'path') ?? 'union-plus-member',
)}
<p class="muted">${t('refer.togetherHint')}</p>
${[1, 2].map(
  (n) => h`<fieldset class="introducer"><legend>${t('refer.introducer', { n })}</legend>
${select(`introducer${n}`, t('refer.introducer', { n }), memberOpts, val(v, `introducer${n}`))}
${field(`together${n}`, t('refer.togetherSince', { n }), { type: 'date', value: val(v, `together${n}`), max: today() })}</fieldset>`,
)}
<div><button type="submit">${t('form.save')}</button> <a href="/candidates">${t('form.cancel')}</a></div></form>`,
    };
  },
  toInput(v, ctx) {
    return {
      cellId: val(v, 'cellId') || ctx.actor.cellIds[0],
      fullName: val(v, 'fullName') ?? '',
      birthDate: dayOf(val(v, 'birthDate')),
      referredOn: dayOf(val(v, 'referredOn')),
      introduction: {
        path: val(v, 'path'),
        introducerMemberIds: [val(v, 'introducer1'), val(v, 'introducer2')].filter((x): x is string => !!x),
        // each chosen introducer's "together since" date, by member id
        togetherSince: Object.fromEntries(
          [1, 2].flatMap((n) => {
            const id = val(v, `introducer${n}`);
            const since = dayOf(val(v, `together${n}`));
            return id && since ? [[id, since]] : [];
          }),
        ),
      },
      requestId: optStr(val(v, 'requestId')),
      poolPersonId: optStr(val(v, 'poolPersonId')),
    };
  },
  async submit(ctx, input) {
    pickCell(ctx.actor, input.cellId);
    const cand = await scoped(() => app.referCandidate(toActor(ctx.actor), input));
    return `/candidates/${cand.id}`;
  },
});
