import { describe, expect, it } from 'vitest';
import { checkIntroducers, type Introducer, RULESETS, withOverrides } from '../../../shared/domain/index.ts';
import { codes, member } from './fixtures.ts';

const r = RULESETS.r2021;
const cand = { personId: 'p-cand', introducerPath: 'two_members' as const };
const union: Introducer = {
  kind: 'trade_union',
  orgName: 'Công đoàn cơ sở Công ty Ví Dụ',
  resolutionRef: 'Số 05-NQ/CĐ',
  resolutionDate: '2023-10-01',
};
const youth: Introducer = { ...union, kind: 'youth_union', orgName: 'Đoàn cơ sở' };

describe('introducers (rules.md#introducers)', () => {
  it.each([
    ['two official members, long together', [member('p1'), member('p2')], []],
    ['only one member', [member('p1')], ['INTRODUCERS_TOO_FEW']],
    ['three members', [member('p1'), member('p2'), member('p3')], ['INTRODUCERS_TOO_MANY']],
    [
      'a probationary member',
      [member('p1'), member('p2', { status: 'probationary' })],
      ['INTRODUCER_PROBATIONARY'],
    ],
    [
      'official only after signing',
      [member('p1'), member('p2', { officialSince: '2023-10-16' })],
      ['INTRODUCER_NOT_OFFICIAL_AT_SIGNING'],
    ],
    ['official on the day of signing', [member('p1'), member('p2', { officialSince: '2023-10-15' })], []],
    [
      'official date unknown',
      [member('p1'), member('p2', { officialSince: undefined })],
      ['INTRODUCER_NOT_OFFICIAL_AT_SIGNING'],
    ],
    ['official for 6 months only is fine', [member('p1'), member('p2', { officialSince: '2023-04-15' })], []],
    ['exactly 12 months together', [member('p1'), member('p2', { togetherSince: '2022-10-15' })], []],
    [
      '12 months less one day together',
      [member('p1'), member('p2', { togetherSince: '2022-10-16' })],
      ['INTRODUCER_TOGETHER_TOO_SHORT'],
    ],
    [
      'together only after signing',
      [member('p1'), member('p2', { togetherSince: '2023-11-01' })],
      ['INTRODUCER_TOGETHER_TOO_SHORT'],
    ],
    [
      'a replacement introducer is exempt from the 12 months and the same unit',
      [
        member('p1'),
        member('p2', {
          togetherSince: '2023-09-01',
          sameUnit: false,
          replacement: { reason: 'chuyển công tác' },
        }),
      ],
      [],
    ],
    ['not in the same unit', [member('p1'), member('p2', { sameUnit: false })], ['INTRODUCER_NOT_SAME_UNIT']],
    ['the candidate introduces themself', [member('p1'), member('p-cand')], ['INTRODUCER_IS_CANDIDATE']],
    ['the same member twice', [member('p1'), member('p1')], ['INTRODUCER_DUPLICATE']],
    [
      'a resolution on the two-member path',
      [member('p1'), member('p2'), union],
      ['INTRODUCER_MASS_ORG_MISMATCH'],
    ],
  ] as Array<[string, Introducer[], string[]]>)('%s', (_label, intros, want) => {
    expect(codes(checkIntroducers(cand, intros, r))).toEqual(want);
  });

  it('trade-union path: resolution + one member, flagged for the committee to confirm', () => {
    const c = { ...cand, introducerPath: 'trade_union' as const };
    const fs = checkIntroducers(c, [union, member('p1')], r);
    expect(fs.map((f) => [f.code, f.severity])).toEqual([['INTRODUCER_PATH_TO_CONFIRM', 'warn']]);
    expect(codes(checkIntroducers(c, [member('p1')], r))).toEqual([
      'INTRODUCER_RESOLUTION_MISSING',
      'INTRODUCER_PATH_TO_CONFIRM',
    ]);
    expect(codes(checkIntroducers(c, [union, member('p1'), member('p2')], r))).toContain(
      'INTRODUCERS_TOO_MANY',
    );
  });

  it('Youth Union path: the resolution must come from the Youth Union', () => {
    const c = { ...cand, introducerPath: 'youth_union' as const };
    expect(checkIntroducers(c, [youth, member('p1')], r)).toEqual([]);
    expect(codes(checkIntroducers(c, [union, member('p1')], r))).toEqual([
      'INTRODUCER_RESOLUTION_MISSING',
      'INTRODUCER_MASS_ORG_MISMATCH',
    ]);
    const [missing] = checkIntroducers(c, [member('p1')], r);
    expect(missing?.message.en).toContain('4-KNĐ');
  });

  it('a path the ruleset does not allow is blocked', () => {
    const strict = withOverrides(r, { introducers: { pathsAllowed: ['two_members'] } });
    const c = { ...cand, introducerPath: 'trade_union' as const };
    expect(codes(checkIntroducers(c, [union, member('p1')], strict))).toContain(
      'INTRODUCER_PATH_NOT_ALLOWED',
    );
  });

  it('names the fields involved', () => {
    const [f] = checkIntroducers(cand, [member('p1'), member('p2', { sameUnit: false })], r);
    expect(f?.fields).toEqual(['introducers.1.sameUnit']);
  });
});
