import type * as z from 'zod';
import { formatZodError } from '../schemas/errors.ts';
import { AppError } from './types.ts';

/** Parse a service input; bad input answers INVALID with the fields at fault, nothing changed. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => i.path.join('.') || '(input)');
  // each problem named by its field's label, never by its path (the paths stay in `fields`)
  const vi = formatZodError(r.error, 'vi').details.map((d) => d.message);
  const en = formatZodError(r.error, 'en').details.map((d) => d.message);
  throw new AppError(
    'INVALID',
    { vi: `Dữ liệu nhập chưa hợp lệ. ${vi.join('; ')}`, en: `The input is not valid. ${en.join('; ')}` },
    { fields, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
  );
}
