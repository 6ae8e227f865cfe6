/** Building blocks of the input schemas. Custom messages are i18n keys ('v.*'), translated by formatZodError. */
import * as z from 'zod';
import { isCalendarDate } from '../domain/date.ts';
import { isPersonName, personName as normalizePersonName } from '../domain/names.ts';

/** A calendar date 'YYYY-MM-DD' that exists. */
export const calendarDate = z.string().refine(isCalendarDate, { error: 'v.date' });

/** Free text, trimmed, 1..max characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** Optional free text. */
export const optionalText = (max: number) => z.string().trim().max(max).optional();

/**
 * A person's full name, by the domain's rule (shared/domain/names.ts): words of letters with their diacritics;
 * no digits, control or bidirectional characters, no markup. Kept in its stored form (NFC, single spaces).
 */
export const personName = z
  .string()
  .max(1000)
  .refine(isPersonName, { error: 'v.name' })
  .overwrite((s) => normalizePersonName(s) ?? s);

/** An opaque id from our own store. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'v.format' });

/** A document number and symbol, e.g. 'Số 12-NQ/CB'. */
export const docRef = text(80);

export const count = z.number().int().min(0).max(100_000);
