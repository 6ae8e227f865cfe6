/** Building blocks of the input schemas. Custom messages are i18n keys ('v.*'), translated by formatZodError. */
import * as z from 'zod';
import { isPersonName, personName as normalizePersonName } from '../domain/names.ts';

/**
 * A person's full name, by the domain's rule (shared/domain/names.ts): words of letters with their diacritics;
 * no digits, control or bidirectional characters, no markup. Kept in its stored form (NFC, single spaces).
 */
export const personName = z
  .string()
  .max(1000)
  .refine(isPersonName, { error: 'v.name' })
  .overwrite((s) => normalizePersonName(s) ?? s);
