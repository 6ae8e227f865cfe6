import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  dateInVietnam,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  endOfWeek,
  fromDayNumber,
  isCalendarDate,
  isWeekend,
  makeDate,
  maxDate,
  minDate,
  monthOf,
  parseDate,
  toDayNumber,
  wholeMonthsBetween,
  yearOf,
} from '../../../shared/domain/index.ts';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-01', false],
    ['2024-04-31', false],
    ['0000-01-01', false],
    ['2024-01-01T00:00', false],
  ])('isCalendarDate(%s) = %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });

  it('rejects non-strings and bad input', () => {
    expect(isCalendarDate(20240101)).toBe(false);
    expect(() => parseDate('2023-02-29')).toThrow(RangeError);
    expect(() => makeDate(2023, 2, 29)).toThrow(RangeError);
    expect(makeDate(2024, 2, 29)).toBe('2024-02-29');
  });

  it.each([
    ['2024-02-29', 12, '2025-02-28'],
    ['2020-08-31', 1, '2020-09-30'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2020-01-15', 60, '2025-01-15'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2024-05-05', 0, '2024-05-05'],
  ])('addMonths(%s, %i) = %s', (d, n, want) => {
    expect(addMonths(d, n)).toBe(want);
  });

  it.each([
    ['2008-03-15', '2026-03-15', 216],
    ['2008-03-15', '2026-03-14', 215],
    ['2008-01-31', '2008-02-29', 1],
    ['2008-01-31', '2008-02-28', 0],
    ['2008-02-29', '2026-02-28', 216],
    ['2024-05-05', '2024-05-05', 0],
  ])('wholeMonthsBetween(%s, %s) = %i', (a, b, want) => {
    expect(wholeMonthsBetween(a, b)).toBe(want);
  });

  it('wholeMonthsBetween refuses a backwards range', () => {
    expect(() => wholeMonthsBetween('2024-02-01', '2024-01-01')).toThrow(RangeError);
  });

  it('day numbers and weekdays ignore the local time zone', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(dayOfWeek('1969-12-31')).toBe(3);
    expect(dayOfWeek('2024-02-10')).toBe(6);
    expect(dayOfWeek('2024-02-11')).toBe(0);
    expect(isWeekend('2024-02-10')).toBe(true);
    expect(isWeekend('2024-02-12')).toBe(false);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('weeks end on Sunday', () => {
    expect(endOfWeek('2024-01-03')).toBe('2024-01-07'); // a Wednesday
    expect(endOfWeek('2024-01-07')).toBe('2024-01-07'); // a Sunday
    expect(endOfWeek('2024-01-08')).toBe('2024-01-14'); // a Monday
    expect(endOfWeek('2024-12-30')).toBe('2025-01-05'); // across the year
  });

  it('helpers', () => {
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-01')).toBe(1);
    expect(compareDates('2024-01-02', '2024-01-02')).toBe(0);
    expect(minDate('2024-01-02', '2024-01-01')).toBe('2024-01-01');
    expect(maxDate('2024-01-02', '2024-01-01')).toBe('2024-01-02');
    expect(monthOf('2024-01-02')).toBe('2024-01');
    expect(yearOf('2024-01-02')).toBe(2024);
  });

  it('dateInVietnam is UTC+7 whatever the machine says', () => {
    expect(dateInVietnam('2024-01-31T16:59:59Z')).toBe('2024-01-31');
    expect(dateInVietnam('2024-01-31T17:00:00Z')).toBe('2024-02-01');
    expect(dateInVietnam(new Date('2024-01-31T17:00:00+07:00'))).toBe('2024-01-31');
    expect(dateInVietnam(Date.UTC(2023, 11, 31, 23))).toBe('2024-01-01');
    expect(() => dateInVietnam('not a time')).toThrow(RangeError);
  });

  it('property: day numbers round-trip and addMonths then wholeMonthsBetween gives back n', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), fc.integer({ min: 0, max: 900 }), (n, m) => {
        const d = fromDayNumber(n);
        expect(isCalendarDate(d)).toBe(true);
        expect(toDayNumber(d)).toBe(n);
        expect(wholeMonthsBetween(d, addMonths(d, m))).toBe(m);
      }),
    );
  });
});
