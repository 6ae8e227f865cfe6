/**
 * The human steps of the admission (course, dossier, cell vote, appraisal, ceremony) and the withdrawal. Each
 * service runs in step-runner.ts's frame; the committee's decision is decision.ts, the probation's steps are
 * probation-steps.ts.
 */
import { log } from '../adapters/observability.ts';
import type { CandidateItem, Item } from '../adapters/repository.ts';
import { checkCertificate, checkChecklist } from '../domain/checks/documents.ts';
import { checkAge } from '../domain/checks/eligibility.ts';
import {
  certificateValidUntil,
  decisionDeadline,
  memberBiographyDeadline,
  probationEnd,
  recognitionDue,
} from '../domain/deadlines.ts';
import { blocking, type Finding as DomainFinding } from '../domain/findings.ts';
import { checkMeetingMode } from '../domain/pool.ts';
import type { FormCode } from '../domain/ruleset.ts';
import type { Stage as DomainStage } from '../domain/stages.ts';
import type { Candidate, Dossier, DossierDocument, Introducer } from '../domain/types.ts';
import type { CellItem } from './candidates.ts';
import { cancelOpenRound } from './committee.ts';
import { notifyWithdrawn } from './committee-mail.ts';
import { advance } from './engine.ts';
import {
  assertRole,
  assertVersion,
  isFinal,
  loadCandidate,
  msg,
  PROBATION_STAGES,
  toView,
  walk,
} from './model.ts';
import { parse } from './parse.ts';
import { refuse } from './pool.ts';
import * as S from './schemas.ts';
import { blocked, cellVoteResult, deadline, notBefore, runStep, SECRETARY } from './step-runner.ts';
import {
  type Actor,
  AppError,
  type CandidateView,
  type Finding,
  type Stage,
  type VoteRecord,
} from './types.ts';

// ---- admission ---------------------------------------------------------------------------------------------

export async function recordCourseCertificate(
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
    'course',
    SECRETARY,
    ({ cand, input, ruleset, actor }) => {
      // a certificate may predate the referral; its 60 months are checked on the day of the cell's vote,
      // and the certificateExpiry deadline reminds before they run out
      const validUntil = certificateValidUntil(input.issuedOn, ruleset);
      const domainStage = walk(cand.domainStage as DomainStage, [
        'COURSE_CERTIFIED',
        'DOSSIER_IN_PREPARATION',
      ]);
      return {
        output: { outcome: 'done' },
        stage: 'DOSSIER',
        waitingFor: 'dossier',
        set: {
          domainStage,
          course: { certificateNo: input.certificateNo, issuedOn: input.issuedOn, issuer: input.issuer },
        },
        event: {
          at: new Date().toISOString(),
          type: 'courseCertified',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'DOSSIER',
          details: { issuedOn: input.issuedOn, validUntil },
        },
        openDeadlines: [deadline('certificateExpiry', validUntil, ruleset)],
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

/** The dossier as the domain checks see it, from the candidate and its documents (the accepted ones count). */
export function buildDossier(cand: CandidateItem, cell: CellItem, all: readonly Item[]): Dossier {
  const docs = all.filter((d) => d.status === 'accepted');
  const intro = cand.introduction as { path: string; introducerMemberIds: string[] };
  const introducerPath = intro.path === 'two-members' ? 'two_members' : 'trade_union';
  const named = (cand.introducers ?? []) as { memberId: string; fullName: string; togetherSince?: string }[];
  const introducers: Introducer[] = intro.introducerMemberIds.map((id) => {
    const who = named.find((m) => m.memberId === id);
    const letter = docs.find((d) => d.formCode === '3-KNĐ' && d.introducerMemberId === id);
    return {
      kind: 'member',
      personId: id,
      // the name is what a secretary reads on the checklist and in every message, never the member's id
      fullName: who?.fullName || id,
      status: 'official',
      // checked against 12 months at referral; a candidate referred before the date was asked has none
      togetherSince: who?.togetherSince ?? String(cand.referredOn),
      sameUnit: true,
      signedOn: String(letter?.signedOn ?? cand.referredOn),
    };
  });
  if (introducerPath === 'trade_union') {
    introducers.push({
      kind: 'trade_union',
      orgName: 'Công đoàn cơ sở',
      resolutionRef: '',
      resolutionDate: String(cand.referredOn),
    });
  }
  const documents: DossierDocument[] = docs.map((d) => ({
    id: String(d.docId),
    form: d.formCode as FormCode,
    signedOn: String(d.signedOn),
    state: 'signed',
    ...(d.introducerMemberId ? { introducerPersonId: String(d.introducerMemberId) } : {}),
    ...(d.verifiedOn
      ? { verification: { completedOn: String(d.verifiedOn), certifiedOn: String(d.verifiedOn) } }
      : {}),
    fileName: String(d.fileName),
    sha256: String(d.sha256),
  }));
  const course = cand.course as { certificateNo: string; issuedOn: string; issuer?: string } | undefined;
  return {
    candidate: {
      id: cand.id,
      personId: cand.id,
      cellId: cand.cellId,
      fullName: cand.fullName,
      birthDate: String(cand.birthDate),
      introducerPath,
      stage: cand.domainStage,
      rulesetId: String(cand.rulesetId),
      createdOn: String(cand.referredOn),
    } as Candidate,
    introducers,
    documents,
    certificates: course
      ? [
          {
            kind: 'awareness',
            number: course.certificateNo,
            issuedOn: course.issuedOn,
            issuer: course.issuer ?? '',
          },
        ]
      : [],
    org: {
      hasSubcommittee: cell.hasSubCommittee === true,
      hasGrassrootsCommittee: cell.hasGrassrootsCommittee === true,
    },
  };
}

const toFinding = (f: DomainFinding): Finding => ({
  code: f.code,
  message: f.message,
  ...(f.fields[0]?.startsWith('documents.') ? { formCode: f.fields[0].split('.')[1] } : {}),
});

export async function submitDossier(
  actor: Actor,
  candidateId: string,
  raw: unknown,
): Promise<
  | { accepted: true; candidate: CandidateView }
  | { accepted: false; findings: Finding[]; candidate: CandidateView }
> {
  let findings: Finding[] = [];
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.DossierInput,
    'dossier',
    SECRETARY,
    async ({ cand, input, ruleset, docs, cell: cellOf }) => {
      const cell = await cellOf();
      if (!docs) throw new Error('the dossier step reads the documents with the candidate (documents: true)');
      const dossier = buildDossier(cand, cell, docs);
      findings = blocking(checkChecklist(dossier, 'cell_vote', input.submittedOn, ruleset)).map(toFinding);
      const at = new Date().toISOString();
      if (findings.length > 0) {
        return {
          output: { outcome: 'incomplete' },
          stage: 'DOSSIER',
          waitingFor: 'dossier',
          set: { findings },
          event: {
            at,
            type: 'dossierReturned',
            actorId: actor.userId,
            details: { findings: findings.map((f) => f.code + (f.formCode ? `:${f.formCode}` : '')) },
          },
        };
      }
      if (cand.domainStage === 'RETURNED_FOR_CHANGES' && ruleset.committee.resubmitTo === 'committee') {
        // returned by the committee and completed: straight back to the committee, no new cell vote; the
        // new round has its own deadline from the resubmission
        const domainStage = walk(cand.domainStage as DomainStage, ['SUBMITTED_TO_COMPETENT']);
        return {
          output: { outcome: 'resubmitted' },
          stage: 'AWAITING_DECISION',
          waitingFor: 'decision',
          set: { domainStage, resubmittedOn: input.submittedOn },
          remove: ['findings', 'committeeOutcome'],
          event: {
            at,
            type: 'dossierResubmitted',
            actorId: actor.userId,
            stageFrom: cand.stage,
            stageTo: 'AWAITING_DECISION',
            details: { submittedOn: input.submittedOn, documents: dossier.documents.length },
          },
          closeDeadlines: ['resubmission'],
          openDeadlines: [
            deadline('committeeDecision', decisionDeadline(input.submittedOn, ruleset), ruleset),
          ],
        };
      }
      const domainStage = walk(cand.domainStage as DomainStage, ['READY_FOR_CELL']);
      return {
        output: { outcome: 'submitted' },
        stage: 'AWAITING_CELL_VOTE',
        waitingFor: 'cellVote',
        set: { domainStage, dossierSubmittedOn: input.submittedOn },
        remove: ['findings', 'committeeOutcome'],
        closeDeadlines: ['resubmission'],
        event: {
          at,
          type: 'dossierSubmitted',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'AWAITING_CELL_VOTE',
          details: { submittedOn: input.submittedOn, documents: dossier.documents.length },
        },
      };
    },
    { documents: true },
  );
  return findings.length > 0
    ? { accepted: false, findings, candidate: toView(cand) }
    : { accepted: true, candidate: toView(cand) };
}

export async function recordCellVote(actor: Actor, candidateId: string, raw: unknown) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.CellVoteInput,
    'cellVote',
    SECRETARY,
    async ({ cand, input, ruleset, cell: cellOf }) => {
      const cell = await cellOf();
      const course = cand.course as { certificateNo: string; issuedOn: string; issuer?: string };
      // an expired awareness-course certificate (60 months) blocks the vote; so does the age rule
      const blockers = blocking([
        ...checkCertificate(
          {
            kind: 'awareness',
            number: course.certificateNo,
            issuedOn: course.issuedOn,
            issuer: course.issuer ?? '',
          },
          input.meetingOn,
          ruleset,
        ),
        ...checkAge({ birthDate: String(cand.birthDate) }, input.meetingOn, ruleset),
      ]);
      if (blockers.length > 0) throw blocked(blockers);
      refuse(checkMeetingMode(input.meetingMode ?? 'in_person', ruleset));
      notBefore(input.meetingOn, String(cand.dossierSubmittedOn ?? ''), 'meetingOn');
      const result = cellVoteResult('admission', input, cell.officialMembers, ruleset);
      if (result.outcome === 'invalid') {
        throw new AppError(
          'INVALID',
          {
            vi: result.findings.map((f) => f.message.vi).join('; '),
            en: result.findings.map((f) => f.message.en).join('; '),
          },
          { findings: result.findings },
        );
      }
      const vote: VoteRecord = {
        meetingOn: input.meetingOn,
        yes: input.yes,
        no: input.no,
        denominator: result.denominator,
        form: input.form,
        meetingMode: input.meetingMode ?? 'in_person',
        passed: result.passed,
        required: result.required,
        ...(input.resolutionNo ? { resolutionNo: input.resolutionNo } : {}),
      };
      const sub = cell.hasSubCommittee === true;
      const stage: Stage = result.passed && sub ? 'AWAITING_APPRAISAL' : 'AWAITING_DECISION';
      const domainPath: DomainStage[] = result.passed
        ? sub
          ? ['CELL_APPROVED']
          : ['CELL_APPROVED', 'SUBMITTED_TO_COMPETENT']
        : ['CELL_REJECTED', 'REPORTED_UP'];
      const domainStage = walk(cand.domainStage as DomainStage, domainPath, {
        votePassed: result.passed,
        hasSubcommittee: sub,
      });
      return {
        output: { outcome: result.passed ? 'passed' : 'failed', hasSubCommittee: sub },
        stage,
        waitingFor: stage === 'AWAITING_APPRAISAL' ? 'appraisal' : 'decision',
        set: {
          domainStage,
          cellVote: vote,
          ...(cand.dossierCountedOn ? {} : { dossierCountedOn: input.meetingOn }),
        },
        event: {
          at: new Date().toISOString(),
          type: result.passed ? 'cellVotePassed' : 'cellVoteFailedReportedUp',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: stage,
          details: { yes: vote.yes, no: vote.no, denominator: vote.denominator, required: result.required },
        },
        // a dossier sent up counts once per candidate: a failed vote reported up counts, a re-vote does not
        ...(cand.dossierCountedOn ? {} : { counters: { dossiersSubmitted: 1 }, counterDay: input.meetingOn }),
        closeDeadlines: ['certificateExpiry'],
        openDeadlines: [deadline('committeeDecision', decisionDeadline(input.meetingOn, ruleset), ruleset)],
      };
    },
    { cell: true },
  );
  return toView(cand);
}

export async function recordAppraisal(
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
    S.AppraisalInput,
    'appraisal',
    ['committee', 'secretary', 'admin'],
    ({ cand, input }) => {
      const domainStage = walk(
        cand.domainStage as DomainStage,
        ['SUBCOMMITTEE_APPRAISED', 'GRASSROOTS_RESOLVED', 'SUBMITTED_TO_COMPETENT'],
        { hasSubcommittee: true },
      );
      return {
        output: { outcome: 'appraised' },
        stage: 'AWAITING_DECISION',
        waitingFor: 'decision',
        set: {
          domainStage,
          appraisal: { appraisedOn: input.appraisedOn, reportNo: input.reportNo, opinion: input.opinion },
        },
        event: {
          at: new Date().toISOString(),
          type: 'appraised',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'AWAITING_DECISION',
          details: { opinion: input.opinion },
        },
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

export { decide, recordDecision } from './decision.ts';

export async function recordCeremony(
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
    S.CeremonyInput,
    'ceremony',
    SECRETARY,
    ({ cand, input, ruleset }) => {
      notBefore(input.heldOn, (cand.decision as { decidedOn?: string } | undefined)?.decidedOn, 'heldOn');
      const domainStage = walk(cand.domainStage as DomainStage, ['PROBATIONARY']);
      const end = probationEnd(input.heldOn, ruleset);
      return {
        output: { outcome: 'held' },
        stage: 'AWAITING_BIOGRAPHY',
        waitingFor: 'biography',
        set: {
          domainStage,
          ceremonyOn: input.heldOn,
          probationEndsOn: end,
          helperMemberId: input.helperMemberId,
        },
        event: {
          at: new Date().toISOString(),
          type: 'ceremonyHeld',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: 'AWAITING_BIOGRAPHY',
          details: { heldOn: input.heldOn, probationEndsOn: end },
        },
        counters: { admitted: 1 },
        counterDay: input.heldOn,
        extra: [txProbationStarted(cand.id)],
        closeDeadlines: ['ceremony'],
        openDeadlines: [
          deadline('biography', memberBiographyDeadline(input.heldOn, ruleset), ruleset),
          deadline('newMemberCourse', end, ruleset),
          deadline('recognition', recognitionDue(end, ruleset), ruleset),
        ],
      };
    },
    { loaded: from },
  );
  return toView(cand);
}

import { txProbationStarted } from './probation-steps.ts';

export {
  completeProbationEnd,
  recordBiography,
  recordNewMemberCourse,
  recordRecognitionVote,
} from './probation-steps.ts';

// ---- withdrawal ----------------------------------------------------------------------------------------------

/** Withdraw at any stage; in probation this is removal of the name (xóa tên), as the domain has it. */
export async function withdraw(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  /** the candidate as the caller read it in this request (scoped like `loadCandidate`) */
  from?: CandidateItem,
) {
  const input = parse(S.WithdrawInput, raw);
  const cand = from ?? (await loadCandidate(actor, candidateId));
  assertRole(actor, SECRETARY);
  if (isFinal(cand.stage)) {
    throw new AppError('WRONG_STAGE', msg('app.procedureEnded'));
  }
  assertVersion(cand, input.expectedVersion);
  const stage: Stage = PROBATION_STAGES.includes(cand.stage as Stage) ? 'NAME_REMOVED' : 'WITHDRAWN';
  const domainStage = walk(cand.domainStage as DomainStage, [stage], { reason: input.reason });
  const now = new Date().toISOString();
  const open = [
    'certificateExpiry',
    'committeeDecision',
    'ceremony',
    'biography',
    'newMemberCourse',
    'recognition',
    'resubmission',
  ];
  // a committee round still open is cancelled in the same transaction: its links then say who withdrew when
  const cancelled = await cancelOpenRound(cand, { on: input.on, at: now, by: actor.userId });
  const after = await advance({
    cand,
    now,
    step: String(cand.waitingFor ?? 'any'),
    output: { outcome: 'withdrawn' },
    stage,
    waitingFor: null,
    set: { domainStage, withdrawal: { on: input.on, reason: input.reason, by: actor.userId } },
    event: {
      at: now,
      type: 'withdrawn',
      actorId: actor.userId,
      stageFrom: cand.stage,
      stageTo: stage,
      details: { on: input.on, at: cand.waitingFor },
    },
    closeDeadlines: open,
    ...(cancelled ? { extra: [cancelled.tx] } : {}),
  });
  if (cancelled) {
    await notifyWithdrawn(after, cand.cursor, cancelled.round.memberIds, {
      on: input.on,
      at: now,
      by: actor.userId,
    }).catch((err: Error) => log.warn('withdrawal mail deferred', { error: err.name }));
  }
  return toView(after);
}
