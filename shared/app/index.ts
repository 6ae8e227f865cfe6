/**
 * Application services of ketnap: what the web app (functions/api.ts), the workflow tasks and the tests call.
 *
 * Every service takes the acting user (`Actor`) and enforces the cell scope; input is parsed with zod; a
 * domain rule that fails answers an `AppError` (vi/en message) and changes nothing. A service that moves a
 * candidate to another stage commits ONE DynamoDB transaction, then completes the workflow's waiting task.
 *
 * SIGNATURES FIRST (engineer C): the implementations land in the modules named below.
 */
import type {
  Actor,
  ApprovalLinkView,
  AuditEvent,
  CandidateView,
  Decision,
  DocumentView,
  Finding,
  Lang,
  Page,
  PresignedUpload,
  Progress,
  Stage,
  Targets,
  UploadResult,
} from './types.ts';

export * from './types.ts';

// ---- inputs (zod schemas with the same names live in ./schemas.ts) -----------------------------------------

export type ReferInput = {
  cellId: string;
  fullName: string;
  birthDate: string; // YYYY-MM-DD
  referredOn: string; // YYYY-MM-DD
  introduction: { path: 'union-plus-member' | 'two-members'; introducerMemberIds: string[] };
  /** optional idempotency key from the client: a retried referral creates one candidate */
  requestId?: string;
};
export type CertificateInput = { certificateNo: string; issuedOn: string; issuer?: string };
export type DossierInput = { submittedOn: string };
export type CellVoteInput = {
  meetingOn: string;
  yes: number;
  no: number;
  /** official members summoned after deductions; defaults to the cell's official members */
  denominator?: number;
  form: 'ballot' | 'cards';
  resolutionNo?: string;
};
export type AppraisalInput = { appraisedOn: string; reportNo?: string; opinion: 'agree' | 'disagree' };
export type DecisionInput = { decision: Decision; decidedOn: string; decisionNo?: string; note?: string };
export type CeremonyInput = { heldOn: string; helperMemberId?: string };
export type BiographyInput = { submittedOn: string };
export type RecognitionVoteInput = {
  meetingOn: string;
  yes: number;
  no: number;
  denominator?: number;
  form: 'ballot' | 'cards';
  /** what the vote was on: recognition (default) or removal of the name */
  motion?: 'recognise' | 'remove';
};
export type WithdrawInput = { on: string; reason: string };
export type UploadRequest = { formCode: string; fileName: string; contentType: string; size: number };

/** Every mutation may carry the version the user saw; a stale version answers CONFLICT. */
export type Expect = { expectedVersion?: number };

type Svc<I, O> = (actor: Actor, candidateId: string, input: I & Expect) => Promise<O>;

// ---- candidates (./candidates.ts) ----------------------------------------------------------------------------
export declare function referCandidate(actor: Actor, input: ReferInput): Promise<CandidateView>;
export declare function getCandidate(actor: Actor, candidateId: string): Promise<CandidateView>;
export declare function listCandidates(
  actor: Actor,
  q: { cellId: string; stage: Stage; limit?: number; cursor?: string },
): Promise<Page<CandidateView>>;
export declare function searchCandidates(
  actor: Actor,
  q: { cellId: string; q: string; limit?: number },
): Promise<CandidateView[]>;
export declare function timeline(actor: Actor, candidateId: string): Promise<AuditEvent[]>;

// ---- human steps (./steps.ts) --------------------------------------------------------------------------------
export declare const recordCourseCertificate: Svc<CertificateInput, CandidateView>;
/** accepted → AWAITING_CELL_VOTE; incomplete → stays in DOSSIER with the findings (the workflow loops) */
export declare const submitDossier: Svc<
  DossierInput,
  | { accepted: true; candidate: CandidateView }
  | { accepted: false; findings: Finding[]; candidate: CandidateView }
>;
export declare const recordCellVote: Svc<CellVoteInput, CandidateView>;
export declare const recordAppraisal: Svc<AppraisalInput, CandidateView>;
/** the competent committee (admission) or the superior committee (recognition after three rounds) */
export declare const recordDecision: Svc<DecisionInput, CandidateView>;
export declare const recordCeremony: Svc<CeremonyInput, CandidateView>;
export declare const recordBiography: Svc<BiographyInput, CandidateView>;
export declare const recordNewMemberCourse: Svc<CertificateInput, CandidateView>;
/** completes the probation-end wait once `today` ≥ the end of the 12 months (app or daily job) */
export declare const completeProbationEnd: Svc<{ today: string }, CandidateView>;
export declare const recordRecognitionVote: Svc<RecognitionVoteInput, CandidateView>;
export declare const withdraw: Svc<WithdrawInput, CandidateView>;
/** re-delivers step outcomes committed but not yet sent to the workflow (crash recovery; daily job) */
export declare function resumePendingCallbacks(candidateId?: string): Promise<number>;

// ---- documents (./documents.ts) ------------------------------------------------------------------------------
export declare function presignUpload(
  actor: Actor,
  candidateId: string,
  req: UploadRequest,
): Promise<PresignedUpload>;
export declare function confirmUpload(
  actor: Actor,
  candidateId: string,
  docId: string,
  lang?: Lang,
): Promise<UploadResult>;
export declare function listDocuments(actor: Actor, candidateId: string): Promise<DocumentView[]>;
export declare function presignDownload(
  actor: Actor,
  candidateId: string,
  docId: string,
): Promise<{ url: string; expiresAt: string }>;

// ---- approval links (./links.ts); the page is the web app's -------------------------------------------------
/** made by the workflow when a decision is awaited: one link per approver and pending step */
export declare function createApprovalLink(q: {
  candidateId: string;
  approverId: string;
  ttlDays?: number;
}): Promise<{ linkId: string; url: string; expiresAt: string }>;
/** the link id is the capability (no session); never changes anything (mail scanners open links) */
export declare function getApprovalLink(linkId: string): Promise<ApprovalLinkView>;
/** records the decision once; a second use answers LINK_USED ("already recorded") */
export declare function consumeApprovalLink(
  linkId: string,
  input: Omit<DecisionInput, 'decidedOn'> & { decidedOn?: string },
): Promise<CandidateView>;

// ---- targets (./targets.ts) ----------------------------------------------------------------------------------
export declare function getTargets(actor: Actor, cellId: string, period: string): Promise<Targets>;
export declare function setTargets(actor: Actor, targets: Targets): Promise<Targets>;
export declare function getProgress(actor: Actor, cellId: string, year: string): Promise<Progress[]>;
