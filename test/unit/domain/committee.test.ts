// The committee's quorum (docs/rules.md §7, §9) at its boundaries for committees of 3, 5 and 7 members, the
// standing-committee majority, the recorder of a meeting, and the checks of one answer.
import { describe, expect, it } from 'vitest';
import {
  type CommitteeAnswer,
  checkAnswer,
  quorumRequired,
  quorumRule,
  RULESETS,
  resubmissionDeadline,
  tally,
  withOverrides,
} from '../../../shared/domain/index.ts';

const r = RULESETS.r2025;
const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
/** answers for the first members, in order: 'a' approve, 't' return, 'r' refuse */
const answers = (codes: string): Record<string, CommitteeAnswer> =>
  Object.fromEntries(
    [...codes].map((c, i) => [`m${i + 1}`, c === 'a' ? 'approve' : c === 't' ? 'return' : 'refuse']),
  );
const outcome = (n: number, codes: string) =>
  tally(quorumRule(r, { memberIds: members(n) }), answers(codes)).outcome;

describe('an authorised committee decides with 2/3 of ALL its members', () => {
  it.each([
    [3, 2],
    [5, 4],
    [7, 5],
  ])('%i members need %i agreeing answers', (n, need) => {
    expect(quorumRequired(quorumRule(r, { memberIds: members(n) }))).toBe(need);
  });

  it('3 members: two approvals admit, one is not enough, and a dissent stays a dissent', () => {
    expect(outcome(3, 'a')).toBeUndefined();
    expect(outcome(3, 'aa')).toBe('approve');
    expect(outcome(3, 'ata')).toBe('approve');
    expect(outcome(3, 'at')).toBeUndefined();
    // approval can no longer reach 2, but the third member could still make it a refusal
    expect(outcome(3, 'tr')).toBeUndefined();
    // neither approval nor refusal can reach 2 any more: returned with the comments
    expect(outcome(3, 'tt')).toBe('return');
    expect(outcome(3, 'rr')).toBe('refuse');
    expect(outcome(3, 'atr')).toBe('return');
  });

  it('5 members: 4 approvals admit, 3 do not', () => {
    expect(outcome(5, 'aaa')).toBeUndefined();
    expect(outcome(5, 'aaat')).toBeUndefined();
    expect(outcome(5, 'aaaa')).toBe('approve');
    expect(outcome(5, 'aaata')).toBe('approve');
    expect(outcome(5, 'aaatt')).toBe('return');
    expect(outcome(5, 'tt')).toBe('return');
    expect(outcome(5, 'rrrr')).toBe('refuse');
    expect(outcome(5, 'rrrt')).toBeUndefined();
    expect(outcome(5, 'rrrta')).toBe('return');
  });

  it('7 members: 5 approvals admit, 4 do not; three dissents make approval impossible', () => {
    expect(outcome(7, 'aaaa')).toBeUndefined();
    expect(outcome(7, 'aaaaa')).toBe('approve');
    expect(outcome(7, 'aaaaatr')).toBe('approve');
    expect(outcome(7, 'aaaatt')).toBeUndefined();
    expect(outcome(7, 'ttt')).toBe('return');
    expect(outcome(7, 'rrrrr')).toBe('refuse');
    expect(outcome(7, 'rrrr')).toBeUndefined();
  });

  it('counts only the committee’s members, once each', () => {
    const t = tally(quorumRule(r, { memberIds: ['m1', 'm2', 'm3'] }), { m1: 'approve', x: 'approve' });
    expect(t).toMatchObject({ approve: 1, pending: 2, voters: 3 });
    expect(t.outcome).toBeUndefined();
    expect(tally(quorumRule(r, { memberIds: [] }), {}).outcome).toBeUndefined();
  });
});

describe('a committee without delegated authority', () => {
  const setup = { memberIds: members(5), authorised: false, standingIds: ['m1', 'm2', 'm3'] };
  it('standing committee: the majority of its standing members; others give opinions', () => {
    const rule = quorumRule(r, setup);
    expect(rule.kind).toBe('standingMajority');
    expect(quorumRequired(rule)).toBe(2);
    expect(tally(rule, { m4: 'approve', m5: 'approve', m1: 'approve' }).outcome).toBeUndefined();
    expect(tally(rule, { m1: 'approve', m2: 'approve' }).outcome).toBe('approve');
    expect(tally(rule, { m1: 'approve', m2: 'return', m3: 'refuse' }).outcome).toBe('return');
  });
  it('one designated member records the meeting’s decision', () => {
    const rule = quorumRule(r, { ...setup, rule: 'recorder', recorderId: 'm2' });
    expect(rule).toEqual({ kind: 'recorder', voters: ['m2'] });
    expect(tally(rule, { m1: 'refuse' }).outcome).toBeUndefined();
    expect(tally(rule, { m2: 'refuse' }).outcome).toBe('refuse');
    const rec = quorumRule(withOverrides(r, { committee: { otherwise: 'recorder' } }), {
      memberIds: ['m1', 'm2'],
      authorised: false,
    });
    expect(rec).toEqual({ kind: 'recorder', voters: ['m1'] });
  });
});

describe('one answer', () => {
  const codes = (a: Parameters<typeof checkAnswer>[1], rs = r) => checkAnswer(rs, a).map((f) => f.code);
  it('a return or refusal needs a comment; an approval after a passing vote does not', () => {
    expect(codes({ answer: 'approve', cellVotePassed: true })).toEqual([]);
    expect(codes({ answer: 'return', cellVotePassed: true, comment: ' ' })).toEqual([
      'ANSWER_COMMENT_REQUIRED',
    ]);
    expect(codes({ answer: 'refuse', cellVotePassed: true, comment: 'Chưa đủ' })).toEqual([]);
  });
  it('admitting against a failed cell vote needs a comment, or is refused by the ruleset', () => {
    expect(codes({ answer: 'approve', cellVotePassed: false })).toEqual(['ANSWER_AGAINST_CELL_COMMENT']);
    expect(codes({ answer: 'approve', cellVotePassed: false, comment: 'Lý do' })).toEqual([]);
    const strict = withOverrides(r, { committee: { againstFailedCellVote: 'never' } });
    expect(codes({ answer: 'approve', cellVotePassed: false, comment: 'x' }, strict)).toEqual([
      'ANSWER_AGAINST_CELL_FORBIDDEN',
    ]);
  });
  it('the recorder of a meeting gives its number and date', () => {
    expect(codes({ answer: 'approve', cellVotePassed: true, recordsMeeting: true })).toEqual([
      'ANSWER_MEETING_REFERENCE',
    ]);
    expect(
      codes({
        answer: 'approve',
        cellVotePassed: true,
        recordsMeeting: true,
        decisionNo: '12-QĐ/ĐU',
        decidedOn: '2025-09-10',
      }),
    ).toEqual([]);
  });
  it('a return opens a resubmission deadline in working days', () => {
    // Friday 2025-09-05 + 20 working days (2/9 is before it): Friday 2025-10-03
    expect(resubmissionDeadline('2025-09-05', r)).toBe('2025-10-03');
  });
});
