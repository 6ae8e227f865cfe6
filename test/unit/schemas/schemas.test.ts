// The shared building blocks of the input schemas (a person's name, a file name) and the one translated error
// format, read through the application's own input schemas (shared/app/schemas.ts), which the API and the
// OpenAPI document use.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ReferInput } from '../../../shared/app/schemas.ts';
import { fileName, formatZodError, personName } from '../../../shared/schemas/index.ts';

const referral = {
  cellId: 'hp-kkt',
  fullName: 'Nguyễn Hồng Quang',
  birthDate: '1995-05-12',
  referredOn: '2023-10-02',
  introduction: {
    path: 'two-members',
    introducerMemberIds: ['m-01', 'm-02'],
    togetherSince: { 'm-01': '2020-01-01', 'm-02': '2021-03-01' },
  },
};

const errorOf = (schema: z.ZodType, input: unknown, lang: 'vi' | 'en' = 'vi') => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return formatZodError(r.error, lang);
};

describe('a referral, as the application parses it', () => {
  it('accepts a referral and keeps the name in its stored form', () => {
    expect(ReferInput.parse({ ...referral, fullName: '  Nguyễn   Hồng Quang ' }).fullName).toBe(
      'Nguyễn Hồng Quang',
    );
  });

  it('explains every problem in Vietnamese by default, English on request', () => {
    const bad = { ...referral, fullName: 'Quang 123', birthDate: '1995-02-30', cellId: undefined };
    const vi = errorOf(ReferInput, bad);
    expect(vi.code).toBe('VALIDATION_FAILED');
    expect(vi.fields.sort()).toEqual(['birthDate', 'cellId', 'fullName']);
    expect(vi.message).toContain('Dữ liệu không hợp lệ');
    const en = errorOf(ReferInput, bad, 'en');
    expect(en.message).not.toEqual(vi.message);
    expect(en.fields.sort()).toEqual(['birthDate', 'cellId', 'fullName']);
  });

  it('nested introducer fields are named by their path', () => {
    const e = errorOf(ReferInput, {
      ...referral,
      introduction: { ...referral.introduction, togetherSince: { 'm-01': '2023-13-01' } },
    });
    expect(e.fields).toEqual(['introduction.togetherSince.m-01']);
  });
});

describe('a file name', () => {
  const named = z.object({ fileName });
  it('accepts a bare file name', () => {
    expect(named.parse({ fileName: 'gioi-thieu.pdf' }).fileName).toBe('gioi-thieu.pdf');
  });
  it.each(['../etc/passwd.pdf', 'a/b.pdf', 'a\\b.pdf', '..pdf', 'a\u0000.pdf', ' spaced.pdf', '.'])(
    'refuses the file name %j',
    (name) => {
      const e = errorOf(named, { fileName: name }, 'en');
      expect(e.fields).toContain('fileName');
      expect(e.message).toMatch(/file name|File name/);
    },
  );
});

describe("a person's name", () => {
  const named = z.object({ fullName: personName });
  it('accepts letters with their diacritics; refuses digits and markup', () => {
    expect(named.safeParse({ fullName: 'Đỗ Thị Thu Hà' }).success).toBe(true);
    expect(errorOf(named, { fullName: 'Quang 123' }).fields).toEqual(['fullName']);
    expect(errorOf(named, { fullName: '<b>Quang</b>' }).fields).toEqual(['fullName']);
  });
});

describe('formatZodError', () => {
  it('formats a thrown ZodError and a non-object input', () => {
    const r = ReferInput.safeParse(null);
    expect(r.success).toBe(false);
    if (!r.success) {
      const e = formatZodError(r.error);
      expect(e.fields).toEqual(['']);
      expect(e.details[0]?.message).toBe('Dữ liệu: Sai kiểu dữ liệu');
      expect(formatZodError(r.error, 'en').details[0]?.message).toBe('Input: Wrong type');
    }
  });
  it('falls back on generic messages for issues without a key', () => {
    const s = z.object({
      tags: z.array(z.string()).min(1).max(1),
      n: z.number().max(3),
      u: z.union([z.string(), z.number()]),
      f: z.email(),
    });
    const e = errorOf(s, { tags: [], n: 5, u: true, f: 'x' }, 'en');
    expect(e.details.map((d) => d.message)).toEqual([
      // a field without a label is never named by its path in a message a person reads
      'Input: At least 1 items',
      'Input: Must be at most 3',
      'Input: Invalid value',
      'Input: Wrong format',
    ]);
    expect(errorOf(s, { tags: ['a', 'b'], n: 1, u: 1, f: 'a@b.vn' }, 'en').details[0]?.message).toBe(
      'Input: At most 1 items',
    );
    expect(errorOf(z.string().max(2), 'abc', 'en').details[0]?.message).toBe('Input: At most 2 characters');
    expect(errorOf(z.number().multipleOf(2), 3, 'en').details[0]?.message).toBe('Input: Invalid value');
  });
});

describe('every schema of the HTTP API renders to JSON Schema (the OpenAPI document uses them)', () => {
  it('toJSONSchema works for all', async () => {
    const all = await import('../../../shared/web/schemas.ts');
    const schemas = Object.entries(all).filter(([, v]) => v instanceof z.ZodType);
    expect(schemas.length).toBeGreaterThan(15);
    for (const [, s] of schemas) expect(() => z.toJSONSchema(s as z.ZodType, { io: 'input' })).not.toThrow();
  });
});
