import { describe, expect, it } from 'vitest';
import {
  type CellRoll,
  checkRecognition,
  type RecognitionInput,
  type RecognitionRound,
  RULESETS,
} from '../../../shared/domain/index.ts';
import { codes } from './fixtures.ts';

const r = RULESETS.r2025;
const roll: CellRoll = {
  officialMembers: 49,
  temporarilyElsewhere: 0,
  exemptAbsent: 0,
  suspendedOrDetained: 0,
};
const round = (date: string, recogniseYes: number, removeYes?: number): RecognitionRound => ({
  date,
  roll,
  recogniseYes,
  removeYes,
});
const base: RecognitionInput = {
  ceremonyOn: '2024-03-01',
  newMemberCertificate: { kind: 'new_member', number: 'ĐVM-1', issuedOn: '2024-09-10', issuer: 'TTCT' },
  rounds: [],
};

describe('recognition as official member (rules.md#recognition)', () => {
  it('probation ends 12 months after the ceremony; the cell is due 30 working days later', () => {
    const res = checkRecognition(base, '2024-06-01', r);
    expect(res).toMatchObject({
      probationEnd: '2025-03-01',
      officialDate: '2025-03-01',
      // 30 WD after Sat 1/3/2025, skipping Hùng Kings' day (Mon 7/4/2025)
      dueOn: '2025-04-14',
      outcome: 'not_yet',
      findings: [],
    });
  });

  it('no vote yet: awaiting after the end, overdue (warn) after the due date', () => {
    expect(checkRecognition(base, '2025-03-01', r).outcome).toBe('awaiting_vote');
    const late = checkRecognition(base, '2025-04-15', r);
    expect(late.outcome).toBe('awaiting_vote');
    expect(late.findings.map((f) => [f.code, f.severity])).toEqual([['RECOGNITION_OVERDUE', 'warn']]);
  });

  it('a vote before the probation end is blocked; on the end day it is allowed', () => {
    const early = checkRecognition({ ...base, rounds: [round('2025-02-28', 40)] }, '2025-02-28', r);
    expect(codes(early.findings)).toEqual(['RECOGNITION_TOO_EARLY']);
    expect(early.outcome).toBe('not_yet');
    expect(checkRecognition({ ...base, rounds: [round('2025-03-01', 40)] }, '2025-03-01', r).outcome).toBe(
      'recognised',
    );
  });

  it('needs the new-member course certificate', () => {
    const res = checkRecognition(
      { ...base, newMemberCertificate: undefined, rounds: [round('2025-03-05', 40)] },
      '2025-03-05',
      r,
    );
    expect(codes(res.findings)).toEqual(['RECOGNITION_NO_NEW_MEMBER_CERTIFICATE']);
    expect(res.outcome).toBe('awaiting_vote');
  });

  it('33 of 49 recognises, as of the probation end even when late', () => {
    const res = checkRecognition({ ...base, rounds: [round('2025-05-05', 33)] }, '2025-05-05', r);
    expect(res.outcome).toBe('recognised');
    expect(res.officialDate).toBe('2025-03-01');
    expect(res.findings.map((f) => [f.code, f.severity])).toEqual([['RECOGNITION_LATE', 'warn']]);
  });

  it('three rounds without 2/3 either way are reported up; a fourth round is refused', () => {
    expect(
      checkRecognition({ ...base, rounds: [round('2025-03-05', 32, 10)] }, '2025-03-05', r).outcome,
    ).toBe('next_round');
    const three = [round('2025-03-05', 32, 10), round('2025-03-20', 30), round('2025-04-02', 31, 12)];
    expect(checkRecognition({ ...base, rounds: three }, '2025-04-02', r).outcome).toBe('report_up');
    const four = [...three, round('2025-04-10', 40)];
    const res = checkRecognition({ ...base, rounds: four }, '2025-04-10', r);
    expect(codes(res.findings)).toEqual(['RECOGNITION_TOO_MANY_ROUNDS']);
  });

  it('2/3 for removal removes the name; a later round is not needed', () => {
    const res = checkRecognition({ ...base, rounds: [round('2025-03-05', 10, 33)] }, '2025-03-05', r);
    expect(res.outcome).toBe('name_removed');
    const second = checkRecognition(
      { ...base, rounds: [round('2025-03-05', 30, 20), round('2025-03-19', 34)] },
      '2025-03-19',
      r,
    );
    expect(second.outcome).toBe('recognised');
  });
});
