/**
 * Application services of ketnap: what the web app (functions/api.ts), the workflow tasks and the tests call.
 *
 * Every service takes the acting user (`Actor`) and enforces the cell scope (another cell's candidate answers
 * NOT_FOUND); input is parsed with zod; a domain rule that fails answers an `AppError` (vi/en message) and
 * changes nothing. A service that moves a candidate commits ONE DynamoDB transaction, then completes the
 * workflow's waiting task (see engine.ts).
 */

import type * as z from 'zod';
import type {
  CellVoteInput as CellVoteSchema,
  CertificateInput as CertificateSchema,
  DecisionInput as DecisionSchema,
  RecognitionVoteInput as RecognitionSchema,
  ReferInput as ReferSchema,
  UploadRequest as UploadSchema,
} from './schemas.ts';

export {
  candidateForStep,
  candidateRecord,
  getCandidate,
  listCandidates,
  referCandidate,
  searchCandidates,
  timeline,
} from './candidates.ts';
export { waitingDecisions } from './committee.ts';
export {
  confirmUpload,
  listDocuments,
  presignDownload,
  presignUpload,
  withdrawDocument,
} from './documents.ts';
export { resumePendingCallbacks } from './engine.ts';
export { consumeApprovalLink, createApprovalLink, getApprovalLink, linkActor } from './links.ts';
export { type ChoresResult, runWorkflowChores } from './maintenance.ts';
export { listTargets, memberIntroductions, pipeline } from './pipeline.ts';
export {
  addToPool,
  getPoolPerson,
  listPool,
  type PoolPersonView,
  poolReferral,
  removeFromPool,
  type TaskView,
} from './pool.ts';
export {
  completeProbationEnd,
  recordAppraisal,
  recordBiography,
  recordCellVote,
  recordCeremony,
  recordCourseCertificate,
  recordDecision,
  recordNewMemberCourse,
  recordRecognitionVote,
  submitDossier,
  withdraw,
} from './steps.ts';
export { getProgress, getTargets, setTargets } from './targets.ts';
export { addTask, assignHelper, candidateSupport, recordTaskOutcome } from './tasks.ts';
export * from './types.ts';

// ---- input types (the zod schemas are in ./schemas.ts) --------------------------------------------------------
export type ReferInput = z.input<typeof ReferSchema>;
export type CertificateInput = z.input<typeof CertificateSchema>;
export type DossierInput = { submittedOn: string; expectedVersion?: number };
export type CellVoteInput = z.input<typeof CellVoteSchema>;
export type AppraisalInput = {
  appraisedOn: string;
  reportNo?: string;
  opinion: 'agree' | 'disagree';
  expectedVersion?: number;
};
export type DecisionInput = z.input<typeof DecisionSchema>;
export type CeremonyInput = { heldOn: string; helperMemberId?: string; expectedVersion?: number };
export type BiographyInput = { submittedOn: string; expectedVersion?: number };
export type RecognitionVoteInput = z.input<typeof RecognitionSchema>;
export type WithdrawInput = { on: string; reason: string; expectedVersion?: number };
export type UploadRequest = z.input<typeof UploadSchema>;
