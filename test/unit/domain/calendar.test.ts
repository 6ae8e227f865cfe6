import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  computedHolidays,
  createCalendar,
  deadlineStanding,
  defaultCalendar,
  fromDayNumber,
  isWeekend,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  toDayNumber,
  workingDaysBetween,
} from '../../../shared/domain/index.ts';

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('published schedules override the computed default', () => {
  it('Tết 2024: off 8/2 – 14/2, back at work 15/2 (the computed default would give 15/2 off)', () => {
    for (const d of range('2024-02-08', '2024-02-14')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-02-07')).toBe(true);
    expect(isWorkingDay('2024-02-15')).toBe(true);
    const computed = computedHolidays(2024).map((h) => h.date);
    expect(computed).toContain('2024-02-15');
    expect(computed).not.toContain('2024-02-08');
  });

  it('Tết 2025: off 25/1 – 2/2, Saturday 8/2 worked in exchange for Monday 27/1', () => {
    for (const d of range('2025-01-25', '2025-02-02')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-01-24')).toBe(true);
    expect(isWorkingDay('2025-02-03')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-02-09')).toBe(false);
  });

  it('Tết 2026: off 14/2 – 22/2', () => {
    for (const d of range('2026-02-14', '2026-02-22')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(true);
  });

  it('30/4 – 1/5 with day swaps: 2024 (29/4 ↔ Sat 4/5) and 2025 (2/5 ↔ Sat 26/4)', () => {
    for (const d of ['2024-04-29', '2024-04-30', '2024-05-01']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-05-04')).toBe(true);
    expect(isWorkingDay('2024-05-02')).toBe(true);
    for (const d of ['2025-04-30', '2025-05-01', '2025-05-02']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(isWorkingDay('2025-05-05')).toBe(true);
  });

  it('National Day: 2024 takes 3/9, 2025 takes 1/9', () => {
    expect(isWorkingDay('2024-09-02')).toBe(false);
    expect(isWorkingDay('2024-09-03')).toBe(false);
    expect(isWorkingDay('2024-09-04')).toBe(true);
    expect(isWorkingDay('2025-09-01')).toBe(false);
    expect(isWorkingDay('2025-09-02')).toBe(false);
    expect(isWorkingDay('2025-09-03')).toBe(true);
  });

  it('holidays(year) lists published and computed days', () => {
    const h2025 = defaultCalendar.holidays(2025);
    expect(h2025.find((h) => h.date === '2025-01-27')?.kind).toBe('published');
    expect(h2025.find((h) => h.date === '2025-04-07')).toEqual({
      date: '2025-04-07',
      group: 'hung_kings',
      kind: 'holiday',
    });
  });
});

describe('computed default (Labour Code 2019)', () => {
  it.each([
    ['2024-04-18', false],
    ['2025-04-07', false],
    ['2026-04-27', false], // Hùng Kings' day 2026 is a Sunday: compensatory Monday
    ['2026-04-28', true],
    ['2027-04-16', false],
    ['2026-01-01', false],
    ['2026-04-30', false],
    ['2026-05-01', false],
  ])('%s working = %s', (d, working) => {
    expect(isWorkingDay(d)).toBe(working);
  });

  it('2023: New Year on Sunday → Monday 2/1 off; Hùng Kings Sat 29/4 and 30/4 Sun → 2/5 and 3/5 off', () => {
    const h = computedHolidays(2023);
    const comp = h.filter((x) => x.kind === 'compensatory').map((x) => x.date);
    expect(comp).toEqual(expect.arrayContaining(['2023-01-02', '2023-05-02', '2023-05-03']));
  });

  it('Tết by default: last day of the lunar year + 4 days, weekend days compensated', () => {
    const tet2026 = computedHolidays(2026).filter((x) => x.group === 'tet');
    expect(tet2026.map((x) => x.date)).toEqual(range('2026-02-16', '2026-02-20'));
    const tet2027 = computedHolidays(2027).filter((x) => x.group === 'tet');
    // 5/2/2027 (Fri, 30 Tết) … 9/2 (Tue); 6–7/2 fall on the weekend → 10/2 and 11/2
    expect(tet2027.map((x) => `${x.date}:${x.kind}`)).toEqual([
      '2027-02-05:holiday',
      '2027-02-06:holiday',
      '2027-02-07:holiday',
      '2027-02-08:holiday',
      '2027-02-09:holiday',
      '2027-02-10:compensatory',
      '2027-02-11:compensatory',
    ]);
  });

  it.each([
    [2022, ['2022-09-01', '2022-09-02']], // Friday → Thursday 1/9
    [2024, ['2024-09-02', '2024-09-03']], // Monday → 3/9
    [2025, ['2025-09-01', '2025-09-02']], // Tuesday → 1/9
    [2026, ['2026-09-02', '2026-09-03']], // Wednesday → 3/9 (a guess until published)
    [2027, ['2027-09-02', '2027-09-03']], // Thursday → 3/9
    [2028, ['2028-09-01', '2028-09-02', '2028-09-04']], // Saturday → 1/9, compensatory Monday
    [2029, ['2029-09-02', '2029-09-03', '2029-09-04']], // Sunday → 3/9, compensatory Tuesday
  ])('National Day %i by default: %j', (year, days) => {
    expect(
      computedHolidays(year)
        .filter((h) => h.group === 'national_day')
        .map((h) => h.date),
    ).toEqual(days);
  });

  it('a calendar without published schedules and with local extra days off', () => {
    const cal = createCalendar({ schedules: [], extraDaysOff: ['2024-03-08'] });
    expect(cal.isWorkingDay('2024-02-15')).toBe(false); // computed compensatory day
    expect(cal.isWorkingDay('2024-02-08')).toBe(true);
    expect(cal.isWorkingDay('2024-03-08')).toBe(false);
    expect(isWorkingDay('2024-03-08')).toBe(true);
  });
});

describe('working-day arithmetic', () => {
  it.each([
    ['2024-02-07', 1, '2024-02-15'],
    ['2024-02-15', -1, '2024-02-07'],
    ['2025-01-24', 1, '2025-02-03'],
    ['2025-02-07', 1, '2025-02-08'],
    ['2024-01-02', 30, '2024-02-20'],
    ['2024-01-10', 60, '2024-04-10'],
    ['2024-02-10', 0, '2024-02-10'],
    ['2024-02-10', -1, '2024-02-07'],
    ['2024-03-20', -7, '2024-03-11'],
  ])('addWorkingDays(%s, %i) = %s', (d, n, want) => {
    expect(addWorkingDays(d, n)).toBe(want);
  });

  it('workingDaysBetween counts (a, b] forwards and [b, a) backwards', () => {
    expect(workingDaysBetween('2024-02-07', '2024-02-15')).toBe(1);
    expect(workingDaysBetween('2024-02-15', '2024-02-07')).toBe(-1);
    expect(workingDaysBetween('2024-02-10', '2024-02-10')).toBe(0);
    expect(workingDaysBetween('2024-03-01', '2024-03-31')).toBe(20);
  });

  it('refuses fractional working days', () => {
    expect(() => addWorkingDays('2024-01-01', 1.5)).toThrow(RangeError);
  });

  it('nextWorkingDayOnOrAfter', () => {
    expect(nextWorkingDayOnOrAfter('2024-02-08')).toBe('2024-02-15');
    expect(nextWorkingDayOnOrAfter('2024-02-15')).toBe('2024-02-15');
  });

  const day = fc
    .integer({ min: toDayNumber('2023-01-01'), max: toDayNumber('2027-10-31') })
    .map(fromDayNumber);
  const n = fc.integer({ min: -70, max: 70 });

  it('property: never lands on a non-working day, and workingDaysBetween is its inverse', () => {
    fc.assert(
      fc.property(day, n, (d, k) => {
        const r = addWorkingDays(d, k);
        if (k !== 0) expect(isWorkingDay(r)).toBe(true);
        expect(workingDaysBetween(d, r)).toBe(k);
      }),
      { numRuns: 300 },
    );
  });

  it('property: monotonic in n and in the start date', () => {
    fc.assert(
      fc.property(day, day, n, n, (d1, d2, k1, k2) => {
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
        expect(addWorkingDays(a, lo) <= addWorkingDays(a, hi)).toBe(true);
        if (lo < hi) expect(addWorkingDays(a, lo) < addWorkingDays(a, hi)).toBe(true);
        expect(addWorkingDays(a, hi) <= addWorkingDays(b, hi)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a weekend day is a working day only when published as a swap', () => {
    const swaps = new Set(['2024-05-04', '2025-02-08', '2025-04-26']);
    fc.assert(
      fc.property(day, (d) => {
        if (isWeekend(d)) expect(isWorkingDay(d)).toBe(swaps.has(d));
      }),
      { numRuns: 300 },
    );
  });
});

describe('where a day stands against a deadline', () => {
  it('counts working days left before it, names the day itself, counts working days late after it', () => {
    // Tết 2024 (8–14 Feb) is not counted either way
    expect(deadlineStanding('2024-02-15', '2024-02-07')).toEqual({ kind: 'left', days: 1 });
    expect(deadlineStanding('2024-02-15', '2024-02-15')).toEqual({ kind: 'today' });
    expect(deadlineStanding('2024-02-07', '2024-02-15')).toEqual({ kind: 'late', days: 1 });
    expect(deadlineStanding('2024-06-05', '2024-06-07')).toEqual({ kind: 'late', days: 2 });
    // a Friday deadline read on Saturday is late by 1, though no working day has passed
    expect(deadlineStanding('2024-06-07', '2024-06-08')).toEqual({ kind: 'late', days: 1 });
  });

  it('never gives a negative count, and its kind follows the dates', () => {
    const day = fc
      .integer({ min: toDayNumber('2023-01-01'), max: toDayNumber('2027-12-31') })
      .map(fromDayNumber);
    fc.assert(
      fc.property(day, day, (dueOn, today) => {
        const s = deadlineStanding(dueOn, today);
        expect(s.kind).toBe(dueOn === today ? 'today' : dueOn > today ? 'left' : 'late');
        if (s.kind === 'left') expect(s.days).toBe(workingDaysBetween(today, dueOn));
        if (s.kind === 'late') expect(s.days).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
