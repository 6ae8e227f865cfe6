/**
 * The competent committee's decision (step `decision`), or the superior committee's after three recognition
 * rounds without 2/3 (step `superior`: approve = recognised, refuse = name removed).
 *
 * It is recorded either by the committee's quorum over the members' link answers (committee.ts passes the
 * outcome with every comment of the round), or in the app by a member recording the meeting's decision. Either
 * way the candidate keeps `committeeOutcome` (what was decided, by which round, every comment, and after a
 * return the resubmission deadline), which the secretary's page shows, and the secretary is mailed.
 */
import { count } from '../adapters/observability.ts';
import type { CandidateItem, StageChange } from '../adapters/repository.ts';
import { checkAnswer } from '../domain/committee.ts';
import { ceremonyDeadline, resubmissionDeadline } from '../domain/deadlines.ts';
import type { Stage as DomainStage } from '../domain/stages.ts';
import { loadCandidate, msg, toView, walk } from './model.ts';
import * as S from './schemas.ts';
import { blocked, COMMITTEE, deadline, notBefore, runStep } from './step-runner.ts';
import { type Actor, AppError, type Stage, type Step, type VoteRecord } from './types.ts';

/** One member's answer as the round keeps it and the pages show it. */
export type AnswerRecord = {
  by: string;
  decision: 'approve' | 'return' | 'refuse';
  comment?: string;
  at: string;
  late?: boolean;
};

/** What the committee decided, kept on the candidate for the secretary (banner, mail). */
export type CommitteeOutcome = {
  outcome: 'approve' | 'return' | 'refuse';
  round: number;
  decidedOn: string;
  decidedAt: string;
  /** 'quorum': the members' answers through their links; 'meeting': recorded in the app */
  via: 'quorum' | 'meeting';
  answers: AnswerRecord[];
  required?: number;
  voters?: number;
  resubmitBy?: string;
};

export async function decide(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  extra?: StageChange['extra'],
  quorum?: { round: number; answers: AnswerRecord[]; required: number; voters: number },
  /** the candidate as the caller read it in this request (scoped like `loadCandidate`) */
  from?: CandidateItem,
): Promise<CandidateItem> {
  const current = from ?? (await loadCandidate(actor, candidateId));
  const step: Step = current.waitingFor === 'superior' ? 'superior' : 'decision';
  const after = await runStep(
    actor,
    candidateId,
    raw,
    S.DecisionInput,
    step,
    COMMITTEE,
    ({ cand, input, ruleset }) => {
      const at = new Date().toISOString();
      const decision = {
        decision: input.decision,
        decidedOn: input.decidedOn,
        decisionNo: input.decisionNo,
        by: actor.userId,
      };
      const vote = cand.cellVote as VoteRecord | undefined;
      if (!quorum) {
        // recorded in the app: the same rules as one member's answer (comment; against a failed cell vote)
        const findings = checkAnswer(ruleset, {
          answer: input.decision,
          comment: input.note,
          cellVotePassed: step === 'superior' || vote?.passed !== false,
        });
        if (findings.length > 0) throw blocked(findings);
      }
      const rounds = Number(cand.committeeRounds ?? 0);
      const outcome = (resubmitBy?: string): CommitteeOutcome => ({
        outcome: input.decision,
        round: quorum?.round ?? rounds + 1,
        decidedOn: input.decidedOn,
        decidedAt: at,
        via: quorum ? 'quorum' : 'meeting',
        answers: quorum?.answers ?? [
          {
            by: actor.userId,
            decision: input.decision,
            ...(input.note ? { comment: input.note } : {}),
            at,
          },
        ],
        ...(quorum ? { required: quorum.required, voters: quorum.voters } : {}),
        ...(resubmitBy ? { resubmitBy } : {}),
      });
      const event = (type: string, stageTo: Stage) => ({
        at,
        type,
        actorId: actor.userId,
        stageFrom: cand.stage,
        stageTo,
        details: {
          decision: input.decision,
          decidedOn: input.decidedOn,
          ...(input.note ? { comment: input.note } : {}),
          ...(quorum
            ? { round: quorum.round, answers: quorum.answers.length, required: quorum.required }
            : {}),
        },
      });
      if (step === 'superior') {
        if (input.decision === 'return') {
          throw new AppError('INVALID', msg('app.superiorMotion'), { fields: ['decision'] });
        }
        const recognised = input.decision === 'approve';
        const stage: Stage = recognised ? 'OFFICIAL' : 'NAME_REMOVED';
        const domainStage = walk(cand.domainStage as DomainStage, [stage], {
          reason: input.note ?? 'superior',
        });
        return {
          output: { outcome: recognised ? 'recognised' : 'removed' },
          stage,
          waitingFor: null,
          set: {
            domainStage,
            superiorDecision: decision,
            committeeOutcome: outcome(),
            ...(recognised ? { officialOn: cand.probationEndsOn } : {}),
          },
          event: event(recognised ? 'recognisedBySuperior' : 'nameRemovedBySuperior', stage),
          counters: { recognized: recognised ? 1 : 0 },
          counterDay: input.decidedOn,
          closeDeadlines: ['recognition'],
        };
      }
      notBefore(input.decidedOn, vote?.meetingOn, 'decidedOn');
      const common = { committeeRounds: rounds + 1 };
      if (input.decision === 'approve') {
        const domainStage = walk(cand.domainStage as DomainStage, ['ADMITTED']);
        return {
          output: { outcome: 'approve' },
          stage: 'AWAITING_CEREMONY',
          waitingFor: 'ceremony',
          set: { ...common, domainStage, decision, committeeOutcome: outcome() },
          event: event('admissionApproved', 'AWAITING_CEREMONY'),
          closeDeadlines: ['committeeDecision'],
          openDeadlines: [deadline('ceremony', ceremonyDeadline(input.decidedOn, ruleset), ruleset)],
        };
      }
      if (input.decision === 'return') {
        const comments = (quorum?.answers ?? [])
          .filter((a) => a.comment)
          .map((a) => a.comment)
          .join(' · ');
        const domainStage = walk(cand.domainStage as DomainStage, ['RETURNED_FOR_CHANGES'], {
          comment: input.note ?? comments,
        });
        const resubmitBy = resubmissionDeadline(input.decidedOn, ruleset);
        return {
          output: { outcome: 'return' },
          stage: 'DOSSIER',
          waitingFor: 'dossier',
          set: {
            ...common,
            domainStage,
            decision,
            returnNote: input.note ?? comments,
            committeeOutcome: outcome(resubmitBy),
          },
          event: event('returnedForChanges', 'DOSSIER'),
          closeDeadlines: ['committeeDecision'],
          openDeadlines: [deadline('resubmission', resubmitBy, ruleset)],
        };
      }
      const domainStage = walk(cand.domainStage as DomainStage, ['REFUSED'], { reason: input.note ?? '' });
      return {
        output: { outcome: 'refuse' },
        stage: 'REFUSED',
        waitingFor: null,
        set: { ...common, domainStage, decision, committeeOutcome: outcome() },
        event: event('refused', 'REFUSED'),
        closeDeadlines: ['committeeDecision'],
      };
    },
    { ...(extra ? { extra } : {}), loaded: current },
  );
  count('CommitteeDecisions', 1, { outcome: (after.committeeOutcome as CommitteeOutcome).outcome });
  // the secretary's mail of the outcome is sent by the execution after this step (workflows/admission.ts)
  return after;
}

export async function recordDecision(actor: Actor, candidateId: string, raw: unknown, from?: CandidateItem) {
  return toView(await decide(actor, candidateId, raw, undefined, undefined, from));
}
