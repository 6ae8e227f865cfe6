import { describe, expect, it } from 'vitest';
import { checkCeremony, RULESETS } from '../../../shared/domain/index.ts';
import { codes } from './fixtures.ts';

const r = RULESETS.r2021;

describe('ceremony within 30 working days of receiving the decision (rules.md#ceremony)', () => {
  // received 2/1/2024 → due 20/2/2024 (Tết 8–14/2 skipped)
  it.each([
    ['on the day of receipt', '2024-01-02', undefined, []],
    ['on the last day', '2024-02-20', undefined, []],
    ['one working day late', '2024-02-21', undefined, ['CEREMONY_LATE_NEEDS_APPROVAL']],
    ['late with the superior committee’s agreement', '2024-02-21', 'Số 7-CV/ĐU', []],
    ['late with a blank reference', '2024-02-21', '  ', ['CEREMONY_LATE_NEEDS_APPROVAL']],
    ['before the decision arrived', '2024-01-01', undefined, ['CEREMONY_BEFORE_DECISION']],
  ])('%s', (_l, date, lateApprovalRef, want) => {
    expect(codes(checkCeremony({ date, lateApprovalRef }, '2024-01-02', r))).toEqual(want);
  });
});
