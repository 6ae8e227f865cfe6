import { describe, expect, it } from 'vitest';
import { ageInMonths, checkAge, checkEducation, RULESETS } from '../../../shared/domain/index.ts';
import { codes } from './fixtures.ts';

const r = RULESETS.r2025;
const exception = { approvedBy: 'Ban Thường vụ Thành ủy', approvedOn: '2024-01-01', reference: 'Số 1-CV/TU' };

describe('age at the cell vote, in whole months (rules.md#age)', () => {
  it.each([
    ['exactly 18 years', '2006-01-20', '2024-01-20', []],
    ['one day short', '2006-01-21', '2024-01-20', ['AGE_UNDER_MIN']],
    ['one month short', '2006-02-20', '2024-01-20', ['AGE_UNDER_MIN']],
    ['born 29/2, vote on 28/2 eighteen years on', '2008-02-29', '2026-02-28', []],
    ['vote before birth', '2030-01-01', '2024-01-20', ['AGE_UNDER_MIN']],
    ['exactly 60 years (720 months)', '1964-01-20', '2024-01-20', []],
    ['60 years and 30 days, still 720 whole months', '1963-12-21', '2024-01-20', []],
    ['721 months', '1963-12-20', '2024-01-20', ['AGE_OVER_MAX_NEEDS_EXCEPTION']],
  ])('%s', (_label, birthDate, voteDate, want) => {
    expect(codes(checkAge({ birthDate }, voteDate, r))).toEqual(want);
  });

  it('over 60 passes with an exception record', () => {
    expect(checkAge({ birthDate: '1950-01-01', ageException: exception }, '2024-01-20', r)).toEqual([]);
  });

  it('findings carry both languages and the field', () => {
    const [f] = checkAge({ birthDate: '2006-01-21' }, '2024-01-20', r);
    expect(f?.severity).toBe('block');
    expect(f?.fields).toEqual(['birthDate']);
    expect(f?.message.vi).toContain('215 tháng');
    expect(f?.message.en).toContain('215 months');
  });

  it('ageInMonths', () => {
    expect(ageInMonths('2006-01-20', '2024-01-20')).toBe(216);
    expect(ageInMonths('2024-03-01', '2024-01-20')).toBe(-1);
  });
});

describe('education (rules.md#education)', () => {
  it.each([
    ['lower_secondary', undefined, []],
    ['university', undefined, []],
    ['primary', undefined, ['EDUCATION_BELOW_MIN']],
    ['primary', 'special_area_primary', []],
    ['literate', 'special_area_primary', ['EDUCATION_BELOW_EXCEPTION']],
    ['literate', 'respected_elder_literate', []],
    ['none', 'respected_elder_literate', ['EDUCATION_BELOW_EXCEPTION']],
  ] as const)('%s with exception %s', (education, kind, want) => {
    const c = { education, educationException: kind ? { ...exception, kind } : undefined };
    expect(codes(checkEducation(c, r))).toEqual(want);
  });
});
