import type * as z from 'zod';
import { AppError } from './types.ts';

/** Parse a service input; bad input answers INVALID with the fields at fault, nothing changed. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => i.path.join('.') || '(input)');
  throw new AppError(
    'INVALID',
    {
      vi: `Dữ liệu không hợp lệ: ${fields.join(', ')}`,
      en: `Invalid input: ${fields.join(', ')}`,
    },
    { fields, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
  );
}
