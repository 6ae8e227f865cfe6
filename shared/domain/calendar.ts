/**
 * Vietnamese working-day calendar for Party and state bodies (Monday–Friday work week).
 *
 * Public holidays per the Labour Code 2019, Art. 112 (days off with full pay):
 *  - Tết Dương lịch, 1/1 (1 day);
 *  - Tết Âm lịch (5 days). Computed default: the last day of the lunar year and the first 4 days of the new
 *    year; the Government picks the actual days each year, see the published schedules below;
 *  - Giỗ Tổ Hùng Vương, 10/3 lunar (1 day);
 *  - 30/4 and 1/5 (1 day each);
 *  - Quốc khánh 2/9 and one day beside it (1/9 or 3/9), 2 days.
 * A holiday falling on a weekly rest day (Saturday, Sunday) or on another holiday gives a compensatory day off
 * on the next working day (Art. 111.3, applied to the Mon–Fri week of state bodies).
 *
 * The Government's yearly published schedule (days off, and Saturdays worked in a day swap) overrides the
 * computed default, holiday group by holiday group.
 */
import {
  addDays,
  type CalendarDate,
  compareDates,
  dayOfWeek,
  fromDayNumber,
  isWeekend,
  makeDate,
  parseDate,
  toDayNumber,
} from './date.ts';
import { hungKingsDate, tetDate } from './lunar.ts';

export type HolidayGroup = 'new_year' | 'tet' | 'hung_kings' | 'reunification_labour' | 'national_day';

export interface PublishedSchedule {
  year: number;
  group: HolidayGroup;
  /** Inclusive ranges of days off (weekends inside are fine). Replaces the computed days of the group. */
  off: Array<[CalendarDate, CalendarDate]>;
  /** Weekend days that are working days (the other half of a day swap, "hoán đổi ngày làm việc"). */
  work?: CalendarDate[];
  source: string;
}

/**
 * Published schedules. Only what we are confident of is listed; anything else falls back to the computed
 * default. Add a year here when the Ministry of Home Affairs (Bộ Nội vụ, formerly MOLISA) / the Prime Minister
 * publishes it. Document numbers are not recorded here: check them before citing.
 * Not listed (unsure): Tết 2023 (20–26/1/2023?), any 1/1/2026 swap, 30/4 and 2/9 of 2026.
 */
export const PUBLISHED_SCHEDULES: readonly PublishedSchedule[] = [
  // 2024: Tết 8/2 (29 tháng Chạp) – 14/2 (mùng 5), 5 Tết days + 2 compensatory days; no swap.
  {
    year: 2024,
    group: 'tet',
    off: [['2024-02-08', '2024-02-14']],
    source: 'MOLISA notice on the 2024 Tết and National Day holidays',
  },
  // 2024: 27/4 – 1/5, Monday 29/4 swapped with Saturday 4/5.
  {
    year: 2024,
    group: 'reunification_labour',
    off: [['2024-04-27', '2024-05-01']],
    work: ['2024-05-04'],
    source: 'Prime Minister’s approval of the 29/4 ↔ 4/5/2024 swap for civil servants',
  },
  // 2024: Quốc khánh 31/8 – 3/9 (2/9 Monday + 3/9 Tuesday).
  { year: 2024, group: 'national_day', off: [['2024-08-31', '2024-09-03']], source: 'MOLISA notice, 2024' },
  // 2025: Tết 25/1 – 2/2, Monday 27/1 swapped with Saturday 8/2.
  {
    year: 2025,
    group: 'tet',
    off: [['2025-01-25', '2025-02-02']],
    work: ['2025-02-08'],
    source: 'Prime Minister’s approval of the Tết 2025 plan (27/1 ↔ 8/2/2025 swap)',
  },
  // 2025: 30/4 – 4/5, Friday 2/5 swapped with Saturday 26/4.
  {
    year: 2025,
    group: 'reunification_labour',
    off: [['2025-04-30', '2025-05-04']],
    work: ['2025-04-26'],
    source: 'Prime Minister’s approval of the 2/5 ↔ 26/4/2025 swap',
  },
  // 2025: Quốc khánh 30/8 – 2/9 (1/9 Monday + 2/9 Tuesday).
  {
    year: 2025,
    group: 'national_day',
    off: [['2025-08-30', '2025-09-02']],
    source: 'MOLISA notice, 2025',
  },
  // 2026: Tết 14/2 – 22/2 per the 2026 holiday plan (16/2 = 29 tháng Chạp to 20/2 = mùng 4, weekends around).
  // UNSURE: the source document number is not recorded here; the dates are the published plan as we know it.
  { year: 2026, group: 'tet', off: [['2026-02-14', '2026-02-22']], source: '2026 holiday plan (Bộ Nội vụ)' },
];

export interface WorkCalendar {
  /** Is this date a working day? */
  isWorkingDay(date: CalendarDate): boolean;
  /** The holidays (and compensatory days) of a year, for display. */
  holidays(year: number): HolidayDay[];
}

export interface HolidayDay {
  date: CalendarDate;
  group: HolidayGroup;
  kind: 'holiday' | 'compensatory' | 'published';
}

/** The holidays of a year by the Labour Code alone, with compensatory days (no published schedule). */
export function computedHolidays(year: number): HolidayDay[] {
  const base: Array<{ date: CalendarDate; group: HolidayGroup }> = [];
  base.push({ date: makeDate(year, 1, 1), group: 'new_year' });
  const tet = tetDate(year);
  for (let i = -1; i <= 3; i++) base.push({ date: addDays(tet, i), group: 'tet' });
  base.push({ date: hungKingsDate(year), group: 'hung_kings' });
  base.push({ date: makeDate(year, 4, 30), group: 'reunification_labour' });
  base.push({ date: makeDate(year, 5, 1), group: 'reunification_labour' });
  const national = makeDate(year, 9, 2);
  base.push({ date: national, group: 'national_day' });
  base.push({ date: nationalDayCompanion(national), group: 'national_day' });

  const out: HolidayDay[] = [];
  const taken = new Set<CalendarDate>();
  const needComp: Array<{ date: CalendarDate; group: HolidayGroup }> = [];
  for (const h of [...base].sort((a, b) => compareDates(a.date, b.date))) {
    if (taken.has(h.date) || isWeekend(h.date)) needComp.push(h);
    if (!taken.has(h.date)) {
      taken.add(h.date);
      out.push({ ...h, kind: 'holiday' });
    }
  }
  for (const h of needComp) {
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    out.push({ date: d, group: h.group, kind: 'compensatory' });
  }
  return out.sort((a, b) => compareDates(a.date, b.date));
}

/**
 * The day beside 2/9 by default: the one that makes the longest break with the weekend. The Government
 * decides each year (2022: 1/9; 2024: 3/9; 2025: 1/9); the published schedule overrides this guess.
 */
function nationalDayCompanion(national: CalendarDate): CalendarDate {
  const dow = dayOfWeek(national);
  // Mon → Tue 3/9 (as in 2024); Tue → Mon 1/9 (2025); Wed → Thu 3/9 (a guess);
  // Thu → Fri 3/9 (2021); Fri → Thu 1/9 (2022); Sat → Fri 1/9 (2023); Sun → Mon 3/9.
  const after = dow === 1 || dow === 3 || dow === 4 || dow === 0;
  return addDays(national, after ? 1 : -1);
}

function expandRange([from, to]: [CalendarDate, CalendarDate]): CalendarDate[] {
  const out: CalendarDate[] = [];
  for (let n = toDayNumber(from); n <= toDayNumber(to); n++) out.push(fromDayNumber(n));
  return out;
}

export interface CalendarOptions {
  /** Published schedules; default PUBLISHED_SCHEDULES. */
  schedules?: readonly PublishedSchedule[];
  /** Extra local days off (e.g. a provincial decision), for a custom calendar. */
  extraDaysOff?: readonly CalendarDate[];
}

/** Build a working-day calendar. Results are cached per year. */
export function createCalendar(options: CalendarOptions = {}): WorkCalendar {
  const schedules = options.schedules ?? PUBLISHED_SCHEDULES;
  const extra = new Set(options.extraDaysOff ?? []);
  const cache = new Map<number, { list: HolidayDay[]; off: Set<CalendarDate>; work: Set<CalendarDate> }>();

  const yearData = (year: number) => {
    const hit = cache.get(year);
    if (hit) return hit;
    const published = schedules.filter((s) => s.year === year);
    const replaced = new Set(published.map((s) => s.group));
    const list = computedHolidays(year).filter((h) => !replaced.has(h.group));
    const work = new Set<CalendarDate>();
    for (const s of published) {
      for (const d of s.off.flatMap(expandRange)) {
        if (!isWeekend(d)) list.push({ date: d, group: s.group, kind: 'published' });
      }
      for (const d of s.work ?? []) work.add(d);
    }
    list.sort((a, b) => compareDates(a.date, b.date));
    const entry = { list, off: new Set(list.map((h) => h.date)), work };
    cache.set(year, entry);
    return entry;
  };

  return {
    isWorkingDay(date) {
      const y = yearData(parseDate(date).year);
      if (y.work.has(date)) return true;
      if (isWeekend(date)) return false;
      return !y.off.has(date) && !extra.has(date);
    },
    holidays(year) {
      return [...yearData(year).list];
    },
  };
}

/** The default calendar: Labour Code holidays with the published schedules. */
export const defaultCalendar: WorkCalendar = createCalendar();

export function isWorkingDay(date: CalendarDate, cal: WorkCalendar = defaultCalendar): boolean {
  return cal.isWorkingDay(date);
}

/**
 * The date `n` working days after `date` (n > 0) or before it (n < 0); `date` itself for n = 0.
 * For n ≠ 0 the result is always a working day. Inverse of workingDaysBetween:
 * workingDaysBetween(d, addWorkingDays(d, n)) === n for every integer n.
 */
export function addWorkingDays(
  date: CalendarDate,
  n: number,
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  const step = n >= 0 ? 1 : -1;
  let left = Math.abs(n);
  let d = date;
  if (step < 0 && left > 0) {
    // Backwards, the start counts when it is a working day: [result, date) holds |n| working days.
    d = addDays(d, -1);
    while (!cal.isWorkingDay(d) || --left > 0) d = addDays(d, -1);
    return d;
  }
  while (left > 0) {
    d = addDays(d, 1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/**
 * Working days from a to b: for b ≥ a, the working days d with a < d ≤ b; for b < a, minus the working days
 * d with b ≤ d < a.
 */
export function workingDaysBetween(
  a: CalendarDate,
  b: CalendarDate,
  cal: WorkCalendar = defaultCalendar,
): number {
  const start = toDayNumber(a);
  const end = toDayNumber(b);
  let count = 0;
  if (end >= start) {
    for (let n = start + 1; n <= end; n++) if (cal.isWorkingDay(fromDayNumber(n))) count++;
    return count;
  }
  for (let n = end; n < start; n++) if (cal.isWorkingDay(fromDayNumber(n))) count++;
  return -count;
}

/** Where a day stands against a deadline (see `deadlineStanding`). */
export type DeadlineStanding =
  | { kind: 'left'; days: number }
  | { kind: 'today' }
  | { kind: 'late'; days: number };

/**
 * Where `today` stands against the deadline `dueOn`: before it, the working days left (those after today up
 * to the deadline); on it, the last day; after it, the working days late, at least 1 (the day after a deadline
 * is late even when it is a day off). What a person reads is never a negative count.
 */
export function deadlineStanding(
  dueOn: CalendarDate,
  today: CalendarDate,
  cal: WorkCalendar = defaultCalendar,
): DeadlineStanding {
  if (dueOn === today) return { kind: 'today' };
  if (dueOn > today) return { kind: 'left', days: workingDaysBetween(today, dueOn, cal) };
  return { kind: 'late', days: Math.max(1, workingDaysBetween(dueOn, today, cal)) };
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(
  date: CalendarDate,
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  let d = date;
  while (!cal.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
