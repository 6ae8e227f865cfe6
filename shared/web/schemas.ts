// zod schemas of the HTTP API's inputs and outputs (the OpenAPI document is generated from these).
import * as z from 'zod';
import * as C from '../app/schemas.ts';
import { both } from '../i18n/index.ts';

/** A message in both languages, carried through zod as JSON and picked per request (errors.ts). */
const msg = (key: 'v.day' | 'v.id' | 'v.approvalComment') => JSON.stringify(both(key));

export const Day = z.iso.date({
  error: msg('v.day'),
});
export const Id = z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, { error: msg('v.id') });
const Text = (max: number) => z.string().trim().max(max);

// The bodies of the step endpoints are the application services' own input schemas (shared/app/schemas.ts),
// so the edge and the service agree by construction; `.meta` names them for the OpenAPI document.
export const ReferBody = C.ReferInput.meta({ id: 'ReferBody' });
export const CertificateBody = C.CertificateInput.meta({ id: 'CertificateBody' });
export const DossierBody = C.DossierInput.meta({ id: 'DossierBody' });
export const CellVoteBody = C.CellVoteInput.meta({ id: 'CellVoteBody' });
export const DecisionBody = C.DecisionInput.meta({ id: 'DecisionBody' });
export const AppraisalBody = C.AppraisalInput.meta({ id: 'AppraisalBody' });
export const CeremonyBody = C.CeremonyInput.meta({ id: 'CeremonyBody' });
export const BiographyBody = C.BiographyInput.meta({ id: 'BiographyBody' });
/** The end of probation is checked against the server's day (Vietnam), never a day the client sends. */
export const ProbationEndBody = C.ProbationEndInput.omit({ today: true }).meta({ id: 'ProbationEndBody' });
export const RecognitionVoteBody = C.RecognitionVoteInput.meta({ id: 'RecognitionVoteBody' });
export const WithdrawBody = C.WithdrawInput.meta({ id: 'WithdrawBody' });
export const UploadBody = C.UploadRequest.meta({ id: 'UploadBody' });
export const TargetsBody = C.TargetsInput.omit({ cellId: true }).meta({ id: 'TargetsBody' });

export const ApprovalBody = z
  .object({
    decision: z.enum(['approve', 'return', 'refuse']),
    comment: Text(1000).optional(),
    /** the designated member recording the committee meeting's decision: its number and date */
    decisionNo: Text(60).optional(),
    decidedOn: z.iso.date().optional(),
    csrf: z.string().min(1).max(200),
  })
  .refine((v) => v.decision === 'approve' || (v.comment ?? '').length > 0, {
    error: msg('v.approvalComment'),
    path: ['comment'],
  })
  .meta({ id: 'ApprovalBody' });

/** A filter left empty (the form's "all stages", an empty search box) is no filter. */
const blankIsNone = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const ListQuery = z.object({
  cellId: blankIsNone(Id),
  stage: blankIsNone(z.string().regex(/^[A-Z_]{1,40}$/)),
  q: blankIsNone(z.string().max(100)),
  cursor: blankIsNone(z.string().max(2000)),
});
export const PeriodQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/)
    .optional(),
});
export const CellQuery = z.object({ cellId: Id.optional() });

// ---- outputs (documentation) ----------------------------------------------------------------------------------
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      errorId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const CandidateOut = z
  .object({
    id: z.string(),
    cellId: z.string(),
    fullName: z.string(),
    birthDate: z.string(),
    stage: z.string(),
    stageSince: z.string(),
    version: z.number(),
    waitingFor: z.string().nullable(),
  })
  .loose()
  .meta({ id: 'Candidate' });

export const DocumentOut = z
  .object({
    docId: z.string(),
    formCode: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number(),
    sha256: z.string(),
    uploadedAt: z.string(),
  })
  .loose()
  .meta({ id: 'Document' });

export const PresignOut = z
  .object({
    docId: z.string(),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.number(),
  })
  .loose()
  .meta({ id: 'PresignedUpload' });
