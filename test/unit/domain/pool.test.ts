import { describe, expect, it } from 'vitest';
import {
  checkHelper,
  checkIntroducer,
  checkMeetingMode,
  checkPoolEntry,
  checkTask,
  checkTaskOutcome,
  introductionsOf,
  monthsOf,
  pipelineRows,
} from '../../../shared/domain/pool.ts';
import { RULESETS, withOverrides } from '../../../shared/domain/ruleset.ts';

const official = { memberId: 'm1', fullName: 'Nguyễn Văn An', status: 'official' };
const probationary = { memberId: 'm2', fullName: 'Trần Thị Bình', status: 'probationary' };

describe('who may introduce and help', () => {
  it('an official member introduces and helps; a probationary one cannot, and the message says why', () => {
    expect(checkIntroducer(official)).toEqual([]);
    expect(checkHelper(official)).toEqual([]);
    const [f] = checkIntroducer(probationary);
    expect(f?.severity).toBe('block');
    expect(f?.message.vi).toContain('Trần Thị Bình là đảng viên dự bị');
    expect(f?.message.en).toContain('probationary');
    expect(checkHelper(probationary)[0]?.code).toBe('HELPER_PROBATIONARY');
    expect(checkIntroducer(undefined)[0]?.code).toBe('MEMBER_UNKNOWN');
  });
});

describe('dates', () => {
  it('an entry is not in the future and the person was born before it', () => {
    expect(checkPoolEntry({ birthDate: '2000-01-01', introducedOn: '2024-01-05' }, '2024-01-05')).toEqual([]);
    expect(
      checkPoolEntry({ birthDate: '2000-01-01', introducedOn: '2024-01-06' }, '2024-01-05')[0]?.code,
    ).toBe('DATE_IN_FUTURE');
    expect(
      checkPoolEntry({ birthDate: '2024-01-05', introducedOn: '2024-01-05' }, '2024-01-05')[0]?.code,
    ).toBe('BIRTH_DATE_INVALID');
  });
  it('a task is due on or after the day given, given no later than today; its outcome likewise', () => {
    expect(checkTask({ assignedOn: '2024-01-05', dueOn: '2024-01-05' }, '2024-01-05')).toEqual([]);
    expect(checkTask({ assignedOn: '2024-01-05', dueOn: '2024-01-04' }, '2024-01-05')[0]?.code).toBe(
      'DUE_BEFORE_ASSIGNED',
    );
    expect(checkTask({ assignedOn: '2024-01-06', dueOn: '2024-01-09' }, '2024-01-05')[0]?.code).toBe(
      'DATE_IN_FUTURE',
    );
    expect(checkTaskOutcome({ outcomeOn: '2024-01-05', assignedOn: '2024-01-05' }, '2024-01-05')).toEqual([]);
    expect(
      checkTaskOutcome({ outcomeOn: '2024-01-04', assignedOn: '2024-01-05' }, '2024-01-05'),
    ).toHaveLength(1);
    expect(
      checkTaskOutcome({ outcomeOn: '2024-01-06', assignedOn: '2024-01-05' }, '2024-01-05'),
    ).toHaveLength(1);
  });
});

describe("each member's introductions", () => {
  const members = [
    official,
    { memberId: 'm3', fullName: 'Lê Văn Cường', status: 'official' },
    { memberId: 'm4', fullName: 'Bùi Thị Dung', status: 'official' },
    probationary,
  ];
  it('splits the official members into who introduced and who not yet; probationary members apart', () => {
    const v = introductionsOf('2024-01', members, { m1: 2, m3: 1, m2: 1 });
    expect(v.introduced.map((r) => r.member.memberId)).toEqual(['m3', 'm1']); // by name, Vietnamese order
    expect(v.notYet.map((r) => r.member.memberId)).toEqual(['m4']);
    expect(v.probationary.map((m) => m.memberId)).toEqual(['m2']);
    expect(v.total).toBe(4);
  });
  it('two each: a member with one has not reached it', () => {
    const v = introductionsOf('2024-01', members, { m1: 2, m3: 1 }, 2);
    expect(v.introduced.map((r) => r.member.memberId)).toEqual(['m1']);
    expect(v.notYet).toHaveLength(2);
  });
  it('refuses a malformed period', () => {
    expect(() => introductionsOf('2024-13', members, {})).toThrow();
  });
});

describe('the pipeline against the targets', () => {
  it('gives whole per cents where a target is set, none where not', () => {
    const rows = pipelineRows(
      { introductions: 49, dossiersSubmitted: 15 },
      { introductions: 31, dossiersSubmitted: 16, admitted: 2 },
    );
    const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(by.introductions).toMatchObject({ target: 49, done: 31, percent: 63 });
    expect(by.dossiersSubmitted?.percent).toBe(106);
    expect(by.admitted).toMatchObject({ target: undefined, done: 2, percent: undefined });
    expect(by.sentToCourse?.done).toBe(0);
    expect(pipelineRows({ admitted: 0 }, { admitted: 3 })[3]?.percent).toBeUndefined();
  });
  it('lists the twelve months of a year', () => {
    expect(monthsOf('2024')).toHaveLength(12);
    expect(monthsOf('2024')[0]).toBe('2024-01');
    expect(monthsOf('2024')[11]).toBe('2024-12');
  });
});

describe('votes held online (03-HD/TW pilot)', () => {
  it('in person: nothing to say', () => {
    expect(checkMeetingMode('in_person', RULESETS.r2025)).toEqual([]);
  });
  it('online: allowed by default, with a warning that the committee must confirm', () => {
    const [f] = checkMeetingMode('online', RULESETS.r2025);
    expect(f?.severity).toBe('warn');
    expect(f?.message.vi).toContain('03-HD/TW');
    expect(checkMeetingMode('online', RULESETS.r2021)[0]?.severity).toBe('warn');
  });
  it('a committee that confirmed it: no warning; one that forbids it: refused', () => {
    const confirmed = withOverrides(RULESETS.r2025, {
      id: 'r2025-online-ok' as never,
      unconfirmed: RULESETS.r2025.unconfirmed.filter((u) => u !== 'meetings.onlineVotesAllowed'),
    });
    expect(checkMeetingMode('online', confirmed)).toEqual([]);
    const forbidden = withOverrides(RULESETS.r2025, {
      id: 'r2025-online-no' as never,
      meetings: { onlineVotesAllowed: false },
    });
    expect(checkMeetingMode('online', forbidden)[0]).toMatchObject({
      severity: 'block',
      code: 'ONLINE_VOTE_NOT_ALLOWED',
    });
  });
});
