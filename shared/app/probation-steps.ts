/**
 * The human steps of the probation: the party-member biography, the new-member course, the end of the 12
 * months (the app or the daily job) and the recognition vote (up to three rounds, then the superior committee).
 */
import { type CandidateItem, eventItem, txChore, txPut } from '../adapters/repository.ts';
import { checkMeetingMode } from '../domain/pool.ts';
import type { Stage as DomainStage } from '../domain/stages.ts';
import { msg, toView, walk } from './model.ts';
import { refuse } from './pool.ts';
import * as S from './schemas.ts';
import { cellVoteResult, notBefore, runStep, SECRETARY } from './step-runner.ts';
import { type Actor, AppError, type Stage, type VoteRecord } from './types.ts';

/**
 * The timeline's start of probation, written in the ceremony's transaction: probation starts with the
 * ceremony, and the execution that goes on with it (started by the admission's StartProbation) records nothing.
 */
export const txProbationStarted = (candidateId: string) =>
  txPut(
    eventItem(
      candidateId,
      {
        at: new Date().toISOString(),
        type: 'probationStarted',
        actorId: 'system',
        step: 'biography',
        details: { machine: 'probation', reason: 'admitted' },
      },
      `wf-${candidateId}-probation`,
    ),
    'attribute_not_exists(PK)',
  );

// ---- admission ---------------------------------------------------------------------------------------------

export async function recordBiography(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  /** the candidate as the caller read it in this request (scoped like `loadCandidate`) */
  from?: CandidateItem,
) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.BiographyInput,
    'biography',
    SECRETARY,
    ({ cand, input }) => {
      notBefore(input.submittedOn, String(cand.ceremonyOn), 'submittedOn');
      return {
        output: { outcome: 'done' },
        stage: 'AWAITING_NEW_MEMBER_COURSE',
        waitingFor: 'newMemberCourse',
        set: { biographyOn: input.submittedOn },
        event: {
          at: new Date().toISOString(),
          type: 'memberBiographySubmitted',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'AWAITING_NEW_MEMBER_COURSE',
          details: { submittedOn: input.submittedOn },
        },
        closeDeadlines: ['biography'],
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

export async function recordNewMemberCourse(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  /** the candidate as the caller read it in this request (scoped like `loadCandidate`) */
  from?: CandidateItem,
) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.CertificateInput,
    'newMemberCourse',
    SECRETARY,
    ({ cand, input }) => {
      notBefore(input.issuedOn, String(cand.ceremonyOn), 'issuedOn');
      return {
        output: { outcome: 'done' },
        stage: 'PROBATION',
        waitingFor: 'probationEnd',
        set: {
          newMemberCourse: {
            certificateNo: input.certificateNo,
            issuedOn: input.issuedOn,
            issuer: input.issuer,
          },
        },
        event: {
          at: new Date().toISOString(),
          type: 'newMemberCourseCertified',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'PROBATION',
          details: { issuedOn: input.issuedOn },
        },
        closeDeadlines: ['newMemberCourse'],
        // the daily job ends the probation on its last day (GSI3 CHORE partition; see maintenance.ts)
        extra: [txChore(cand.id, 'probationEnd', String(cand.probationEndsOn))],
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

/** The end of the 12 months: completed by the app or the daily job once `today` has reached it. */
export async function completeProbationEnd(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  /** the candidate as the caller read it in this request (scoped like `loadCandidate`) */
  from?: CandidateItem,
) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.ProbationEndInput,
    'probationEnd',
    SECRETARY,
    ({ cand, input }) => {
      const end = String(cand.probationEndsOn);
      if (input.today < end) {
        throw new AppError('BLOCKED', msg('app.probationNotEnded', { end }), {
          probationEndsOn: end,
        });
      }
      const domainStage = walk(cand.domainStage as DomainStage, ['RECOGNITION_PENDING']);
      return {
        output: { outcome: 'ended' },
        stage: 'AWAITING_RECOGNITION',
        waitingFor: 'recognition',
        set: { domainStage },
        event: {
          at: new Date().toISOString(),
          type: 'probationEnded',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'AWAITING_RECOGNITION',
          details: { probationEndsOn: end },
        },
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

export async function recordRecognitionVote(actor: Actor, candidateId: string, raw: unknown) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.RecognitionVoteInput,
    'recognition',
    SECRETARY,
    async ({ cand, input, ruleset, cell: cellOf }) => {
      const end = String(cand.probationEndsOn);
      if (input.meetingOn < end) {
        throw new AppError('BLOCKED', msg('app.recognitionTooEarly', { end }));
      }
      if (!cand.newMemberCourse) {
        throw new AppError('BLOCKED', msg('app.noNewMemberCourse'));
      }
      const cell = await cellOf();
      const result = cellVoteResult('recognition', input, cell.officialMembers, ruleset);
      if (result.outcome === 'invalid') {
        throw new AppError('INVALID', {
          vi: result.findings.map((f) => f.message.vi).join('; '),
          en: result.findings.map((f) => f.message.en).join('; '),
        });
      }
      refuse(checkMeetingMode(input.meetingMode ?? 'in_person', ruleset));
      const rounds = (cand.recognitionRounds as VoteRecord[] | undefined) ?? [];
      const round = rounds.length + 1;
      const motion = input.motion ?? 'recognise';
      const vote: VoteRecord = {
        meetingOn: input.meetingOn,
        yes: input.yes,
        no: input.no,
        denominator: result.denominator,
        form: input.form,
        meetingMode: input.meetingMode ?? 'in_person',
        passed: result.passed,
        round,
        motion,
        required: result.required,
      };
      const at = new Date().toISOString();
      const base = { set: { recognitionRounds: [...rounds, vote] } };
      if (result.passed) {
        const stage: Stage = motion === 'recognise' ? 'OFFICIAL' : 'NAME_REMOVED';
        const domainStage = walk(cand.domainStage as DomainStage, [stage], {
          votePassed: true,
          reason: 'vote',
        });
        return {
          output: { outcome: motion === 'recognise' ? 'recognised' : 'removed', round },
          stage,
          waitingFor: null,
          set: { ...base.set, domainStage, ...(stage === 'OFFICIAL' ? { officialOn: end } : {}) },
          event: {
            at,
            type: stage === 'OFFICIAL' ? 'recognised' : 'nameRemoved',
            actorId: actor.userId,
            stageFrom: cand.stage,
            stageTo: stage,
            details: { round, yes: input.yes, denominator: result.denominator },
          },
          counters: { recognized: stage === 'OFFICIAL' ? 1 : 0 },
          counterDay: input.meetingOn,
          closeDeadlines: ['recognition'],
        };
      }
      const escalate = round >= ruleset.recognition.maxRounds;
      const stage: Stage = escalate ? 'AWAITING_SUPERIOR' : 'AWAITING_RECOGNITION';
      const domainStage = escalate
        ? walk(cand.domainStage as DomainStage, ['RECOGNITION_REPORTED_UP'], { reason: 'three rounds' })
        : cand.domainStage;
      return {
        output: { outcome: 'failed', round },
        stage,
        waitingFor: escalate ? 'superior' : 'recognition',
        set: { ...base.set, domainStage },
        event: {
          at,
          type: escalate ? 'recognitionReportedUp' : 'recognitionRoundFailed',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: stage,
          details: { round, yes: input.yes, denominator: result.denominator, required: result.required },
        },
      };
    },
    { cell: true },
  );
  return toView(cand);
}
