import * as z from 'zod';

/** A bare file name: no path separators, no '..', no control characters. */
export const fileName = z
  .string()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  .refine((s) => !/[/\\\u0000-\u001f\u007f]/.test(s) && !s.includes('..') && s.trim() === s && s !== '.', {
    error: 'v.fileName',
  });
