import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromDayNumber,
  hungKingsDate,
  lunarToSolar,
  solarToLunar,
  tetDate,
} from '../../../shared/domain/index.ts';

describe('lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i is %s', (year, date) => {
    expect(tetDate(year)).toBe(date);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Hùng Kings’ day %i is %s', (year, date) => {
    expect(hungKingsDate(year)).toBe(date);
  });

  it.each([
    ['2024-02-09', { day: 30, month: 12, year: 2023, leap: false }],
    ['2025-01-28', { day: 29, month: 12, year: 2024, leap: false }],
    ['2024-12-25', { day: 25, month: 11, year: 2024, leap: false }],
    ['2025-01-10', { day: 11, month: 12, year: 2024, leap: false }],
    ['2023-04-01', { day: 11, month: 2, year: 2023, leap: true }],
    ['2025-08-01', { day: 8, month: 6, year: 2025, leap: true }],
  ])('solarToLunar(%s)', (date, lunar) => {
    expect(solarToLunar(date)).toEqual(lunar);
  });

  it('leap months: 2025 has a leap 6th month, not a leap 5th; 2024 has none', () => {
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeNull();
    expect(lunarToSolar({ day: 1, month: 5, year: 2024, leap: true })).toBeNull();
    expect(lunarToSolar({ day: 15, month: 11, year: 2024, leap: false })).toBe('2024-12-15');
  });

  it('property: solar → lunar → solar is the identity (1950–2080)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -7300, max: 40000 }), (n) => {
        const d = fromDayNumber(n);
        expect(lunarToSolar(solarToLunar(d))).toBe(d);
      }),
      { numRuns: 300 },
    );
  });
});
