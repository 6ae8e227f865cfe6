/**
 * Types of the application services (shared/app). The web app (functions/api.ts) and the tests call these
 * services; every service takes the acting user and enforces the cell scope: a cell never sees another cell's
 * data.
 */

import type { RoundView } from './committee.ts';
import type { CommitteeOutcome } from './decision.ts';

export type Role = 'secretary' | 'committee' | 'admin';

/**
 * Who acts. `cellIds`: the cells the user may see, whatever the role (an admin too is scoped by the cells of
 * its token); `allCells` only for the system itself (workflow tasks, the daily job), never for a person.
 */
export type Actor = { userId: string; role: Role; cellIds: readonly string[]; allCells?: true };

/** The system (workflow tasks, the daily job) acting on its own behalf. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'admin', cellIds: [], allCells: true };

import type { Lang } from '../domain/lang.ts';

export type { Lang };
export type Message = { vi: string; en: string };

export type AppErrorCode =
  | 'INVALID' // bad input (zod or domain validation); nothing changed
  | 'FORBIDDEN' // the actor may not do this / may not see this cell
  | 'NOT_FOUND'
  | 'WRONG_STAGE' // the candidate is not at the step this action records
  | 'CONFLICT' // someone else changed the candidate first (version check); reload and retry
  | 'BLOCKED' // a domain rule blocks the step (e.g. the course certificate has expired)
  | 'LINK_USED'
  | 'LINK_EXPIRED';

/** An error safe to show: `status` is the HTTP status the web app should answer with. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    readonly messages: Message,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(messages.en, options);
  }
  get status(): number {
    return {
      INVALID: 400,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      WRONG_STAGE: 409,
      CONFLICT: 409,
      BLOCKED: 422,
      LINK_USED: 409,
      LINK_EXPIRED: 410,
    }[this.code];
  }
  /** the message in the user's language */
  text(lang: Lang): string {
    return this.messages[lang];
  }
}

/**
 * Where a candidate is. Waiting stages name what the workflow waits for; the last five are final.
 * (The domain's stages, shared/domain/stages.ts, map onto these in one place: `DOMAIN_STAGES_OF` in model.ts.)
 */
export const STAGES = [
  'AWAITING_COURSE', // referred, on the sympathisers' list, waiting for the awareness-course certificate
  'DOSSIER', // certificate recorded, dossier in preparation
  'AWAITING_CELL_VOTE', // dossier complete, waiting for the cell meeting
  'AWAITING_APPRAISAL', // cell agreed, sub-committee appraisal pending (only where one exists)
  'AWAITING_DECISION', // submitted to the competent committee (also after a failed vote, reported up)
  'AWAITING_CEREMONY', // admission decided, ceremony within 30 working days
  'AWAITING_BIOGRAPHY', // probationary member: party-member biography within 30 working days
  'AWAITING_NEW_MEMBER_COURSE', // probationary member: new-member course certificate
  'PROBATION', // waiting for the end of the 12 months
  'AWAITING_RECOGNITION', // cell recognition vote (rounds 1..3)
  'AWAITING_SUPERIOR', // three rounds without 2/3: the superior committee decides
  'OFFICIAL',
  'NAME_REMOVED',
  'REFUSED',
  'WITHDRAWN',
] as const;
export type Stage = (typeof STAGES)[number];

export const FINAL_STAGES: readonly Stage[] = ['OFFICIAL', 'NAME_REMOVED', 'REFUSED', 'WITHDRAWN'];

/** The human steps of the workflows (each a `.waitForTaskToken` task). */
export const STEPS = [
  'course',
  'dossier',
  'cellVote',
  'appraisal',
  'decision',
  'ceremony',
  'biography',
  'newMemberCourse',
  'probationEnd',
  'recognition',
  'superior',
] as const;
export type Step = (typeof STEPS)[number];

export type CandidateView = {
  id: string;
  cellId: string;
  fullName: string;
  birthDate: string; // YYYY-MM-DD
  stage: Stage;
  stageSince: string; // ISO instant
  version: number;
  rulesetId: string;
  referredOn: string;
  introduction: {
    path: 'union-plus-member' | 'two-members';
    introducerMemberIds: string[];
    togetherSince?: Record<string, string>;
  };
  /** the introducing members with their names, as at referral (the 3-KNĐ letters come from them) */
  /** the introducing members, named at referral; `togetherSince` since the referral asks for it */
  introducers?: { memberId: string; fullName: string; togetherSince?: string }[];
  course?: { certificateNo: string; issuedOn: string; issuer?: string };
  cellVote?: VoteRecord;
  decision?: { decision: Decision; decidedOn: string; decisionNo?: string; by: string };
  appraisal?: { appraisedOn: string; reportNo?: string; opinion: 'agree' | 'disagree' };
  ceremonyOn?: string;
  biographyOn?: string;
  newMemberCourse?: { certificateNo: string; issuedOn: string; issuer?: string };
  probationEndsOn?: string;
  officialOn?: string;
  recognitionRounds?: VoteRecord[];
  /** the step the workflow waits for now, or null (final stage, or between steps) */
  waitingFor: Step | null;
  /** the last findings when a dossier was returned as incomplete */
  findings?: Finding[];
  withdrawal?: { on: string; reason: string; by: string };
  /** the committee's last outcome with every member's answer (until the dossier is resubmitted) */
  committeeOutcome?: CommitteeOutcome;
};

export type VoteRecord = {
  meetingOn: string;
  yes: number;
  no: number;
  /** official members summoned after deductions (docs/rules.md#votes) */
  denominator: number;
  form: 'ballot' | 'cards';
  /** held in person or online (03-HD/TW pilot) */
  meetingMode?: 'in_person' | 'online';
  passed: boolean;
  round?: number;
  /** recognition rounds: what the vote was on */
  motion?: 'recognise' | 'remove';
  required?: number;
  /** the number of the cell's resolution, as the secretary entered it (6-KNĐ: "12" or "12-NQ/CB") */
  resolutionNo?: string;
};

export type Decision = 'approve' | 'return' | 'refuse';

export type Finding = { code: string; formCode?: string; message: Message };

export type AuditEvent = {
  at: string;
  type: string;
  actorId: string;
  stageFrom?: Stage;
  stageTo?: Stage;
  step?: Step;
  details?: Record<string, unknown>;
};

export type DocumentView = {
  docId: string;
  formCode: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
  /** the paper's own date (signed / issued), as given at upload */
  signedOn?: string;
  /** 3-KNĐ: the introducing member who wrote it */
  introducerMemberId?: string;
  /** withdrawn as wrongly filed: by whom and when (the file stays in the bucket's history) */
  withdrawn?: { at: string; by: string };
};

export type Page<T> = { items: T[]; nextCursor?: string };

export type PresignedUpload = {
  docId: string;
  /** the form POST target and its fields; append the file last, as `file` */
  url: string;
  fields: Record<string, string>;
  key: string;
  maxBytes: number;
  expiresAt: string;
};

export type UploadResult =
  | { accepted: true; document: DocumentView }
  | {
      accepted: false;
      reason: Message;
      code: 'EMPTY' | 'TOO_LARGE' | 'BAD_TYPE' | 'BAD_EXTENSION' | 'MISSING';
    };

export type ApprovalLinkView = {
  linkId: string;
  candidateId: string;
  cellId: string;
  approverId: string;
  step: Step;
  expiresAt: string;
  used: boolean;
  usedAt?: string;
  decision?: Decision;
  /** the outcome was fixed by the others' answers, or recorded in the app, or the candidate moved on */
  decidedElsewhere: boolean;
  /** not used, not expired, not decided, not withdrawn: the documents may be opened */
  live: boolean;
  /** the ruleset refuses admitting against a failed cell vote */
  forbidAgainstCell: boolean;
  /** the committee's round this link belongs to: every answer so far, the quorum, the deadline */
  round?: RoundView;
  /** what the approver needs to decide: the candidate summary and the dossier documents (no tokens) */
  candidate: CandidateView;
  documents: DocumentView[];
};

export type Targets = {
  cellId: string;
  period: string; // '2024' or '2024-01'
  sentToCourse?: number;
  dossiersSubmitted?: number;
  admitted?: number;
  /** recognised as official members */
  recognized?: number;
  /** introductions by members (one per member introducer) */
  introductions?: number;
};

export type Progress = Targets & { period: string };
