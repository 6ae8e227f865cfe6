/**
 * Plain calendar dates ('YYYY-MM-DD') as used in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
 * All arithmetic goes through a day number (days since 1970-01-01) computed with Date.UTC, so the
 * machine's local time zone never matters.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Viet Nam has used UTC+7 without daylight saving since 1975. */
export const VN_UTC_OFFSET_HOURS = 7;

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(s: unknown): s is CalendarDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseDate(s: CalendarDate): DateParts {
  if (!isCalendarDate(s)) throw new RangeError(`not a calendar date: ${String(s)}`);
  return { year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)), day: Number(s.slice(8, 10)) };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function formatDate(p: DateParts): CalendarDate {
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

export function makeDate(year: number, month: number, day: number): CalendarDate {
  const s = formatDate({ year, month, day });
  if (!isCalendarDate(s)) throw new RangeError(`not a calendar date: ${s}`);
  return s;
}

/** Days since 1970-01-01. */
export function toDayNumber(s: CalendarDate): number {
  const p = parseDate(s);
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY);
}

export function fromDayNumber(n: number): CalendarDate {
  const d = new Date(n * MS_PER_DAY);
  return formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(s: CalendarDate, n: number): CalendarDate {
  return fromDayNumber(toDayNumber(s) + n);
}

/** b − a in calendar days. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Add calendar months. A day that does not exist in the target month is clamped to the month's last day
 * (2024-02-29 + 12 months = 2025-02-28; 2020-08-31 + 1 month = 2020-09-30).
 */
export function addMonths(s: CalendarDate, n: number): CalendarDate {
  const p = parseDate(s);
  const total = p.year * 12 + (p.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return formatDate({ year, month, day: Math.min(p.day, daysInMonth(year, month)) });
}

/**
 * Whole months from `from` to `to` (to >= from): the largest m with addMonths(from, m) <= to.
 * Someone born 2008-03-15 is 216 months old on 2026-03-15 and 215 months old on 2026-03-14.
 */
export function wholeMonthsBetween(from: CalendarDate, to: CalendarDate): number {
  if (compareDates(to, from) < 0) throw new RangeError(`${to} is before ${from}`);
  const a = parseDate(from);
  const b = parseDate(to);
  let m = (b.year - a.year) * 12 + (b.month - a.month);
  if (compareDates(addMonths(from, m), to) > 0) m -= 1;
  return m;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  // 'YYYY-MM-DD' strings order lexically like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) < 0;
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) > 0;
export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (isBefore(a, b) ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (isAfter(a, b) ? a : b);

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(s: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(s) + 4) % 7) + 7) % 7;
}

/** The Sunday that ends the week of `s` (weeks start on Monday in Viet Nam). */
export function endOfWeek(s: CalendarDate): CalendarDate {
  const dow = dayOfWeek(s);
  return addDays(s, dow === 0 ? 0 : 7 - dow);
}

export const isWeekend = (s: CalendarDate): boolean => {
  const d = dayOfWeek(s);
  return d === 0 || d === 6;
};

/** The calendar date in Viet Nam at instant `now` (e.g. from an event's ISO time). */
export function dateInVietnam(now: Date | string | number): CalendarDate {
  const t = new Date(now).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(now)}`);
  return fromDayNumber(Math.floor((t + VN_UTC_OFFSET_HOURS * 3_600_000) / MS_PER_DAY));
}

/** 'YYYY-MM' of a date. */
export const monthOf = (s: CalendarDate): string => s.slice(0, 7);
export const yearOf = (s: CalendarDate): number => parseDate(s).year;
