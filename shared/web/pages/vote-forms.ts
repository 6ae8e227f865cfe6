import { getCell } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { CandidateView, VoteRecord } from '../../app/types.ts';
import { requiredYes, votePasses } from '../../domain/checks/votes.ts';
import { rulesetById } from '../../domain/ruleset.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { recognitionChecklist } from '../checklist.ts';
import { HttpError, h, type Raw, raw } from '../http.ts';
import { fmtDate } from '../lang.ts';
import { scoped, toActor } from '../ops.ts';
import type { AuthedContext } from '../router.ts';
import * as S from '../schemas.ts';
import { scriptTag } from '../static/index.ts';
import { dayOf, type FormValues, field, intOf, optStr, radios, val } from './common.ts';
import { missingWarning } from './dossier-view.ts';
import { stepForm, today } from './step-form.ts';
import { meetingModeField, meetingModeOf } from './vote-mode.ts';

const VOTE_SCRIPT = scriptTag('vote.js');

/** The ruleset's pass fraction (2/3 of the official members today), from the domain. */
const fractionOf = (rulesetId: string) => rulesetById(rulesetId).vote.passFraction;

/** The figures of a cell vote (admission or recognition) with the check shown live as they are typed. */
function voteFields(
  ctx: AuthedContext,
  cand: CandidateView,
  v: FormValues,
  cell: Awaited<ReturnType<typeof getCell>>,
  o: { failKey: MessageKey; confirmKey: MessageKey; minDate?: string | undefined; before?: Raw; after?: Raw },
): Raw {
  const t = ctx.t;
  const fraction = fractionOf(cand.rulesetId);
  const official = val(v, 'officialMembers') ?? String(cell?.officialMembers ?? '');
  const typed = (val(v, 'yes') ?? '') !== '';
  const yes = Number(val(v, 'yes'));
  const den = Number(official) - Number(val(v, 'exempt') || 0);
  const known = typed && Number.isFinite(yes) && den > 0;
  const pass = known && votePasses(yes, den, fraction);
  const needed = requiredYes(den, fraction);
  return h`<div id="vote-form-fields">
${o.before ?? ''}
${field('meetingOn', t('vote.meetingDate'), { type: 'date', required: true, value: val(v, 'meetingOn') ?? today(), max: today(), ...(o.minDate ? { min: o.minDate } : {}) })}
${field('officialMembers', t('vote.officialMembers'), { type: 'number', required: true, value: official, min: '1', inputmode: 'numeric' })}
${field('exempt', t('vote.exempt'), { type: 'number', value: val(v, 'exempt') ?? '0', min: '0', inputmode: 'numeric' })}
${field('yes', t('vote.yes'), { type: 'number', required: true, value: val(v, 'yes'), min: '0', inputmode: 'numeric' })}
${field('no', t('vote.no'), { type: 'number', required: true, value: val(v, 'no'), min: '0', inputmode: 'numeric' })}
${radios(
  'form',
  t('vote.form'),
  [
    { value: 'ballot', label: t('vote.form.ballot') },
    { value: 'cards', label: t('vote.form.cards') },
  ],
  val(v, 'form') ?? 'ballot',
)}
${meetingModeField(ctx, v)}
${o.after ?? ''}
<h2>${t('vote.check')}</h2>
<p id="vote-check" role="status" aria-live="polite" class="${known ? (pass ? 'ok' : 'errors') : 'muted'}" data-num="${fraction.numerator}" data-den="${fraction.denominator}" data-pass="${t.template('vote.checkPass')}" data-fail="${t.template(o.failKey)}" data-bad="${t('vote.checkBad')}">${
    known ? t(pass ? 'vote.checkPass' : o.failKey, { yes, denominator: den, needed }) : t('vote.checkBad')
  }</p>
<div id="vote-confirm"${raw(pass ? ' hidden' : '')}><input type="checkbox" id="f-confirmFail" name="confirmFail" value="1"${raw(val(v, 'confirmFail') === '1' ? ' checked' : '')}><label for="f-confirmFail">${t(o.confirmKey)}</label></div>
</div>`;
}

/** The vote's figures as the services take them: official members less the deducted ones = denominator. */
function voteInput(v: FormValues) {
  const official = intOf(val(v, 'officialMembers'));
  const exempt = intOf(val(v, 'exempt') || '0');
  return {
    meetingOn: dayOf(val(v, 'meetingOn')),
    yes: intOf(val(v, 'yes')),
    no: intOf(val(v, 'no')),
    denominator: typeof official === 'number' && typeof exempt === 'number' ? official - exempt : official,
    form: val(v, 'form'),
    meetingMode: meetingModeOf(v),
  };
}

/**
 * A passing vote saves in one press; one that misses the ruleset's threshold is saved only with the plain
 * confirmation ticked (it is then reported up, or counts as a failed recognition round).
 */
function requireConfirmIfFailing(
  ctx: AuthedContext,
  cand: CandidateView,
  input: { yes: number; denominator?: number | undefined },
): void {
  const den = input.denominator ?? 0;
  if (votePasses(input.yes, den, fractionOf(cand.rulesetId)) || ctx.form.confirmFail === '1') return;
  throw new HttpError(400, 'validation_failed', { message: ctx.t('vote.needConfirm') });
}

export const voteForm = stepForm({
  action: 'vote',
  titleKey: 'vote.title',
  schema: S.CellVoteBody,
  extra: (cand) => getCell(cand.cellId),
  fields: (ctx, cand, v, extra) =>
    voteFields(ctx, cand, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'vote.checkFail',
      confirmKey: 'vote.failConfirm',
      after: h`${field('resolutionNo', ctx.t('vote.resolutionNo'), { value: val(v, 'resolutionNo') })}<p class="muted">${ctx.t('vote.afterNote')}</p>`,
    }),
  toInput: (v) => ({ ...voteInput(v), resolutionNo: optStr(val(v, 'resolutionNo')) }),
  async call(ctx, id, input, read) {
    // the app reads the candidate with its cell in one call: the form's own read is only for this check
    requireConfirmIfFailing(ctx, read.cand, input);
    return app.recordCellVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

export const recognitionForm = stepForm({
  action: 'recognition',
  titleKey: 'recognition.title',
  schema: S.RecognitionVoteBody,
  extra: (cand) => getCell(cand.cellId),
  fields: async (ctx, cand, v, extra) => {
    const t = ctx.t;
    // documents the ruleset needs before the vote and not uploaded: a warning, not a refusal (see README)
    const docs = await scoped(() => app.listDocuments(toActor(ctx.actor), cand.id));
    const warning = missingWarning(ctx, recognitionChecklist(cand, docs));
    const rounds: VoteRecord[] = cand.recognitionRounds ?? [];
    const max = rulesetById(cand.rulesetId).recognition.maxRounds;
    const end = cand.probationEndsOn;
    const before = h`${warning}<p>${t('recognition.round', { round: rounds.length + 1, max })}${end ? h` · ${t('cand.probationEndsOn')}: ${fmtDate(end)}` : ''}</p>
${
  rounds.length
    ? h`<p>${t('recognition.previous')}</p><ul>${rounds.map((r) => h`<li>${fmtDate(r.meetingOn)}: ${r.yes}/${r.denominator}</li>`)}</ul>`
    : ''
}
${radios(
  'motion',
  t('recognition.motion'),
  [
    { value: 'recognise', label: t('recognition.motion.recognise') },
    { value: 'remove', label: t('recognition.motion.remove') },
  ],
  val(v, 'motion') ?? 'recognise',
)}`;
    return voteFields(ctx, cand, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'recognition.checkFail',
      confirmKey: 'vote.failConfirmRecognition',
      minDate: end,
      before,
    });
  },
  toInput: (v) => ({ ...voteInput(v), motion: val(v, 'motion') }),
  async call(ctx, id, input, read) {
    // the app reads the candidate with its cell in one call: the form's own read is only for this check
    requireConfirmIfFailing(ctx, read.cand, input);
    return app.recordRecognitionVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

// in probation, withdrawing is the removal of the name (xóa tên), as the service records it
