import * as app from '../../app/index.ts';
import type { VoteRecord } from '../../app/types.ts';
import { rulesetById } from '../../domain/ruleset.ts';
import { recognitionChecklist } from '../checklist.ts';
import { h, type Raw } from '../http.ts';
import { fmtDate } from '../lang.ts';
import '../labels.ts';
import { SECRETARY_ROLES, scoped, toActor } from '../ops.ts';
import { getCell } from '../reads.ts';
import type { AuthedContext } from '../router.ts';
import * as S from '../schemas.ts';
import { scriptTag } from '../static/index.ts';
import type { StringKey } from '../strings.ts';
import { missingWarning } from './candidate-detail.ts';
import { dayOf, type FormValues, field, intOf, optStr, radios, val } from './common.ts';
import { stepForm, today } from './step-form.ts';
import { meetingModeField, meetingModeOf } from './vote-mode.ts';

const _SECRETARY = SECRETARY_ROLES;
const _READERS = ['secretary', 'committee', 'admin'] as const;

const VOTE_SCRIPT = scriptTag('vote.js');

export function voteCheck(yes: number, den: number): { needed: number; pass: boolean } {
  return { needed: Math.ceil((den * 2) / 3), pass: yes * 3 >= den * 2 };
}

/** The figures of a cell vote (admission or recognition) with the 2/3 check shown live and before saving. */
function voteFields(
  ctx: AuthedContext,
  v: FormValues,
  cell: Awaited<ReturnType<typeof getCell>>,
  o: { failKey: StringKey; minDate?: string | undefined; before?: Raw; after?: Raw },
): Raw {
  const t = ctx.t;
  const official = val(v, 'officialMembers') ?? String(cell?.officialMembers ?? '');
  const yes = Number(val(v, 'yes'));
  const den = Number(official) - Number(val(v, 'exempt') || 0);
  const confirm = v.confirm === undefined && val(v, 'yes') !== undefined && Number.isFinite(yes) && den > 0;
  const chk = voteCheck(yes, den);
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
<p id="vote-check" role="status" aria-live="polite" class="${chk.pass ? 'ok' : 'errors'}" data-pass="${t('vote.checkPass')}" data-fail="${t(o.failKey)}" data-bad="${t('vote.checkBad')}">${
    Number.isFinite(yes) && den > 0
      ? t(chk.pass ? 'vote.checkPass' : o.failKey, { yes, denominator: den, needed: chk.needed })
      : t('vote.checkBad')
  }</p>
${confirm ? h`<input type="hidden" name="confirm" value="1">` : ''}
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

/** The 2/3 check is shown before saving: the first submit (without `confirm`) only previews. */
async function requireConfirm(ctx: AuthedContext): Promise<void> {
  if (ctx.form.confirm === '1') return;
  const { HttpError } = await import('../http.ts');
  throw new HttpError(400, 'validation_failed', {
    message:
      ctx.lang === 'vi'
        ? 'Kiểm tra kết quả 2/3 bên dưới rồi bấm Lưu để xác nhận.'
        : 'Check the 2/3 result below, then Save to confirm.',
  });
}

export const voteForm = stepForm({
  action: 'vote',
  titleKey: 'vote.title',
  schema: S.CellVoteBody,
  extra: (cand) => getCell(cand.cellId),
  fields: (ctx, _c, v, extra) =>
    voteFields(ctx, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'vote.checkFail',
      after: field('resolutionNo', `${ctx.t('decision.number')} (6-KNĐ)`, { value: val(v, 'resolutionNo') }),
    }),
  toInput: (v) => ({ ...voteInput(v), resolutionNo: optStr(val(v, 'resolutionNo')) }),
  async call(ctx, id, input) {
    await requireConfirm(ctx);
    return app.recordCellVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

// the sub-committee's appraisal (thẩm định), where the cell has one: the committee or the cell records it
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
    return voteFields(ctx, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'recognition.checkFail',
      minDate: end,
      before,
    });
  },
  toInput: (v) => ({ ...voteInput(v), motion: val(v, 'motion') }),
  async call(ctx, id, input) {
    await requireConfirm(ctx);
    return app.recordRecognitionVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

// in probation, withdrawing is the removal of the name (xóa tên), as the service records it
