/** zod schemas of the application services' inputs (the web app may parse with these too). */
import * as z from 'zod';
import { dateInVietnam } from '../domain/date.ts';
import { personName } from '../schemas/common.ts';
import { fileName } from '../schemas/document.ts';

const day = z.iso.date();
/** The date of something that happened: never after today in Vietnam (the server's day, not the browser's). */
const eventDay = day.refine((d) => d <= dateInVietnam(new Date()), { error: 'v.future' });
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/);
const count = z.number().int().min(0).max(100_000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const ReferInput = z.object({
  cellId: id,
  fullName: personName,
  birthDate: eventDay,
  referredOn: eventDay,
  introduction: z.object({
    path: z.enum(['union-plus-member', 'two-members']),
    introducerMemberIds: z.array(id).min(1).max(2),
    /** per introducer (member id): since when they have worked together with the candidate in the same unit */
    togetherSince: z.record(id, eventDay),
  }),
  requestId: z.string().min(8).max(100).optional(),
  /** the referral starts from this pool record: the person leaves the pool, helper and tasks move over */
  poolPersonId: id.optional(),
});

const expect = { expectedVersion: z.number().int().min(0).optional() };

export const CertificateInput = z.object({
  certificateNo: text(60),
  issuedOn: eventDay,
  issuer: text(200).optional(),
  ...expect,
});
export const DossierInput = z.object({ submittedOn: eventDay, ...expect });
export const CellVoteInput = z
  .object({
    meetingOn: eventDay,
    yes: count,
    no: count,
    abstain: count.optional(),
    denominator: z.number().int().min(1).max(100_000).optional(),
    form: z.enum(['ballot', 'cards']),
    /** held in person or online (03-HD/TW pilot; the ruleset says whether it may be) */
    meetingMode: z.enum(['in_person', 'online']).optional(),
    resolutionNo: text(60).optional(),
    ...expect,
  })
  .strict();
export const AppraisalInput = z.object({
  appraisedOn: eventDay,
  reportNo: text(60).optional(),
  opinion: z.enum(['agree', 'disagree']),
  ...expect,
});
export const DecisionInput = z.object({
  decision: z.enum(['approve', 'return', 'refuse']),
  decidedOn: eventDay,
  decisionNo: text(60).optional(),
  note: text(2000).optional(),
  ...expect,
});
export const CeremonyInput = z.object({ heldOn: eventDay, helperMemberId: id.optional(), ...expect });
export const BiographyInput = z.object({ submittedOn: eventDay, ...expect });
export const ProbationEndInput = z.object({ today: day, ...expect });
export const RecognitionVoteInput = z.object({
  meetingOn: eventDay,
  yes: count,
  no: count,
  abstain: count.optional(),
  denominator: z.number().int().min(1).max(100_000).optional(),
  form: z.enum(['ballot', 'cards']),
  meetingMode: z.enum(['in_person', 'online']).optional(),
  motion: z.enum(['recognise', 'remove']).optional(),
  ...expect,
});
export const WithdrawInput = z.object({ on: eventDay, reason: text(500), ...expect });
export const UploadRequest = z.object({
  formCode: z.string().min(1).max(20),
  /** a bare name: no path separators, no '..' (it is shown to approvers and used in download headers) */
  fileName,
  contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size: z.number().int().min(1),
  /** the document's date (signed / issued); defaults to the upload day */
  signedOn: eventDay.optional(),
  /** 3-KNĐ: which introducing member wrote it */
  introducerMemberId: id.optional(),
  /** 2-KNĐ: the day the grassroots committee certified the verified biography */
  verifiedOn: eventDay.optional(),
});
export const TargetsInput = z.object({
  cellId: id,
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/),
  sentToCourse: count.optional(),
  dossiersSubmitted: count.optional(),
  admitted: count.optional(),
  recognized: count.optional(),
  introductions: count.optional(),
});
