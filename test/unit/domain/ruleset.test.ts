import { describe, expect, it } from 'vitest';
import {
  RULESETS,
  registerRuleset,
  rulesetById,
  rulesetFor,
  withOverrides,
} from '../../../shared/domain/index.ts';

describe('rulesets', () => {
  it('are selected by date: 294-QĐ/TW from 1/7/2025', () => {
    expect(rulesetFor('2021-07-30').id).toBe('r2021');
    expect(rulesetFor('2025-06-30').id).toBe('r2021');
    expect(rulesetFor('2025-07-01').id).toBe('r2025');
    expect(rulesetFor('2026-11-25').id).toBe('r2025');
    expect(() => rulesetFor('2021-07-29')).toThrow(RangeError);
  });

  it('hold every number of the rules', () => {
    for (const r of Object.values(RULESETS)) {
      expect(r.age).toEqual({ minMonths: 216, maxMonths: 720 });
      expect(r.vote.passFraction).toEqual({ numerator: 2, denominator: 3 });
      expect(r.introducers.togetherMonths).toBe(12);
      expect(r.certificate.validityMonths).toBe(60);
      expect(r.documentStaleness.months).toBe(12);
      expect(r.deadlines).toEqual({
        decisionWorkingDays: 60,
        recognitionDecisionWorkingDays: 30,
        extensionWorkingDays: 30,
        ceremonyWorkingDays: 30,
        memberBiographyWorkingDays: 30,
        probationMonths: 12,
        recognitionDueWorkingDays: 30,
      });
      expect(r.recognition.maxRounds).toBe(3);
      expect(r.reminders.offsetsWorkingDays).toEqual([7, 1, 0]);
      expect(r.reminders.overdueEveryWorkingDays).toBe(3);
      expect(r.checklists.cell_vote.map((i) => i.form)).toEqual([
        'CN-NTVĐ',
        '1-KNĐ',
        '2-KNĐ',
        '3-KNĐ',
        '4-KNĐ',
        '4A-KNĐ',
        '5-KNĐ',
      ]);
      expect(r.checklists.official.map((i) => i.form)).toEqual(
        expect.arrayContaining([
          '10-KNĐ',
          '11-KNĐ',
          '12-KNĐ',
          '13-KNĐ',
          '14-KNĐ',
          '15-KNĐ',
          '16-KNĐ',
          'CN-ĐVM',
        ]),
      );
      expect(r.unconfirmed).toContain('documentStaleness');
    }
    expect(RULESETS.r2021.verification.relativesWhoAreMembersNeedVerification).toBe(true);
    expect(RULESETS.r2025.verification.relativesWhoAreMembersNeedVerification).toBe(false);
    expect(RULESETS.r2025.basis[0]).toContain('294-QĐ/TW');
  });

  it('by id, including registered derived sets', () => {
    expect(rulesetById('r2021')).toBe(RULESETS.r2021);
    expect(() => rulesetById('r1999')).toThrow(RangeError);
    const local = withOverrides(RULESETS.r2025, { id: 'r2025-test', documentStaleness: { months: 6 } });
    registerRuleset(local);
    expect(rulesetById('r2025-test').documentStaleness).toEqual({
      ...RULESETS.r2025.documentStaleness,
      months: 6,
    });
    expect(() => registerRuleset({ ...local, id: 'r2021' })).toThrow(RangeError);
  });

  it('withOverrides deep-merges, replaces arrays, and leaves the base alone', () => {
    const r = withOverrides(RULESETS.r2021, {
      reminders: { offsetsWorkingDays: [5] },
      introducers: { pathsAllowed: ['two_members'] },
      age: { maxMonths: 719 },
    });
    expect(r.reminders).toEqual({
      offsetsWorkingDays: [5],
      overdueEveryWorkingDays: 3,
      escalateAfterOverdueWorkingDays: 3,
    });
    expect(r.introducers.pathsAllowed).toEqual(['two_members']);
    expect(r.age).toEqual({ minMonths: 216, maxMonths: 719 });
    expect(RULESETS.r2021.reminders.offsetsWorkingDays).toEqual([7, 1, 0]);
    expect(RULESETS.r2021.age.maxMonths).toBe(720);
    expect(withOverrides(RULESETS.r2021, {})).toEqual(RULESETS.r2021);
  });
});

describe('findings helpers', () => {
  it('passes / blocking', async () => {
    const { block, blocking, passes, warn } = await import('../../../shared/domain/index.ts');
    const fs = [warn('W', 'c', 'w'), block('B', 'c', 'b', ['x'])];
    expect(passes(fs)).toBe(false);
    expect(passes([fs[0] as (typeof fs)[number]])).toBe(true);
    expect(blocking(fs).map((f) => f.code)).toEqual(['B']);
  });
});
