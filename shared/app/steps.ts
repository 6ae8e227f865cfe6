/**
 * The human steps of the workflows. Each service: parse → load (cell scope) → check the candidate is at the
 * step → validate with the domain → ONE transaction → complete the waiting task (engine.advance).
 */
import type * as z from 'zod';
import {
  type CandidateItem,
  type DeadlineOpen,
  queryPrefix,
  type StageChange,
  txChore,
} from '../adapters/repository.ts';
import { SK_PREFIX } from '../adapters/table.ts';
import { checkCertificate, checkChecklist } from '../domain/checks/documents.ts';
import { checkAge } from '../domain/checks/eligibility.ts';
import { checkCellVote } from '../domain/checks/votes.ts';
import {
  ceremonyDeadline,
  certificateValidUntil,
  decisionDeadline,
  memberBiographyDeadline,
  nextReminderOn,
  probationEnd,
  recognitionDue,
} from '../domain/deadlines.ts';
import { blocking, type Finding as DomainFinding } from '../domain/findings.ts';
import { checkMeetingMode } from '../domain/pool.ts';
import { type FormCode, type Ruleset, rulesetById } from '../domain/ruleset.ts';
import type { Stage as DomainStage } from '../domain/stages.ts';
import type { Candidate, Dossier, DossierDocument, Introducer } from '../domain/types.ts';
import { type CellItem, loadCell } from './candidates.ts';
import { advance } from './engine.ts';
import {
  assertRole,
  assertStep,
  assertVersion,
  isFinal,
  loadCandidate,
  msg,
  PROBATION_STAGES,
  today,
  toView,
  walk,
} from './model.ts';
import { parse } from './parse.ts';
import { refuse } from './pool.ts';
import * as S from './schemas.ts';
import {
  type Actor,
  AppError,
  type CandidateView,
  type Finding,
  type Role,
  type Stage,
  type Step,
  type VoteRecord,
} from './types.ts';

const SECRETARY: Role[] = ['secretary', 'admin'];
const COMMITTEE: Role[] = ['committee', 'admin'];

type Ctx<I> = { actor: Actor; cand: CandidateItem; input: I; ruleset: Ruleset; now: string };
type Plan = Omit<StageChange, 'cand' | 'now' | 'step'>;

async function runStep<T extends z.ZodType>(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  schema: T,
  step: Step,
  roles: Role[],
  plan: (ctx: Ctx<z.infer<T>>) => Promise<Plan> | Plan,
  extra?: StageChange['extra'],
): Promise<CandidateItem> {
  const input = parse(schema, raw) as z.infer<T> & { expectedVersion?: number };
  const cand = await loadCandidate(actor, candidateId);
  assertRole(actor, roles);
  assertStep(cand, step);
  assertVersion(cand, input.expectedVersion);
  const now = new Date().toISOString();
  const ruleset = rulesetById(String(cand.rulesetId));
  const p = await plan({ actor, cand, input, ruleset, now });
  return advance({ ...p, cand, now, step, extra: [...(p.extra ?? []), ...(extra ?? [])] });
}

const deadline = (kind: string, dueOn: string, ruleset: Ruleset): DeadlineOpen => ({
  kind,
  dueOn,
  nextRemindOn: nextReminderOn(dueOn, today(), ruleset),
});

const blocked = (findings: DomainFinding[]) => {
  const b = blocking(findings);
  return new AppError(
    'BLOCKED',
    { vi: b.map((f) => f.message.vi).join('; '), en: b.map((f) => f.message.en).join('; ') },
    { findings: b },
  );
};

const notBefore = (a: string, b: string | undefined, field: string) => {
  if (b && a < b) {
    throw new AppError(
      'INVALID',
      msg(`Ngày ${field} không thể trước ${b}`, `The ${field} date cannot be before ${b}`),
      {
        fields: [field],
      },
    );
  }
};

// ---- admission ---------------------------------------------------------------------------------------------

export async function recordCourseCertificate(actor: Actor, candidateId: string, raw: unknown) {
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
  );
  return toView(cand);
}

/** The dossier as the domain checks see it, from the candidate and its accepted documents. */
export async function buildDossier(cand: CandidateItem, cell: CellItem): Promise<Dossier> {
  const docs = (await queryPrefix(`CAND#${cand.id}`, SK_PREFIX.document)).filter(
    (d) => d.status === 'accepted',
  );
  const intro = cand.introduction as { path: string; introducerMemberIds: string[] };
  const introducerPath = intro.path === 'two-members' ? 'two_members' : 'trade_union';
  const introducers: Introducer[] = intro.introducerMemberIds.map((id) => ({
    kind: 'member',
    personId: id,
    fullName: id,
    status: 'official',
    togetherSince: '1900-01-01',
    sameUnit: true,
    signedOn: String(cand.referredOn),
  }));
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
    async ({ cand, input, ruleset }) => {
      const cell = await loadCell(cand.cellId);
      const dossier = await buildDossier(cand, cell);
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
      const domainStage = walk(cand.domainStage as DomainStage, ['READY_FOR_CELL']);
      return {
        output: { outcome: 'submitted' },
        stage: 'AWAITING_CELL_VOTE',
        waitingFor: 'cellVote',
        set: { domainStage, dossierSubmittedOn: input.submittedOn },
        remove: ['findings'],
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
  );
  return findings.length > 0
    ? { accepted: false, findings, candidate: toView(cand) }
    : { accepted: true, candidate: toView(cand) };
}

const voteForm = (f: 'ballot' | 'cards') => (f === 'ballot' ? 'secret_ballot' : 'party_cards');

export async function recordCellVote(actor: Actor, candidateId: string, raw: unknown) {
  const cand = await runStep(
    actor,
    candidateId,
    raw,
    S.CellVoteInput,
    'cellVote',
    SECRETARY,
    async ({ cand, input, ruleset }) => {
      const cell = await loadCell(cand.cellId);
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
      const result = checkCellVote(
        {
          body: 'cell',
          purpose: 'admission',
          date: input.meetingOn,
          form: voteForm(input.form),
          yes: input.yes,
          no: input.no,
          abstain: input.abstain ?? 0,
          roll: {
            officialMembers: input.denominator ?? cell.officialMembers,
            temporarilyElsewhere: 0,
            exemptAbsent: 0,
            suspendedOrDetained: 0,
          },
        },
        ruleset,
      );
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
        set: { domainStage, cellVote: vote },
        event: {
          at: new Date().toISOString(),
          type: result.passed ? 'cellVotePassed' : 'cellVoteFailedReportedUp',
          actorId: actor.userId,
          stageFrom: cand.stage,
          stageTo: stage,
          details: { yes: vote.yes, no: vote.no, denominator: vote.denominator, required: result.required },
        },
        counters: { dossiersSubmitted: 1 },
        counterDay: input.meetingOn,
        closeDeadlines: ['certificateExpiry'],
        openDeadlines: [deadline('committeeDecision', decisionDeadline(input.meetingOn, ruleset), ruleset)],
      };
    },
  );
  return toView(cand);
}

export async function recordAppraisal(actor: Actor, candidateId: string, raw: unknown) {
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
  );
  return toView(cand);
}

/**
 * The competent committee's decision (step `decision`), or the superior committee's after three recognition
 * rounds without 2/3 (step `superior`: approve = recognised, refuse = name removed).
 */
export async function decide(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  extra?: StageChange['extra'],
): Promise<CandidateItem> {
  const current = await loadCandidate(actor, candidateId);
  const step: Step = current.waitingFor === 'superior' ? 'superior' : 'decision';
  return runStep(
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
      const event = (type: string, stageTo: Stage) => ({
        at,
        type,
        actorId: actor.userId,
        stageFrom: cand.stage,
        stageTo,
        details: { decision: input.decision, decidedOn: input.decidedOn },
      });
      if (step === 'superior') {
        if (input.decision === 'return') {
          throw new AppError(
            'INVALID',
            msg(
              'Cấp trên chỉ có thể công nhận hoặc xóa tên',
              'The superior committee can only recognise or remove',
            ),
            { fields: ['decision'] },
          );
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
            ...(recognised ? { officialOn: cand.probationEndsOn } : {}),
          },
          event: event(recognised ? 'recognisedBySuperior' : 'nameRemovedBySuperior', stage),
          counters: { recognized: recognised ? 1 : 0 },
          counterDay: input.decidedOn,
          closeDeadlines: ['recognition'],
        };
      }
      notBefore(input.decidedOn, (cand.cellVote as VoteRecord | undefined)?.meetingOn, 'decidedOn');
      if (input.decision === 'approve') {
        const domainStage = walk(cand.domainStage as DomainStage, ['ADMITTED']);
        return {
          output: { outcome: 'approve' },
          stage: 'AWAITING_CEREMONY',
          waitingFor: 'ceremony',
          set: { domainStage, decision },
          event: event('admissionApproved', 'AWAITING_CEREMONY'),
          closeDeadlines: ['committeeDecision'],
          openDeadlines: [deadline('ceremony', ceremonyDeadline(input.decidedOn, ruleset), ruleset)],
        };
      }
      if (input.decision === 'return') {
        const domainStage = walk(cand.domainStage as DomainStage, ['RETURNED_FOR_CHANGES'], {
          comment: input.note ?? '',
        });
        return {
          output: { outcome: 'return' },
          stage: 'DOSSIER',
          waitingFor: 'dossier',
          set: { domainStage, decision, returnNote: input.note },
          event: event('returnedForChanges', 'DOSSIER'),
          closeDeadlines: ['committeeDecision'],
        };
      }
      const domainStage = walk(cand.domainStage as DomainStage, ['REFUSED'], { reason: input.note ?? '' });
      return {
        output: { outcome: 'refuse' },
        stage: 'REFUSED',
        waitingFor: null,
        set: { domainStage, decision },
        event: event('refused', 'REFUSED'),
        closeDeadlines: ['committeeDecision'],
      };
    },
    extra,
  );
}

export async function recordDecision(actor: Actor, candidateId: string, raw: unknown) {
  return toView(await decide(actor, candidateId, raw));
}

export async function recordCeremony(actor: Actor, candidateId: string, raw: unknown) {
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
        closeDeadlines: ['ceremony'],
        openDeadlines: [
          deadline('biography', memberBiographyDeadline(input.heldOn, ruleset), ruleset),
          deadline('newMemberCourse', end, ruleset),
          deadline('recognition', recognitionDue(end, ruleset), ruleset),
        ],
      };
    },
  );
  return toView(cand);
}

// ---- probation -----------------------------------------------------------------------------------------------

export async function recordBiography(actor: Actor, candidateId: string, raw: unknown) {
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
  );
  return toView(cand);
}

export async function recordNewMemberCourse(actor: Actor, candidateId: string, raw: unknown) {
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
  );
  return toView(cand);
}

/** The end of the 12 months: completed by the app or the daily job once `today` has reached it. */
export async function completeProbationEnd(actor: Actor, candidateId: string, raw: unknown) {
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
        throw new AppError(
          'BLOCKED',
          msg(`Chưa hết thời gian dự bị (${end})`, `Probation has not ended (${end})`),
          {
            probationEndsOn: end,
          },
        );
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
    async ({ cand, input, ruleset }) => {
      const end = String(cand.probationEndsOn);
      if (input.meetingOn < end) {
        throw new AppError(
          'BLOCKED',
          msg(
            `Chi bộ chỉ được xét công nhận sau khi hết 12 tháng dự bị (${end})`,
            `The cell may vote on recognition only once probation has ended (${end})`,
          ),
        );
      }
      if (!cand.newMemberCourse) {
        throw new AppError(
          'BLOCKED',
          msg('Chưa có giấy chứng nhận lớp đảng viên mới', 'No new-member course certificate'),
        );
      }
      const cell = await loadCell(cand.cellId);
      const result = checkCellVote(
        {
          body: 'cell',
          purpose: 'recognition',
          date: input.meetingOn,
          form: voteForm(input.form),
          yes: input.yes,
          no: input.no,
          abstain: input.abstain ?? 0,
          roll: {
            officialMembers: input.denominator ?? cell.officialMembers,
            temporarilyElsewhere: 0,
            exemptAbsent: 0,
            suspendedOrDetained: 0,
          },
        },
        ruleset,
      );
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
  );
  return toView(cand);
}

// ---- withdrawal ----------------------------------------------------------------------------------------------

/** Withdraw at any stage; in probation this is removal of the name (xóa tên), as the domain has it. */
export async function withdraw(actor: Actor, candidateId: string, raw: unknown) {
  const input = parse(S.WithdrawInput, raw);
  const cand = await loadCandidate(actor, candidateId);
  assertRole(actor, SECRETARY);
  if (isFinal(cand.stage)) {
    throw new AppError('WRONG_STAGE', msg('Hồ sơ đã kết thúc', 'This candidate’s procedure has ended'));
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
  ];
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
  });
  return toView(after);
}
