// zod schemas of the HTTP API's inputs and outputs (the OpenAPI document is generated from these).
// They mirror the application services' inputs (shared/app); the services validate again.
import { z } from 'zod';

/** A message in both languages, carried through zod as JSON and picked per request (errors.ts). */
const msg = (vi: string, en: string) => JSON.stringify({ vi, en });

export const Day = z.iso.date({
  error: msg('Ngày không hợp lệ (dd/mm/yyyy).', 'Invalid date (dd/mm/yyyy).'),
});
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{1,128}$/, { error: msg('Mã không hợp lệ.', 'Invalid id.') });
const Version = z.number().int().min(0).max(1_000_000_000).optional();
const Count = z
  .number({ error: msg('Phải là số nguyên không âm.', 'Must be a whole number, 0 or more.') })
  .int({ error: msg('Phải là số nguyên không âm.', 'Must be a whole number, 0 or more.') })
  .min(0, { error: msg('Phải là số nguyên không âm.', 'Must be a whole number, 0 or more.') })
  .max(100_000);
const Text = (max: number) => z.string().trim().max(max);

export const ReferBody = z
  .object({
    cellId: Id,
    fullName: z
      .string()
      .trim()
      .min(2, { error: msg('Vui lòng nhập họ và tên.', 'Please enter the full name.') })
      .max(120),
    birthDate: Day,
    referredOn: Day,
    introduction: z.object({
      path: z.enum(['union-plus-member', 'two-members']),
      introducerMemberIds: z.array(Id).max(3),
    }),
    requestId: Id.optional(),
  })
  .meta({ id: 'ReferBody' });

export const CertificateBody = z
  .object({
    certificateNo: Text(60).min(1, {
      error: msg('Vui lòng nhập số giấy chứng nhận.', 'Please enter the number.'),
    }),
    issuedOn: Day,
    issuer: Text(200).optional(),
    expectedVersion: Version,
  })
  .meta({ id: 'CertificateBody' });

export const DossierBody = z
  .object({ submittedOn: Day, expectedVersion: Version })
  .meta({ id: 'DossierBody' });

export const CellVoteBody = z
  .object({
    meetingOn: Day,
    yes: Count,
    no: Count,
    denominator: z.number().int().min(1).max(100_000).optional(),
    form: z.enum(['ballot', 'cards']),
    resolutionNo: Text(60).optional(),
    expectedVersion: Version,
  })
  .refine((v) => v.denominator === undefined || v.yes + v.no <= v.denominator, {
    error: msg('Tổng số phiếu vượt quá số đảng viên được triệu tập.', 'More votes than members summoned.'),
    path: ['yes'],
  })
  .meta({ id: 'CellVoteBody' });

export const DecisionBody = z
  .object({
    decision: z.enum(['approve', 'return', 'refuse']),
    decidedOn: Day,
    decisionNo: Text(60).optional(),
    note: Text(1000).optional(),
    expectedVersion: Version,
  })
  .meta({ id: 'DecisionBody' });

export const CeremonyBody = z
  .object({ heldOn: Day, helperMemberId: Id.optional(), expectedVersion: Version })
  .meta({ id: 'CeremonyBody' });

export const WithdrawBody = z
  .object({
    on: Day,
    reason: Text(500).min(1, { error: msg('Vui lòng nêu lý do.', 'Please give a reason.') }),
    expectedVersion: Version,
  })
  .meta({ id: 'WithdrawBody' });

export const UploadBody = z
  .object({
    formCode: z
      .string()
      .regex(/^[0-9A-Za-zĐđ-]{1,20}$/, { error: msg('Loại tài liệu không hợp lệ.', 'Invalid form.') }),
    fileName: z.string().min(1).max(200),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    size: z
      .number()
      .int()
      .min(1)
      .max(10 * 1024 * 1024, {
        error: msg('Tệp quá lớn (tối đa 10 MB).', 'File too large (10 MB at most).'),
      }),
  })
  .meta({ id: 'UploadBody' });

export const TargetsBody = z
  .object({
    period: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, { error: msg('Kỳ không hợp lệ.', 'Invalid period.') }),
    sentToCourse: Count.optional(),
    dossiersSubmitted: Count.optional(),
    admitted: Count.optional(),
    official: Count.optional(),
  })
  .meta({ id: 'TargetsBody' });

export const ApprovalBody = z
  .object({
    decision: z.enum(['approve', 'return', 'refuse']),
    comment: Text(1000).optional(),
    csrf: z.string().min(1).max(200),
  })
  .refine((v) => v.decision === 'approve' || (v.comment ?? '').length > 0, {
    error: msg(
      'Vui lòng ghi ý kiến khi trả lại hoặc không đồng ý.',
      'Please comment when returning or refusing.',
    ),
    path: ['comment'],
  })
  .meta({ id: 'ApprovalBody' });

export const ListQuery = z.object({
  cellId: Id.optional(),
  stage: z
    .string()
    .regex(/^[A-Z_]{1,40}$/)
    .optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(2000).optional(),
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
