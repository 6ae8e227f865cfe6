import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  ceremonyDeadline,
  certificateValidUntil,
  deadlinesFor,
  decisionDeadline,
  documentFreshUntil,
  fromDayNumber,
  isWorkingDay,
  memberBiographyDeadline,
  nextReminderOn,
  probationEnd,
  RULESETS,
  recognitionDecisionDeadline,
  recognitionDue,
  reminderDaysBefore,
  reminderStatus,
  toDayNumber,
  withOverrides,
  workingDaysBetween,
} from '../../../shared/domain/index.ts';

const r = RULESETS.r2025;

describe('deadlines from events (rules.md#deadlines)', () => {
  it('decision: cell resolution + 60 working days, +30 once extended (Tết 2024 skipped)', () => {
    expect(decisionDeadline('2024-01-10', r)).toBe('2024-04-10');
    const ext = decisionDeadline('2024-01-10', r, { extended: true });
    expect(workingDaysBetween('2024-01-10', ext)).toBe(90);
    expect(workingDaysBetween('2024-04-10', ext)).toBe(30);
  });

  it('recognition decision: + 30 WD (+30)', () => {
    expect(workingDaysBetween('2025-03-05', recognitionDecisionDeadline('2025-03-05', r))).toBe(30);
    expect(
      workingDaysBetween('2025-03-05', recognitionDecisionDeadline('2025-03-05', r, { extended: true })),
    ).toBe(60);
  });

  it('ceremony: decision received + 30 WD; party-member biography: ceremony + 30 WD', () => {
    expect(ceremonyDeadline('2024-01-02', r)).toBe('2024-02-20');
    expect(memberBiographyDeadline('2024-01-02', r)).toBe('2024-02-20');
  });

  it('probation end, recognition due, certificate and document limits', () => {
    expect(probationEnd('2024-02-29', r)).toBe('2025-02-28');
    expect(probationEnd('2024-03-01', r)).toBe('2025-03-01');
    expect(recognitionDue('2025-03-01', r)).toBe('2025-04-14');
    expect(certificateValidUntil('2020-01-15', r)).toBe('2025-01-15');
    expect(documentFreshUntil('2023-01-10', r)).toBe('2024-01-10');
  });

  it('deadlinesFor lists what the events imply, earliest first', () => {
    expect(deadlinesFor({}, r)).toEqual([]);
    const all = deadlinesFor(
      {
        certificateIssuedOn: '2023-05-10',
        cellResolutionOn: '2024-01-20',
        decisionReceivedOn: '2024-03-01',
        ceremonyOn: '2024-03-15',
        recognitionResolutionOn: '2025-03-20',
      },
      r,
    );
    expect(all.map((d) => d.kind)).toEqual([
      'ceremony',
      'decision',
      'member_biography',
      'probation_end',
      'recognition',
      'recognition_decision',
      'certificate_expiry',
    ]);
    expect(all.find((d) => d.kind === 'probation_end')).toEqual({
      kind: 'probation_end',
      dueOn: '2025-03-15',
      unit: 'months',
    });
  });
});

describe('reminders: 7, 1 and 0 working days before, then every 3 while overdue', () => {
  const D = '2024-03-20'; // a Wednesday
  it('reminder days before the deadline', () => {
    expect(reminderDaysBefore(D, r)).toEqual(['2024-03-11', '2024-03-19', '2024-03-20']);
  });

  it.each([
    ['2024-03-01', false, '2024-03-11', 0, false],
    ['2024-03-11', true, '2024-03-19', 0, false],
    ['2024-03-19', true, '2024-03-20', 0, false],
    ['2024-03-20', true, '2024-03-25', 0, false],
    ['2024-03-21', false, '2024-03-25', 1, false],
    ['2024-03-23', false, '2024-03-25', 2, false],
    ['2024-03-25', true, '2024-03-28', 3, true],
    ['2024-03-28', true, '2024-04-02', 6, true],
  ])(
    'on %s: remind %s, next %s, %i WD overdue, escalate %s',
    (today, remindToday, next, overdueWD, escalate) => {
      expect(reminderStatus(D, today, r)).toEqual({
        remindToday,
        nextRemindOn: next,
        overdueWorkingDays: overdueWD,
        overdue: today > D,
        escalate,
      });
    },
  );

  it('offsets and escalation come from the ruleset', () => {
    const custom = withOverrides(r, {
      reminders: { offsetsWorkingDays: [2], escalateAfterOverdueWorkingDays: 1 },
    });
    expect(reminderDaysBefore(D, custom)).toEqual(['2024-03-18']);
    expect(nextReminderOn(D, '2024-03-19', custom)).toBe('2024-03-25');
    expect(reminderStatus(D, '2024-03-21', custom).escalate).toBe(true);
  });

  const day = fc
    .integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-06-30') })
    .map(fromDayNumber);
  it('property: the next reminder is a working day on or after the asked day, and strictly after today', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: -40, max: 60 }),
        (start, n, shift) => {
          const deadline = addWorkingDays(start, n);
          const today = fromDayNumber(toDayNumber(deadline) + shift);
          const next = nextReminderOn(deadline, today, r);
          expect(next >= today).toBe(true);
          expect(isWorkingDay(next)).toBe(true);
          const s = reminderStatus(deadline, today, r);
          expect(s.nextRemindOn > today).toBe(true);
          expect(s.remindToday).toBe(next === today);
          if (s.overdue) expect(workingDaysBetween(deadline, next) % 3 === 0).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('reminders for a deadline on a day off', () => {
  it('a Saturday deadline is reminded on the Friday before, overdue cadence from the deadline', () => {
    const sat = '2024-03-23';
    expect(reminderDaysBefore(sat, r)).toEqual(['2024-03-13', '2024-03-21', '2024-03-22']);
    expect(reminderStatus(sat, '2024-03-22', r)).toMatchObject({
      remindToday: true,
      nextRemindOn: '2024-03-27',
    });
    expect(reminderStatus(sat, '2024-03-25', r)).toMatchObject({ overdue: true, overdueWorkingDays: 1 });
  });

  const day = fc
    .integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-06-30') })
    .map(fromDayNumber);
  it('property: every reminder day is a working day, whatever the deadline', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 60 }), (deadline, shift) => {
        for (const d of reminderDaysBefore(deadline, r)) expect(isWorkingDay(d)).toBe(true);
        const today = fromDayNumber(toDayNumber(deadline) + shift);
        const s = reminderStatus(deadline, today, r);
        expect(isWorkingDay(s.nextRemindOn)).toBe(true);
        expect(s.nextRemindOn > today).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
