/**
 * The workflows' daily chores, run by the scheduled job with the day it was fired for: re-deliver step
 * outcomes whose SendTaskSuccess was lost, start admissions whose start was lost, and complete the
 * "end of probation" wait of every candidate whose 12 months are over. (One filtered Scan of the table: fine
 * at a cell's scale; a sparse index would take over at a province's.)
 */
import { type CandidateItem, scanStuckCandidates } from '../adapters/repository.ts';
import { deliver, startAdmission } from './engine.ts';
import { completeProbationEnd } from './steps.ts';
import { AppError, SYSTEM_ACTOR } from './types.ts';

export type ChoresResult = { redelivered: number; started: number; probationsEnded: number; errors: number };

export async function runWorkflowChores(today: string): Promise<ChoresResult> {
  const result: ChoresResult = { redelivered: 0, started: 0, probationsEnded: 0, errors: 0 };
  const todo: CandidateItem[] = await scanStuckCandidates(today);
  for (const cand of todo) {
    try {
      if (cand.callbackPending && (await deliver(cand.id, cand.callbackPending)).result === 'sent')
        result.redelivered++;
      if (cand.workflowStarted === false && cand.stage === 'AWAITING_COURSE') {
        await startAdmission(cand);
        result.started++;
      }
      if (cand.stage === 'PROBATION' && String(cand.probationEndsOn) <= today) {
        await completeProbationEnd(SYSTEM_ACTOR, cand.id, { today });
        result.probationsEnded++;
      }
    } catch (err) {
      // someone else moved the candidate first: nothing to do; anything else is counted, never fatal
      if (!(err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'WRONG_STAGE'))) {
        result.errors++;
        console.warn(JSON.stringify({ msg: 'workflow chore failed', error: (err as Error).name }));
      }
    }
  }
  return result;
}
