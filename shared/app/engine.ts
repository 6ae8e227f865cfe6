/**
 * The seam between the application services and the workflows: a human step is completed by ONE transaction
 * (repository.commitStageChange) and then by SendTaskSuccess with the token the workflow stored. A crash in
 * between is recovered three ways: the next wf-await finds the recorded outcome itself, `deliver` is retried
 * before every later mutation of the candidate, and `resumePendingCallbacks` (daily job) re-sends.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { completeTask } from '../adapters/callbacks.ts';
import { clients, config } from '../adapters/clients.ts';
import {
  type CallbackPending,
  type CandidateItem,
  clearCallbackPending,
  commitStageChange,
  getCandidateItem,
  isConditionalFailure,
  openDeadlines,
  type StageChange,
  scanStuckCandidates,
  update,
} from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import { msg } from './model.ts';
import { AppError } from './types.ts';

/** Send the outcome to the waiting task if the workflow is already waiting at that cursor. */
export async function deliver(candidateId: string, pending: CallbackPending): Promise<'sent' | 'later'> {
  const cand = await getCandidateItem(candidateId);
  if (!cand?.callbackPending || cand.callbackPending.cursor !== pending.cursor) return 'sent';
  const aw = cand.awaiting;
  // not there yet: the task that stores the next token finds STEP#<cursor> and completes itself
  if (!aw || aw.cursor !== pending.cursor) return 'later';
  try {
    await completeTask(aw.token, pending.output);
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'callback delivery deferred', error: (err as Error).name }));
    return 'later';
  }
  await clearCallbackPending(candidateId, pending.cursor);
  return 'sent';
}

/** Commit a stage change (closing only the deadlines that are open), then deliver its outcome. */
export async function advance(change: StageChange): Promise<CandidateItem> {
  if (change.cand.callbackPending) await deliver(change.cand.id, change.cand.callbackPending);
  const open = new Set((await openDeadlines(change.cand.id)).map((d) => String(d.kind)));
  const closeDeadlines = (change.closeDeadlines ?? []).filter((k) => open.has(k));
  let pending: CallbackPending;
  try {
    pending = await commitStageChange({ ...change, closeDeadlines });
  } catch (err) {
    if (isConditionalFailure(err)) {
      throw new AppError(
        'CONFLICT',
        msg(
          'Hồ sơ vừa được cập nhật bởi người khác; hãy tải lại',
          'Someone else changed this candidate; reload',
        ),
        undefined,
        { cause: err },
      );
    }
    throw err;
  }
  await deliver(change.cand.id, pending);
  const after = await getCandidateItem(change.cand.id);
  if (!after) throw new Error('candidate vanished after commit');
  return after;
}

/** Start the admission execution of a candidate (idempotent: the execution name is the candidate id). */
export async function startAdmission(cand: { id: string; cellId: string }): Promise<void> {
  try {
    await clients().sfn.send(
      new StartExecutionCommand({
        stateMachineArn: config().admissionArn,
        name: cand.id,
        input: JSON.stringify({
          candidateId: cand.id,
          cellId: cand.cellId,
          wf: { cursor: 0, outcome: 'start' },
        }),
      }),
    );
  } catch (err) {
    if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
  }
  try {
    await update({
      Key: keys.candidate(cand.id),
      UpdateExpression: 'SET workflowStarted = :t',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':t': true },
    });
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
  }
}

/**
 * Re-deliver outcomes committed but not confirmed sent, and start admissions whose start was lost (a crash
 * between the referral's commit and StartExecution). Run by the daily job; safe to run any time.
 */
export async function resumePendingCallbacks(candidateId?: string): Promise<number> {
  const stuck = candidateId
    ? [await getCandidateItem(candidateId)].filter((c): c is CandidateItem => Boolean(c))
    : await scanStuckCandidates();
  let nudged = 0;
  for (const cand of stuck) {
    if (cand.callbackPending && (await deliver(cand.id, cand.callbackPending)) === 'sent') nudged++;
    if (cand.workflowStarted === false && cand.stage === 'AWAITING_COURSE') {
      await startAdmission(cand);
      nudged++;
    }
  }
  return nudged;
}
