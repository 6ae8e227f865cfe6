/**
 * The seam between the application services and the workflows: a human step is completed by ONE transaction
 * (repository.commitStageChange) and then by SendTaskSuccess with the token the workflow stored. A crash in
 * between is recovered three ways: the next wf-await finds the recorded outcome itself, `deliver` is retried
 * before every later mutation of the candidate, and `resumePendingCallbacks` (daily job) re-sends. A candidate
 * with an outcome still to deliver (or an admission not yet started) is in GSI3's CHORE partition meanwhile,
 * so the daily job finds it without reading the table.
 */

import { completeTask } from '../adapters/callbacks.ts';
import { startExecution } from '../adapters/executions.ts';
import { log } from '../adapters/observability.ts';
import {
  type CallbackPending,
  type CandidateItem,
  type Committed,
  clearCallbackPending,
  commitStageChange,
  deadlinesOpenOf,
  firstItemFailed,
  getCandidateItem,
  isConditionalFailure,
  listChores,
  markWorkflowStarted,
  openDeadlines,
  type StageChange,
} from '../adapters/repository.ts';
import { assertStagesAgree, msg } from './model.ts';
import { AppError } from './types.ts';

/**
 * Send the outcome to the waiting task if the workflow is already waiting at that cursor. `seen` is a
 * candidate item read AFTER the commit (or read now when absent): the protocol needs a read that follows the
 * commit, so that it sees a token stored meanwhile. Returns the item it decided on.
 */
export async function deliver(
  candidateId: string,
  pending: CallbackPending,
  seen?: CandidateItem,
): Promise<{ result: 'sent' | 'later'; cand: CandidateItem | undefined }> {
  const cand = seen ?? (await getCandidateItem(candidateId));
  if (!cand?.callbackPending || cand.callbackPending.cursor !== pending.cursor)
    return { result: 'sent', cand };
  const aw = cand.awaiting;
  // not there yet: the task that stores the next token finds STEP#<cursor> and completes itself
  if (!aw || aw.cursor !== pending.cursor) return { result: 'later', cand };
  if ((await tryComplete(aw.token, pending)) === 'deferred') return { result: 'later', cand };
  await clearCallbackPending(candidateId, pending.cursor);
  return { result: 'sent', cand: withoutPending(cand) };
}

/** Complete the waiting task with the outcome; a failure to reach Step Functions defers it (logged by name). */
async function tryComplete(
  token: string,
  pending: CallbackPending,
): Promise<'delivered' | 'gone' | 'deferred'> {
  try {
    return await completeTask(token, pending.output);
  } catch (err) {
    log.warn('callback delivery deferred', { error: (err as Error).name });
    return 'deferred';
  }
}

const withoutPending = (cand: CandidateItem): CandidateItem => {
  const { callbackPending: _sent, ...rest } = cand;
  return rest as CandidateItem;
};

/**
 * Commit a stage change (closing only the deadlines that are open), then deliver its outcome. The candidate in
 * `change` is the one the caller read for the step: it says which deadlines are open, and, when the workflow
 * was already waiting at this step, its token; only without one (or when that token is gone: a fresh
 * execution took the step over meanwhile) is the candidate read again after the commit.
 */
export async function advance(change: StageChange): Promise<CandidateItem> {
  const { cand } = change;
  assertStagesAgree(change.stage, change.set?.domainStage ?? cand.domainStage);
  // an earlier outcome still undelivered: the item was read just now by the caller, it will do
  if (cand.callbackPending) await deliver(cand.id, cand.callbackPending, cand);
  const wanted = change.closeDeadlines ?? [];
  let known = deadlinesOpenOf(cand);
  for (let attempt = 0; ; attempt++) {
    // an item written before the candidate kept its open deadlines: they are read (and kept from now on)
    const open =
      known ?? (wanted.length > 0 ? (await openDeadlines(cand.id)).map((d) => String(d.kind)) : undefined);
    let committed: Committed;
    try {
      committed = await commitStageChange({
        ...change,
        closeDeadlines: wanted.filter((k) => open?.includes(k)),
        ...(open ? { deadlinesOpen: open } : {}),
      });
    } catch (err) {
      if (isConditionalFailure(err)) {
        // the candidate was as read, but a deadline it lists was not: read them, once
        if (known && attempt === 0 && wanted.length > 0 && !firstItemFailed(err)) {
          known = undefined;
          continue;
        }
        throw new AppError('CONFLICT', msg('app.versionConflict'), undefined, { cause: err });
      }
      throw err;
    }
    return deliverCommitted(cand, committed);
  }
}

/**
 * Whether the workflow's next write on the candidate clears the marker of an outcome it was sent: the task of
 * the next wait stores its token and clears it in the same write (repository.storeAwaiting), and the official
 * member's record does (wf-record). After any other final stage no write follows: the sender clears it.
 */
const clearedByWorkflow = (after: CandidateItem) => after.waitingFor !== null || after.stage === 'OFFICIAL';

async function deliverCommitted(read: CandidateItem, { pending, item }: Committed): Promise<CandidateItem> {
  const aw = read.awaiting;
  if (aw && aw.cursor === pending.cursor) {
    // the workflow waited at this step when the candidate was read (a token is stored before its step can
    // be committed, and only a fresh execution replaces it): complete that task
    const sent = await tryComplete(aw.token, pending);
    if (sent === 'deferred') return item;
    if (sent === 'delivered') {
      // until then the marker stays: a crash now, or a daily job meanwhile, re-sends to a completed task,
      // which answers 'gone' and clears it
      if (clearedByWorkflow(item)) return item;
      await clearCallbackPending(read.id, pending.cursor);
      return withoutPending(item);
    }
  }
  // not there yet, or its token is gone: the token stored meanwhile, if any, is on the item read now
  const { cand: after } = await deliver(read.id, pending);
  if (!after) throw new Error('candidate vanished after commit');
  return after;
}

/**
 * Start the admission execution of a candidate (idempotent: the execution name is the candidate id). Its
 * first wait stores its token, which marks the start (`storeAwaiting`); until then the candidate stays in the
 * chores' index, and a daily job meanwhile starts nothing twice.
 */
export async function startAdmission(cand: { id: string; cellId: string }): Promise<void> {
  await startExecution('admission', cand.id, {
    candidateId: cand.id,
    cellId: cand.cellId,
    wf: { cursor: 0, outcome: 'start' },
  });
}

/**
 * Re-deliver outcomes committed but not confirmed sent, and start admissions whose start was lost (a crash
 * between the referral's commit and StartExecution). Run by the daily job; safe to run any time.
 */
export async function resumePendingCallbacks(candidateId?: string): Promise<number> {
  const stuck = candidateId
    ? [await getCandidateItem(candidateId)].filter((c): c is CandidateItem => Boolean(c))
    : (await listChores()).chores.flatMap((c) => (c.cand ? [c.cand] : []));
  let nudged = 0;
  for (const cand of stuck) {
    if (cand.callbackPending && (await deliver(cand.id, cand.callbackPending)).result === 'sent') nudged++;
    if (cand.workflowStarted === false && (await nudgeStart(cand)) === 'started') nudged++;
  }
  return nudged;
}

/**
 * A candidate whose admission is not marked as running (`workflowStarted = false`): a workflow that waits (it
 * stored a token) or recorded its start only lost the mark, which is written now; one still awaiting the course
 * has its execution started (idempotent), and its first wait marks it. Anything else has nothing to start.
 */
export async function nudgeStart(cand: CandidateItem): Promise<'marked' | 'started' | 'none'> {
  if (cand.awaiting || cand.admissionStartedAt) {
    await markWorkflowStarted(cand.id);
    return 'marked';
  }
  if (cand.stage !== 'AWAITING_COURSE') return 'none';
  await startAdmission(cand);
  return 'started';
}
