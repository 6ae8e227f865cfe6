import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CellRoll,
  cellDenominator,
  checkCellVote,
  checkCommitteeVote,
  RULESETS,
  requiredYes,
  type Vote,
  votePasses,
} from '../../../shared/domain/index.ts';

const r = RULESETS.r2025;
const roll = (over: Partial<CellRoll> = {}): CellRoll => ({
  officialMembers: 49,
  temporarilyElsewhere: 0,
  exemptAbsent: 0,
  suspendedOrDetained: 0,
  ...over,
});
const cellVote = (yes: number, no: number, over: Partial<Vote> = {}): Vote => ({
  body: 'cell',
  purpose: 'admission',
  date: '2024-01-20',
  form: 'secret_ballot',
  yes,
  no,
  abstain: 0,
  roll: roll(),
  ...over,
});

describe('cell vote (rules.md#votes)', () => {
  it('founding cell, 49 official members: 33 yes passes, 32 fails and is reported up', () => {
    const pass = checkCellVote(cellVote(33, 16), r);
    expect(pass).toMatchObject({
      denominator: 49,
      required: 33,
      passed: true,
      outcome: 'passed',
      findings: [],
    });
    const fail = checkCellVote(cellVote(32, 17), r);
    expect(fail).toMatchObject({ denominator: 49, required: 33, passed: false, outcome: 'report_up' });
    expect(fail.findings.map((f) => [f.code, f.severity])).toEqual([['VOTE_BELOW_THRESHOLD', 'warn']]);
    expect(fail.findings[0]?.message.vi).toContain('32/49');
  });

  it('absent members still count; the deductions of rules.md#votes do not', () => {
    // 49 − 2 elsewhere − 1 exempt absent − 1 detained = 45; 2/3 of 45 = 30
    const v = (yes: number) =>
      checkCellVote(
        cellVote(yes, 0, {
          roll: roll({ temporarilyElsewhere: 2, exemptAbsent: 1, suspendedOrDetained: 1 }),
        }),
        r,
      );
    expect(v(30)).toMatchObject({ denominator: 45, required: 30, passed: true });
    expect(v(29)).toMatchObject({ denominator: 45, passed: false, outcome: 'report_up' });
    // 20 present of 49, all yes: not 2/3 of the official members
    expect(checkCellVote(cellVote(20, 0), r).passed).toBe(false);
  });

  it.each([
    [3, 2, true],
    [3, 1, false],
    [6, 4, true],
    [6, 3, false],
    [1, 1, true],
  ])('exactly 2/3: %i voters, %i yes → %s', (n, yes, passed) => {
    expect(checkCellVote(cellVote(yes, 0, { roll: roll({ officialMembers: n }) }), r).passed).toBe(passed);
  });

  it.each([
    ['more ballots than voters', cellVote(40, 10), 'VOTE_COUNT_EXCEEDS'],
    ['negative count', cellVote(-1, 0), 'VOTE_COUNT_INVALID'],
    ['fractional count', cellVote(33.5, 0), 'VOTE_COUNT_INVALID'],
    ['no roll', cellVote(33, 0, { roll: undefined }), 'VOTE_ROLL_MISSING'],
    [
      'deductions above the members',
      cellVote(1, 0, { roll: roll({ officialMembers: 2, exemptAbsent: 3 }) }),
      'VOTE_ROLL_INVALID',
    ],
    ['negative deduction', cellVote(1, 0, { roll: roll({ exemptAbsent: -1 }) }), 'VOTE_ROLL_INVALID'],
  ])('invalid: %s', (_label, vote, code) => {
    const res = checkCellVote(vote, r);
    expect(res.outcome).toBe('invalid');
    expect(res.passed).toBe(false);
    expect(res.findings.map((f) => f.code)).toEqual([code]);
  });
});

describe('committee vote: 2/3 of all committee members', () => {
  const committee = (yes: number, members?: number): Vote => ({
    body: 'committee',
    purpose: 'admission',
    date: '2024-02-01',
    form: 'secret_ballot',
    yes,
    no: 0,
    abstain: 0,
    committeeMembers: members,
  });
  it('15 members: 10 passes, 9 fails', () => {
    expect(checkCommitteeVote(committee(10, 15), r)).toMatchObject({ passed: true, required: 10 });
    expect(checkCommitteeVote(committee(9, 15), r)).toMatchObject({ passed: false, outcome: 'report_up' });
  });
  it('needs the committee size', () => {
    expect(checkCommitteeVote(committee(9), r).findings[0]?.code).toBe('VOTE_COMMITTEE_SIZE_INVALID');
    expect(checkCommitteeVote(committee(9, 0), r).outcome).toBe('invalid');
  });
});

describe('threshold arithmetic', () => {
  it('requiredYes and denominators', () => {
    expect(requiredYes(49, r.vote.passFraction)).toBe(33);
    expect(votePasses(0, 0, r.vote.passFraction)).toBe(false);
    expect(cellDenominator(roll({ temporarilyElsewhere: 4 }))).toBe(45);
  });
  it('property: requiredYes passes and one fewer fails, for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
        const k = requiredYes(n, r.vote.passFraction);
        expect(votePasses(k, n, r.vote.passFraction)).toBe(true);
        expect(votePasses(k - 1, n, r.vote.passFraction)).toBe(false);
        expect(k / n >= 2 / 3 - 1e-12).toBe(true);
      }),
    );
  });
});
