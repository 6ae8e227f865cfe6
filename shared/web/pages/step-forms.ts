import { candidateDeadlines, listMembers } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import { ProbationEndInput } from '../../app/schemas.ts';
import { inProbation } from '../checklist.ts';
import { h } from '../http.ts';
import { fmtDate } from '../lang.ts';
import { COMMITTEE_ROLES, SECRETARY_ROLES, toActor } from '../ops.ts';
import * as S from '../schemas.ts';
import { dayOf, field, optStr, radios, select, val } from './common.ts';
import { isSuperior, stepForm, today } from './step-form.ts';

const _SECRETARY = SECRETARY_ROLES;
const READERS = ['secretary', 'committee', 'admin'] as const;

export const courseForm = stepForm({
  action: 'course',
  titleKey: 'course.title',
  schema: S.CertificateBody,
  fields: (
    ctx,
    _c,
    v,
  ) => h`${field('certificateNo', ctx.t('course.certificateNo'), { required: true, value: val(v, 'certificateNo') })}
${field('issuedOn', ctx.t('course.issuedOn'), { type: 'date', required: true, value: val(v, 'issuedOn') ?? today(), max: today() })}
${field('issuer', ctx.t('course.issuer'), { value: val(v, 'issuer') })}`,
  toInput: (v) => ({
    certificateNo: val(v, 'certificateNo') ?? '',
    issuedOn: dayOf(val(v, 'issuedOn')),
    issuer: optStr(val(v, 'issuer')),
  }),
  call: (ctx, id, input, read) => app.recordCourseCertificate(toActor(ctx.actor), id, input, read.item),
});

export const dossierForm = stepForm({
  action: 'dossier',
  titleKey: 'submit.title',
  schema: S.DossierBody,
  fields: (ctx, _c, v) =>
    h`<p>${ctx.t('submit.note')}</p>${field('submittedOn', ctx.t('submit.date'), { type: 'date', required: true, value: val(v, 'submittedOn') ?? today(), max: today() })}`,
  toInput: (v) => ({ submittedOn: dayOf(val(v, 'submittedOn')) }),
  async call(ctx, id, input) {
    const r = await app.submitDossier(toActor(ctx.actor), id, input);
    if (!r.accepted) {
      const { AppError } = await import('../../app/types.ts');
      throw new AppError(
        'BLOCKED',
        {
          vi: r.findings.map((f) => f.message.vi).join(' '),
          en: r.findings.map((f) => f.message.en).join(' '),
        },
        { issues: r.findings.map((f) => ({ path: f.formCode ?? '', message: f.message })) },
      );
    }
    return r;
  },
});

export const appraisalForm = stepForm({
  action: 'appraisal',
  titleKey: 'appraisal.title',
  schema: S.AppraisalBody,
  roles: READERS,
  fields: (ctx, cand, v) => {
    const t = ctx.t;
    const min = cand.cellVote?.meetingOn;
    return h`<p>${t('appraisal.note')}</p>
${field('appraisedOn', t('appraisal.date'), { type: 'date', required: true, value: val(v, 'appraisedOn') ?? today(), max: today(), ...(min ? { min } : {}) })}
${field('reportNo', `${t('appraisal.reportNo')} (7-KNĐ)`, { value: val(v, 'reportNo') })}
${radios(
  'opinion',
  t('appraisal.opinion'),
  [
    { value: 'agree', label: t('appraisal.agree') },
    { value: 'disagree', label: t('appraisal.disagree') },
  ],
  val(v, 'opinion') ?? 'agree',
)}`;
  },
  toInput: (v) => ({
    appraisedOn: dayOf(val(v, 'appraisedOn')),
    reportNo: optStr(val(v, 'reportNo')),
    opinion: val(v, 'opinion'),
  }),
  call: (ctx, id, input, read) => app.recordAppraisal(toActor(ctx.actor), id, input, read.item),
});

// the competent committee's decision; after three recognition rounds without 2/3, the superior committee's
// (recognise or remove the name: the service refuses "return" there)
export const decisionForm = stepForm({
  action: 'decision',
  titleKey: (cand) => (isSuperior(cand) ? 'superior.title' : 'decision.title'),
  schema: S.DecisionBody,
  fields: (ctx, cand, v) => {
    const t = ctx.t;
    const options = isSuperior(cand)
      ? [
          { value: 'approve', label: t('superior.recognise') },
          { value: 'refuse', label: t('superior.remove') },
        ]
      : [
          { value: 'approve', label: t('decision.outcome.admitted') },
          { value: 'refuse', label: t('decision.outcome.refused') },
          { value: 'return', label: t('approval.return') },
        ];
    return h`${isSuperior(cand) ? h`<p>${t('superior.note', { rounds: cand.recognitionRounds?.length ?? 0 })}</p>` : ''}
${radios('decision', t('decision.outcome'), options, val(v, 'decision') ?? 'approve')}
${field('decisionNo', t('decision.number'), { value: val(v, 'decisionNo') })}
${field('decidedOn', t('decision.date'), { type: 'date', required: true, value: val(v, 'decidedOn') ?? today(), max: today() })}
${isSuperior(cand) ? '' : h`<p class="muted">${t('decision.afterNote')}</p>`}
<label for="f-note">${t('refer.note')}</label><textarea id="f-note" name="note" rows="3">${val(v, 'note') ?? ''}</textarea>`;
  },
  toInput: (v) => ({
    decision: val(v, 'decision'),
    decidedOn: dayOf(val(v, 'decidedOn')),
    decisionNo: optStr(val(v, 'decisionNo')),
    note: optStr(val(v, 'note')),
  }),
  call: (ctx, id, input, read) => app.recordDecision(toActor(ctx.actor), id, input, read.item),
  roles: COMMITTEE_ROLES,
});

export const ceremonyForm = stepForm({
  action: 'ceremony',
  titleKey: 'ceremony.title',
  schema: S.CeremonyBody,
  extra: (cand) => listMembers(cand.cellId),
  fields: (ctx, _c, v, extra) => {
    const t = ctx.t;
    const members = (extra as Awaited<ReturnType<typeof listMembers>>).filter(
      (m) => m.status !== 'probationary',
    );
    return h`${field('heldOn', t('ceremony.date'), { type: 'date', required: true, value: val(v, 'heldOn') ?? today(), max: today() })}
${select('helperMemberId', t('ceremony.helper'), [{ value: '', label: '—' }, ...members.map((m) => ({ value: m.memberId, label: m.fullName }))], val(v, 'helperMemberId'))}`;
  },
  toInput: (v) => ({ heldOn: dayOf(val(v, 'heldOn')), helperMemberId: optStr(val(v, 'helperMemberId')) }),
  call: (ctx, id, input, read) => app.recordCeremony(toActor(ctx.actor), id, input, read.item),
});

// ---- probation ----------------------------------------------------------------------------------------------

type Deadlines = Awaited<ReturnType<typeof candidateDeadlines>>;
const dueOf = (extra: unknown, kind: string) =>
  (extra as Deadlines).find((d) => d.kind === kind && d.status === 'open')?.dueOn;

export const biographyForm = stepForm({
  action: 'biography',
  titleKey: 'biography.title',
  schema: S.BiographyBody,
  extra: (cand) => candidateDeadlines(cand.id),
  fields: (ctx, cand, v, extra) => {
    const t = ctx.t;
    const due = dueOf(extra, 'biography');
    return h`<p>${t('biography.note', { ceremonyOn: fmtDate(cand.ceremonyOn ?? '') })}${due ? h` ${t('form.due', { due: fmtDate(due) })}` : ''}</p>
${field('submittedOn', t('biography.submittedOn'), { type: 'date', required: true, value: val(v, 'submittedOn') ?? today(), max: today(), ...(cand.ceremonyOn ? { min: cand.ceremonyOn } : {}) })}`;
  },
  toInput: (v) => ({ submittedOn: dayOf(val(v, 'submittedOn')) }),
  call: (ctx, id, input, read) => app.recordBiography(toActor(ctx.actor), id, input, read.item),
});

export const newMemberCourseForm = stepForm({
  action: 'new-member-course',
  titleKey: 'newMemberCourse.title',
  schema: S.CertificateBody,
  extra: (cand) => candidateDeadlines(cand.id),
  fields: (ctx, cand, v, extra) => {
    const t = ctx.t;
    const due = dueOf(extra, 'newMemberCourse');
    return h`<p>${t('newMemberCourse.note')}${due ? h` ${t('form.due', { due: fmtDate(due) })}` : ''}</p>
${field('certificateNo', t('course.certificateNo'), { required: true, value: val(v, 'certificateNo') })}
${field('issuedOn', t('course.issuedOn'), { type: 'date', required: true, value: val(v, 'issuedOn') ?? today(), max: today(), ...(cand.ceremonyOn ? { min: cand.ceremonyOn } : {}) })}
${field('issuer', t('course.issuer'), { value: val(v, 'issuer') })}`;
  },
  toInput: (v) => ({
    certificateNo: val(v, 'certificateNo') ?? '',
    issuedOn: dayOf(val(v, 'issuedOn')),
    issuer: optStr(val(v, 'issuer')),
  }),
  call: (ctx, id, input, read) => app.recordNewMemberCourse(toActor(ctx.actor), id, input, read.item),
});

// the end of the 12 months is the server's day reaching probationEndsOn; the secretary only confirms it
export const probationEndForm = stepForm({
  action: 'probation-end',
  titleKey: 'probationEnd.title',
  schema: ProbationEndInput,
  submitKey: 'probationEnd.submit',
  fields: (ctx, cand) => {
    const t = ctx.t;
    const end = cand.probationEndsOn ?? '';
    return h`<dl>
<dt>${t('cand.ceremonyOn')}</dt><dd>${fmtDate(cand.ceremonyOn ?? '')}</dd>
<dt>${t('cand.probationEndsOn')}</dt><dd id="probation-ends-on">${fmtDate(end)}</dd>
</dl>
<p>${end && today() >= end ? t('probationEnd.note') : t('probationEnd.notYet', { date: fmtDate(end) })}</p>`;
  },
  toInput: () => ({ today: today() }),
  call: (ctx, id, input, read) => app.completeProbationEnd(toActor(ctx.actor), id, input, read.item),
});

export const withdrawForm = stepForm({
  action: 'withdraw',
  titleKey: (cand) => (inProbation(cand) ? 'withdraw.removeName' : 'withdraw.title'),
  schema: S.WithdrawBody,
  fields: (
    ctx,
    _c,
    v,
  ) => h`${field('on', ctx.t(inProbation(_c) ? 'withdraw.removeDate' : 'withdraw.date'), { type: 'date', required: true, value: val(v, 'on') ?? today(), max: today() })}
<label for="f-reason">${ctx.t('withdraw.reason')}</label><textarea id="f-reason" name="reason" rows="3" required>${val(v, 'reason') ?? ''}</textarea>`,
  toInput: (v) => ({ on: dayOf(val(v, 'on')), reason: val(v, 'reason') ?? '' }),
  call: (ctx, id, input, read) => app.withdraw(toActor(ctx.actor), id, input, read.item),
});
