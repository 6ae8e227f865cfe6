import * as z from 'zod';
import { FORM_CODES } from '../domain/forms.ts';
import type { FormCode } from '../domain/ruleset.ts';
import { calendarDate, id } from './common.ts';

export const MAX_DOCUMENT_MB = 20;
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
const EXTENSIONS: Record<(typeof DOCUMENT_CONTENT_TYPES)[number], string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

export const formCode = z.enum(FORM_CODES as [FormCode, ...FormCode[]]);

/** A bare file name: no path separators, no '..', no control characters. */
export const fileName = z
  .string()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  .refine((s) => !/[/\\\u0000-\u001f\u007f]/.test(s) && !s.includes('..') && s.trim() === s && s !== '.', {
    error: 'v.fileName',
  });

/** Metadata of a document about to be uploaded (the bytes go straight to storage). */
export const documentMeta = z
  .object({
    form: formCode,
    fileName,
    size: z
      .number()
      .int()
      .min(1, { error: 'v.fileSize' })
      .max(MAX_DOCUMENT_MB * 1024 * 1024, { error: 'v.fileSize' }),
    contentType: z.enum(DOCUMENT_CONTENT_TYPES, { error: 'v.fileType' }),
    signedOn: calendarDate,
    introducerPersonId: id.optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: 'v.sha256' })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const ext = v.fileName.includes('.') ? v.fileName.split('.').pop()?.toLowerCase() : undefined;
    if (!ext || !EXTENSIONS[v.contentType].includes(ext)) {
      ctx.addIssue({ code: 'custom', path: ['fileName'], message: 'v.fileExtension' });
    }
    if (v.form === '3-KNĐ' && !v.introducerPersonId) {
      ctx.addIssue({ code: 'custom', path: ['introducerPersonId'], message: 'v.introducerForLetter' });
    }
  });

export type DocumentMeta = z.output<typeof documentMeta>;

/** A course certificate recorded by the cell secretary. */
export const courseCertificate = z.object({
  kind: z.enum(['awareness', 'new_member']),
  number: z.string().trim().min(1).max(50),
  issuedOn: calendarDate,
  issuer: z.string().trim().min(1).max(200),
});

export type CourseCertificateInput = z.output<typeof courseCertificate>;
