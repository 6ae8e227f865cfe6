// Calendar-day helpers for the reminder job. Days are ISO dates `YYYY-MM-DD` (they sort as strings).
// "Today" is always derived from an explicit instant (the scheduler event's `time`), never from a clock.

export const ZONE = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Asia/Ho_Chi_Minh at the given instant. */
export function dayInVietnam(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid instant');
  return dayFormat.format(date);
}

/** `2026-11-25` → `25/11/2026`, the Vietnamese (and our English) way of writing a date in mail. */
export function formatDayVi(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** `2024-01` → the month's period; `2024-02-01` → `2024-02`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The previous month of `YYYY-MM`. */
export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The calendar days of a month, first to last. */
export function daysOfMonth(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
