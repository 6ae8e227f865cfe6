/**
 * The workflows' daily chores, run by the scheduled job with the day it was fired for: re-deliver step
 * outcomes whose SendTaskSuccess was lost, start admissions whose start was lost, and complete the
 * "end of probation" wait of every candidate whose 12 months are over.
 *
 * They read only what needs doing (access pattern 18): one Query of GSI3's sparse CHORE partition, where a
 * candidate item sits while an outcome is undelivered or its admission not started, and where a small
 * `CHORE#probationEnd` item (written with the entry into probation) waits for its day; plus one BatchGet of
 * those candidates. The table's size does not matter. A chore whose candidate has moved on is taken out of
 * the index when it is met (self-cleaning).
 */
import { log } from '../adapters/observability.ts';
import { type Chore, listChores, retireChore } from '../adapters/repository.ts';
import { deliver, nudgeStart } from './engine.ts';
import { completeProbationEnd } from './steps.ts';
import { AppError, SYSTEM_ACTOR } from './types.ts';

export type ChoresResult = {
  redelivered: number;
  started: number;
  probationsEnded: number;
  errors: number;
  /** chores found (index entries due) */
  chores: number;
  /** items DynamoDB read to find them (the chores, and the candidates of the dated ones) */
  itemsRead: number;
};

export async function runWorkflowChores(today: string): Promise<ChoresResult> {
  const { chores, itemsRead } = await listChores(today);
  const result: ChoresResult = {
    redelivered: 0,
    started: 0,
    probationsEnded: 0,
    errors: 0,
    chores: chores.length,
    itemsRead,
  };
  // one pass per candidate, whichever of its chores brought it here
  const byCandidate = new Map<string, Chore[]>();
  for (const c of chores) byCandidate.set(c.candidateId, [...(byCandidate.get(c.candidateId) ?? []), c]);
  for (const list of byCandidate.values()) {
    const cand = list.find((c) => c.kind !== 'now')?.cand ?? list[0]?.cand;
    try {
      let nothingLeft = true;
      if (cand?.callbackPending) {
        nothingLeft = false; // delivering it takes the candidate out of the index
        if ((await deliver(cand.id, cand.callbackPending)).result === 'sent') result.redelivered++;
      }
      if (cand?.workflowStarted === false) {
        nothingLeft = false; // the mark (now, or by the first wait of what starts) takes it out of the index
        if ((await nudgeStart(cand)) === 'started') result.started++;
      }
      let inProbation = cand?.stage === 'PROBATION';
      if (cand && inProbation && String(cand.probationEndsOn) <= today) {
        await completeProbationEnd(SYSTEM_ACTOR, cand.id, { today });
        result.probationsEnded++;
        inProbation = false;
      }
      for (const chore of list) {
        // the candidate item leaves the index once nothing is left to nudge; a dated chore once its
        // candidate has left the stage it was for (done, or moved on otherwise)
        if (chore.kind === 'now' ? nothingLeft : !inProbation) await retireChore(chore);
      }
    } catch (err) {
      // someone else moved the candidate first: nothing to do; anything else is counted, never fatal
      if (!(err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'WRONG_STAGE'))) {
        result.errors++;
        log.warn('workflow chore failed', { error: (err as Error).name });
      }
    }
  }
  return result;
}
