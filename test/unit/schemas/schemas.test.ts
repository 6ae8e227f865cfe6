import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  candidateReferral,
  cellSettings,
  ceremony,
  courseCertificate,
  decision,
  documentMeta,
  formatZodError,
  introducer,
  parseInput,
  recognitionRound,
  targets,
  vote,
  withdrawal,
} from '../../../shared/schemas/index.ts';

const referral = {
  fullName: 'Nguyễn Hồng Quang',
  birthDate: '1995-05-12',
  sex: 'male',
  ethnicity: 'Kinh',
  religion: 'Không',
  education: 'university',
  workplace: 'Công ty TNHH Ví Dụ',
  residence: 'Hải Phòng',
  introducerPath: 'trade_union',
  introducers: [
    { kind: 'trade_union', orgName: 'CĐCS', resolutionRef: 'Số 3-NQ/CĐ', resolutionDate: '2023-09-20' },
    {
      kind: 'member',
      personId: 'm-01',
      fullName: 'Trần Thị Bình',
      status: 'official',
      officialSince: '2015-02-03',
      togetherSince: '2020-01-01',
      sameUnit: true,
      signedOn: '2023-10-01',
    },
  ],
};

const meta = {
  form: '3-KNĐ',
  fileName: 'gioi-thieu.pdf',
  size: 120_000,
  contentType: 'application/pdf',
  signedOn: '2023-10-01',
  introducerPersonId: 'm-01',
};

const errorOf = (schema: z.ZodType, input: unknown, lang: 'vi' | 'en' = 'vi') => {
  const r = parseInput(schema, input, lang);
  if (r.ok) throw new Error('expected a validation error');
  return r.error;
};

describe('candidate referral', () => {
  it('accepts a full referral and defaults introducers', () => {
    expect(candidateReferral.parse(referral).fullName).toBe('Nguyễn Hồng Quang');
    const { introducers: _i, ...bare } = referral;
    expect(candidateReferral.parse(bare).introducers).toEqual([]);
  });

  it('explains every problem in Vietnamese by default, English on request', () => {
    const bad = {
      ...referral,
      fullName: 'Quang 123',
      birthDate: '1995-02-30',
      sex: 'x',
      ethnicity: undefined,
    };
    const vi = errorOf(candidateReferral, bad);
    expect(vi.code).toBe('VALIDATION_FAILED');
    expect(vi.fields).toEqual(['fullName', 'birthDate', 'sex', 'ethnicity']);
    expect(vi.message).toContain('Dữ liệu không hợp lệ');
    expect(vi.message).toContain('Ngày sinh: Ngày không hợp lệ');
    expect(vi.message).toContain('Dân tộc: Bắt buộc nhập');
    const en = errorOf(candidateReferral, bad, 'en');
    expect(en.message).toContain('Date of birth: Not a valid date');
    expect(en.message).toContain('Ethnicity: Required');
    expect(en.details[2]?.message).toBe('Sex: Invalid value (one of: male, female)');
  });

  it('citizen id, exceptions and nested introducer paths', () => {
    expect(errorOf(candidateReferral, { ...referral, citizenId: '12345' }).fields).toEqual(['citizenId']);
    const e = errorOf(candidateReferral, {
      ...referral,
      introducers: [{ ...referral.introducers[1], signedOn: '2023-13-01' }],
    });
    expect(e.fields).toEqual(['introducers.0.signedOn']);
    expect(e.message).toContain('Ngày ký');
    const ok = candidateReferral.safeParse({
      ...referral,
      education: 'primary',
      educationException: {
        kind: 'special_area_primary',
        approvedBy: 'BTV Tỉnh ủy',
        approvedOn: '2023-01-01',
        reference: 'Số 1-CV/TU',
      },
    });
    expect(ok.success).toBe(true);
  });

  it('introducer on its own', () => {
    expect(introducer.safeParse(referral.introducers[0]).success).toBe(true);
    expect(introducer.safeParse({ kind: 'friend' }).success).toBe(false);
  });
});

describe('document metadata', () => {
  it('accepts a PDF letter naming its introducer', () => {
    expect(documentMeta.parse(meta).form).toBe('3-KNĐ');
  });

  it.each(['../etc/passwd.pdf', 'a/b.pdf', 'a\\b.pdf', '..pdf', 'a\u0000.pdf', ' spaced.pdf', '.'])(
    'refuses the file name %j',
    (fileName) => {
      const e = errorOf(documentMeta, { ...meta, fileName }, 'en');
      expect(e.fields).toContain('fileName');
      expect(e.message).toMatch(/file name|File name/);
    },
  );

  it('size, type, extension, digest, and 3-KNĐ needs its introducer', () => {
    expect(errorOf(documentMeta, { ...meta, size: 0 }).fields).toEqual(['size']);
    expect(errorOf(documentMeta, { ...meta, size: 21 * 1024 * 1024 }, 'en').message).toContain(
      '1 byte to 20 MB',
    );
    expect(errorOf(documentMeta, { ...meta, contentType: 'text/html' }).fields).toEqual(['contentType']);
    expect(errorOf(documentMeta, { ...meta, fileName: 'scan.png' }).fields).toEqual(['fileName']);
    expect(errorOf(documentMeta, { ...meta, fileName: 'scan' }).fields).toEqual(['fileName']);
    expect(errorOf(documentMeta, { ...meta, sha256: 'abc' }).fields).toEqual(['sha256']);
    expect(errorOf(documentMeta, { ...meta, introducerPersonId: undefined }).fields).toEqual([
      'introducerPersonId',
    ]);
    expect(errorOf(documentMeta, { ...meta, form: '99-KNĐ' }).fields).toEqual(['form']);
    expect(
      documentMeta.safeParse({
        ...meta,
        form: '1-KNĐ',
        introducerPersonId: undefined,
        fileName: 'don.JPG',
        contentType: 'image/jpeg',
      }).success,
    ).toBe(true);
  });

  it('course certificate', () => {
    expect(
      courseCertificate.safeParse({ kind: 'awareness', number: '12', issuedOn: '2023-05-10', issuer: 'TTCT' })
        .success,
    ).toBe(true);
    expect(
      errorOf(courseCertificate, { kind: 'awareness', number: '', issuedOn: '2023-05-10', issuer: 'TTCT' })
        .message,
    ).toContain('Số: Cần ít nhất 1 ký tự');
  });
});

describe('votes', () => {
  const cell = {
    body: 'cell',
    purpose: 'admission',
    date: '2024-01-20',
    form: 'secret_ballot',
    yes: 33,
    no: 16,
    roll: { officialMembers: 49 },
  };
  it('a cell vote with defaults', () => {
    const v = vote.parse(cell);
    expect(v.abstain).toBe(0);
    expect(v.roll?.exemptAbsent).toBe(0);
  });
  it.each([
    [{ ...cell, yes: 40 }, 'yes', 'Tổng số phiếu vượt quá'],
    [{ ...cell, roll: undefined }, 'roll', 'cần số đảng viên chính thức'],
    [{ ...cell, roll: { officialMembers: 2, exemptAbsent: 2 } }, 'roll', 'Số được trừ vượt quá'],
    [{ ...cell, body: 'committee' }, 'committeeMembers', 'tổng số cấp ủy viên'],
    [{ ...cell, yes: 3.5 }, 'yes', 'Phải là số nguyên'],
    [{ ...cell, no: -1 }, 'no', 'Phải lớn hơn hoặc bằng 0'],
    [{ ...cell, yes: 1_000_000 }, 'yes', 'Phải nhỏ hơn hoặc bằng 100000'],
  ])('refuses %j', (input, field, text) => {
    const e = errorOf(vote, input);
    expect(e.fields).toEqual([field]);
    expect(e.message).toContain(text);
  });
  it('a committee vote over its members', () => {
    expect(
      vote.safeParse({ ...cell, body: 'committee', committeeMembers: 49, roll: undefined }).success,
    ).toBe(true);
    expect(vote.safeParse({ ...cell, body: 'committee', committeeMembers: 15 }).success).toBe(false);
  });
});

describe('decision, ceremony, withdrawal, targets', () => {
  it('decision: approve | return with a comment | refuse with a reason', () => {
    expect(decision.parse({ kind: 'approve', decidedOn: '2024-03-01' }).kind).toBe('approve');
    expect(errorOf(decision, { kind: 'return', comment: '   ' }).fields).toEqual(['comment']);
    expect(errorOf(decision, { kind: 'refuse' }, 'en').message).toContain('Reason: Required');
    expect(errorOf(decision, { kind: 'maybe' }).message).toContain('approve, return, refuse');
  });
  it('ceremony and withdrawal', () => {
    expect(
      ceremony.safeParse({ date: '2024-03-15', decisionRef: 'Số 9-QĐ/ĐU', helperPersonId: 'm-01' }).success,
    ).toBe(true);
    expect(
      errorOf(ceremony, { date: '15/03/2024', decisionRef: 'x', helperPersonId: 'bad id!' }).fields,
    ).toEqual(['date', 'helperPersonId']);
    expect(errorOf(withdrawal, { reason: '', on: '2024-01-01' }).fields).toEqual(['reason']);
  });
  it('targets: months inside the year, no unknown metric', () => {
    expect(targets.parse({ year: 2024, annual: { sentToCourse: 180, admitted: 60 } }).monthly).toEqual({});
    const e = errorOf(targets, { year: 2024, annual: {}, monthly: { '2025-01': {} } }, 'en');
    expect(e.fields).toEqual(['monthly.2025-01']);
    expect(e.message).toContain('Target months must be in 2024');
    expect(errorOf(targets, { year: 2024, annual: { bogus: 1 } }).message).toContain('bogus');
  });
});

describe('formatZodError', () => {
  it('formats a thrown ZodError and a non-object input', () => {
    const r = candidateReferral.safeParse(null);
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

describe('recognition round and cell settings', () => {
  const round = {
    date: '2025-03-05',
    form: 'party_cards',
    round: 1,
    roll: { officialMembers: 49 },
    recogniseYes: 33,
  };
  it('accepts a round; refuses more votes than voters or a bad roll', () => {
    expect(recognitionRound.parse(round).roll.suspendedOrDetained).toBe(0);
    expect(errorOf(recognitionRound, { ...round, recogniseYes: 50 }).message).toContain(
      'Số phiếu tán thành công nhận',
    );
    expect(errorOf(recognitionRound, { ...round, removeYes: 50 }).fields).toEqual(['recogniseYes']);
    expect(
      errorOf(recognitionRound, { ...round, roll: { officialMembers: 1, exemptAbsent: 1 } }).fields,
    ).toEqual(['roll']);
    expect(errorOf(recognitionRound, { ...round, round: 0 }).fields).toEqual(['round']);
  });
  it('cell settings', () => {
    const s = cellSettings.parse({
      name: 'Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng',
      officialMembers: 49,
      probationaryMembers: 23,
      hasSubcommittee: false,
      hasGrassrootsCommittee: true,
    });
    expect(s.delegatedAuthority).toBe(false);
    expect(errorOf(cellSettings, { name: '', officialMembers: -1 }, 'en').fields).toEqual([
      'name',
      'officialMembers',
      'probationaryMembers',
      'hasSubcommittee',
      'hasGrassrootsCommittee',
    ]);
  });
});

describe('every exported schema renders to JSON Schema (the OpenAPI document uses it)', () => {
  it('toJSONSchema works for all', async () => {
    const all = await import('../../../shared/schemas/index.ts');
    const schemas = Object.entries(all).filter(([, v]) => v instanceof z.ZodType);
    expect(schemas.length).toBeGreaterThan(15);
    for (const [, s] of schemas) expect(() => z.toJSONSchema(s as z.ZodType, { io: 'input' })).not.toThrow();
  });
});
