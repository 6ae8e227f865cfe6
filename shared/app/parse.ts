import type * as z from 'zod';
import { perLang, t } from '../i18n/lookup.ts';
import '../i18n/messages/app.ts';
import { formatZodError } from '../schemas/errors.ts';
import { AppError } from './types.ts';

/** Parse a service input; bad input answers INVALID with the fields at fault, nothing changed. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => i.path.join('.') || '(input)');
  // each problem named by its field's label, never by its path (the paths stay in `fields`)
  const problems = (lang: 'vi' | 'en') =>
    formatZodError(r.error, lang)
      .details.map((d) => d.message)
      .join('; ');
  throw new AppError(
    'INVALID',
    perLang((l) => t(l, 'app.invalidInput', { problems: problems(l) })),
    { fields, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
  );
}
