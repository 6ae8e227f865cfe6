/**
 * What the workflow task functions (functions/wf-*.ts) do. Inputs are parsed with zod; the task token is
 * stored on the candidate item and nowhere else (never logged, never returned).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { CONTINUE_AFTER_DAYS, ERRORS } from '../../workflows/constants.ts';
import { completeTask, failTask } from '../adapters/callbacks.ts';
import { startExecution } from '../adapters/executions.ts';
import { type MailSent, recordMailSent, txMailClaim, txMailSent } from '../adapters/mailer.ts';
import {
  type CandidateItem,
  clearCallbackPending,
  eventItem,
  getCandidateItem,
  getItem,
  getItems,
  type Item,
  isConditionalFailure,
  put,
  recordEventOnce,
  storeAwaiting,
  transact,
  txPut,
  txUpdate,
} from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import { quorumRequired } from '../domain/committee.ts';
import { rulesetById } from '../domain/ruleset.ts';
import type { CellItem } from './candidates.ts';
import { planRound, type RoundItem, readForRound } from './committee.ts';
import { notifyOutcome, recipients, requestMail, send } from './committee-mail.ts';
import { createApprovalLink, linkUrl, openRoundWithLinks } from './links.ts';
import { msg } from './model.ts';
import { AppError } from './types.ts';

const machine = z.enum(['admission', 'probation']);

/** The mails marked sent in the transaction of the notification's event (it holds up to 100 items). */
const MAILS_MARKED_WITH_EVENT = 90;

// ---- wf-await -------------------------------------------------------------------------------------------

export const AwaitInput = z.object({
  token: z.string().min(1),
  candidateId: z.string().min(1),
  machine,
  step: z.string().min(1),
  cursor: z.number().int().min(0),
  startedAt: z.string().min(1),
});

/**
 * Store the token of a human step beside the candidate. If the outcome of this step was recorded first (the
 * app was quicker than the workflow, or a crash came between the app's commit and its SendTaskSuccess), the
 * task completes itself with it. An execution that has lived too long hands the stage to a fresh one.
 */
export async function awaitStep(raw: unknown, now: Date = new Date()): Promise<void> {
  const input = AwaitInput.parse(raw);
  const age = (now.getTime() - Date.parse(input.startedAt)) / 86_400_000;
  if (age > CONTINUE_AFTER_DAYS) {
    await failTask(
      input.token,
      ERRORS.continueAsNew,
      'The execution is old; the stage continues in a new one.',
    );
    return;
  }
  const stored = await storeAwaiting(input.candidateId, {
    step: input.step,
    cursor: input.cursor,
    token: input.token,
    machine: input.machine,
    since: now.toISOString(),
  });
  if (stored === 'refused') {
    await failTask(input.token, ERRORS.permanent, 'No candidate for this task, or a newer task is waiting.');
    return;
  }
  // written after the token: whichever of the app and this task comes second sees the other's write. The
  // outcome at `cursor` is committed with the candidate's cursor moved past it (one transaction), so the item
  // as this write found it says whether there is one to read
  if (stored === 'stored') return;
  const recorded = await getItem<Item>(keys.step(input.candidateId, input.cursor));
  if (!recorded) return;
  const output = recorded.output as { outcome: string };
  if (recorded.step !== input.step && output.outcome !== 'withdrawn') {
    await failTask(input.token, ERRORS.permanent, 'The recorded step does not match the waiting step.');
    return;
  }
  await completeTask(input.token, output);
  await clearCallbackPending(input.candidateId, input.cursor);
}

// ---- wf-record ------------------------------------------------------------------------------------------

export const RecordInput = z.object({
  candidateId: z.string().min(1),
  event: z.enum(['admissionStarted', 'workflowFailed', 'probationFinished']),
  machine,
  error: z.string().max(200).optional(),
});

/** Record a workflow event on the timeline (once for the start and the finish; every failure). */
export async function recordWorkflowEvent(raw: unknown): Promise<void> {
  const input = RecordInput.parse(raw);
  const at = new Date().toISOString();
  const event = eventItem(
    input.candidateId,
    {
      at,
      type: input.event,
      actorId: 'system',
      details: { machine: input.machine, ...(input.error ? { error: input.error } : {}) },
    },
    `wf-${input.event}`,
  );
  if (input.event === 'workflowFailed') {
    await put(event);
    return;
  }
  const flag = input.event === 'admissionStarted' ? 'admissionStartedAt' : 'probationFinishedAt';
  try {
    await transact([
      txUpdate({
        Key: keys.candidate(input.candidateId),
        // the official member's last outcome was delivered (the execution is past it): its marker and the
        // candidate's place in the chores' index go with this write (no wait comes after to clear them)
        UpdateExpression: `SET ${flag} = :at${input.event === 'probationFinished' ? ' REMOVE callbackPending, GSI3PK, GSI3SK' : ''}`,
        ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(${flag})`,
        ExpressionAttributeValues: { ':at': at },
      }),
      txPut(event),
    ]);
  } catch (err) {
    if (!isConditionalFailure(err)) throw err; // already recorded: a retry
  }
}

// ---- wf-continue ----------------------------------------------------------------------------------------

export const ContinueInput = z.object({
  candidateId: z.string().min(1),
  cellId: z.string().min(1),
  machine,
  reason: z.string().min(1).max(100),
  cursor: z.number().int().min(0),
  startedAt: z.string().min(1),
});

/**
 * Start the execution that carries on: probation after the ceremony, or the same machine at the waiting
 * step after a timeout or when the execution grew old. Idempotent by execution name.
 */
export async function continueWorkflow(raw: unknown): Promise<{ started: boolean; name?: string }> {
  const input = ContinueInput.parse(raw);
  const id = input.candidateId;
  let target: 'admission' | 'probation' = input.machine;
  let resumeAt: string | null;
  let name: string;
  if (input.reason === 'admitted') {
    // the candidate and its cell come with the task (the execution's input): nothing to read
    target = 'probation';
    resumeAt = 'biography';
    name = `${id}-probation`;
  } else {
    const cand = await getCandidateItem(id);
    if (!cand) throw new AppError('NOT_FOUND', msg('app.candidateGone'));
    resumeAt = cand.awaiting?.cursor === input.cursor ? cand.awaiting.step : (cand.waitingFor ?? null);
    const h = createHash('sha256').update(`${input.startedAt}|${input.reason}`).digest('hex').slice(0, 10);
    name = `${id}-${input.machine.slice(0, 3)}-${input.cursor}-${h}`;
  }
  if (!resumeAt) return { started: false };
  const started = await startExecution(target, name, {
    candidateId: id,
    cellId: input.cellId,
    resumeAt,
    wf: { cursor: input.cursor, outcome: 'continued' },
  });
  if (started === 'exists') return { started: false, name };
  // the start of probation is on the timeline with the ceremony (steps.recordCeremony)
  if (input.reason === 'admitted') return { started: true, name };
  // StartExecution with the same name and input answers success again (AWS semantics): a marker item makes
  // the timeline record the continuation once
  const at = new Date().toISOString();
  const recorded = await recordEventOnce(
    id,
    { SK: `EXEC#${name}`, type: 'execution', at },
    {
      at,
      type: 'workflowContinued',
      actorId: 'system',
      step: resumeAt,
      details: { machine: target, reason: input.reason },
    },
    `wf-${name}`,
  );
  return { started: recorded, name };
}

// ---- wf-notify ------------------------------------------------------------------------------------------

const OutcomeInput = z.object({
  candidateId: z.string().min(1),
  /** the candidate's cell (the execution's input); a task of an execution started before it was passed has none */
  cellId: z.string().min(1).optional(),
  kind: z.literal('outcome'),
  cursor: z.number().int().min(0),
});

/**
 * Tell the cell's secretaries what the committee decided, in their language, once per secretary and step (the
 * mail key carries the cursor the decision moved the candidate to). The candidate and its cell: one BatchGetItem.
 */
export async function notifyDecided(raw: unknown): Promise<{ sent: number }> {
  const input = OutcomeInput.parse(raw);
  const candKey = keys.candidate(input.candidateId);
  const cellKey = input.cellId ? keys.cell(input.cellId) : undefined;
  const read = await getItems(cellKey ? [candKey, cellKey] : [candKey]);
  const cand = read.find((i) => i.PK === candKey.PK) as CandidateItem | undefined;
  if (!cand?.committeeOutcome) return { sent: 0 };
  // the cell read is the candidate's (otherwise notifyOutcome reads the candidate's own)
  const cell = cand.cellId === input.cellId ? read.find((i) => i.PK === cellKey?.PK) : undefined;
  return { sent: await notifyOutcome(cand, input.cursor, cell) };
}

/** wf-notify: the committee's request, or the secretaries' mail of its outcome. */
export const notifyTask = (raw: unknown): Promise<{ sent: number }> =>
  (raw as { kind?: unknown } | null)?.kind === 'outcome' ? notifyDecided(raw) : notifyCommittee(raw);

export const NotifyInput = z.object({
  candidateId: z.string().min(1),
  kind: z.enum(['passed', 'appraised', 'failed', 'resubmitted', 'recognitionEscalated']),
  cursor: z.number().int().min(0),
});

/**
 * Ask the committee for a decision: open the round (committee.ts), then one approval link and one mail per
 * member, in the member's language, sent once.
 */
export async function notifyCommittee(raw: unknown): Promise<{ sent: number }> {
  const input = NotifyInput.parse(raw);
  // the candidate with its rounds, documents and deadlines: one Query
  const read = await readForRound(input.candidateId);
  const cand = read.cand;
  if (
    !cand ||
    (cand.waitingFor !== 'decision' && cand.waitingFor !== 'superior') ||
    cand.cursor !== input.cursor
  ) {
    return { sent: 0 }; // withdrawn or already decided meanwhile: nothing to ask
  }
  const cell = await getItem<CellItem>(keys.cell(cand.cellId));
  const planned = await planRound(cand, input.kind, read, cell);
  const to = await recipients(planned.round.memberIds);
  const mailKeyOf = (approverId: string) => `decision:${cand.id}:${input.cursor}:${approverId}`;
  const mailable = planned.round.memberIds.filter((m) => to.has(m));
  // the first member's mail is claimed with the round: it is sent right after that transaction, with only
  // its text to compose in between (as between a claim of its own and the send)
  const first = mailable[0];
  let opened: { round: RoundItem; made: boolean };
  try {
    // a new round is written with the link of every member who can be mailed, in one transaction
    opened = planned.opened
      ? { round: planned.round, made: false }
      : await openRoundWithLinks(
          cand,
          planned.round,
          mailable,
          first === undefined ? [] : [txMailClaim(mailKeyOf(first))],
        );
  } catch (err) {
    // decided or withdrawn meanwhile: nothing to ask
    if (err instanceof AppError && err.code === 'WRONG_STAGE') return { sent: 0 };
    throw err;
  }
  const { round, made } = opened;
  const ruleset = rulesetById(String(cand.rulesetId));
  let sent = 0;
  let mailed = 0; // sent now, or by an earlier attempt that died before recording the event
  // the mails sent now are marked sent in the event's transaction
  const sentLater: MailSent[] = [];
  for (const approverId of round.memberIds) {
    const mailKey = mailKeyOf(approverId);
    const linkId = round.links?.[approverId];
    // a member's mail is sent after their link is remembered in the round: without one, no mail went out;
    // nor for a link of the round this attempt wrote. A link remembered is the one the mail carries.
    if (linkId && !made && (await getItem(keys.mail(mailKey)))) {
      mailed++;
      continue;
    }
    const member = to.get(approverId);
    if (!member) continue;
    let url: string;
    if (linkId) url = linkUrl(linkId);
    else {
      try {
        url = (
          await createApprovalLink(
            { candidateId: cand.id, approverId, cursor: input.cursor },
            { cand, round },
          )
        ).url;
      } catch (err) {
        // decided or withdrawn while we were mailing: nothing more to ask
        if (err instanceof AppError && err.code === 'WRONG_STAGE') break;
        throw err;
      }
    }
    const vote = cand.cellVote as
      | { yes: number; denominator: number; required?: number; passed: boolean }
      | undefined;
    const mail = requestMail(member, {
      kind: input.kind,
      cellName: String(cell?.name ?? cand.cellId),
      candidate: cand.fullName,
      url,
      round: round.round,
      dueOn: round.dueOn,
      vote: cand.waitingFor === 'decision' ? vote : undefined,
      newDocuments: round.newDocIds.length,
      quorumKey: round.rule.kind,
      required: quorumRequired(round.rule),
      voters: new Set(round.rule.voters).size,
      forbidAgainstCell: ruleset.committee.againstFailedCellVote === 'never',
    });
    // already sent: a concurrent attempt took the claim first
    const body = { text: mail.text, html: mail.html };
    const claimed = made && approverId === first;
    if ((await send(mailKey, member, mail.subject, body, sentLater, { claimed })) === 'sent') sent++;
    else mailed++;
  }
  mailed += sent;
  let marked = 0;
  if (mailed > 0) {
    // The event is recorded once per step, also when a retry finds every mail already sent (a crash between
    // the last mail and this write): a marker item guards it in the same transaction, with the mails sent
    const at = new Date().toISOString();
    const inTx = sentLater.slice(0, MAILS_MARKED_WITH_EVENT);
    const recorded = await recordEventOnce(
      cand.id,
      { SK: `NOTIFIED#${input.cursor}`, at },
      {
        at,
        type: input.kind === 'failed' ? 'reportedUp' : 'committeeNotified',
        actorId: 'system',
        details: {
          kind: input.kind,
          approvers: mailed,
          round: round.round,
          ...(round.dueOn ? { dueOn: round.dueOn } : {}),
        },
      },
      `notify-${input.cursor}`,
      inTx.map(txMailSent),
    );
    if (recorded) marked = inTx.length;
  }
  for (const s of sentLater.slice(marked)) await recordMailSent(s);
  return { sent };
}

/** Wraps a task: bad input or a missing candidate is permanent (no retry); other errors are retried. */
export function taskHandler<T>(fn: (event: unknown) => Promise<T>): (event: unknown) => Promise<T> {
  return async function handle(event) {
    try {
      return await fn(event);
    } catch (err) {
      if (err instanceof z.ZodError || err instanceof AppError) {
        const e = new Error(err instanceof AppError ? err.code : 'bad task input');
        e.name = ERRORS.permanent;
        throw e;
      }
      throw err;
    }
  };
}
