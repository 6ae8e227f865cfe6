// Pure progress figures: target, done, expected-by-now and status per metric for a period (`2024` or
// `2024-01`) as of a day. The pace rule, written so a person can check it by hand:
// - a year: expected = ceil(target × full months elapsed before the as-of month / 12);
// - a month: expected = ceil(target × working days elapsed up to the as-of day / working days in the month);
// - a period that has ended: expected = target, status `met` or `missed`;
// - no as-of day: target and done only.
import { addWorkingDays, workingDaysBetween } from '../domain/calendar.ts';

export type ProgressStatus = 'onTrack' | 'behind' | 'met' | 'missed';

export interface MetricProgress {
  metric: string;
  target: number;
  done: number;
  expected: number | null;
  status: ProgressStatus | null;
}

export interface ProgressFigures {
  period: string;
  asOf: string | null;
  metrics: MetricProgress[];
}

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

export function isPeriod(period: string): boolean {
  return PERIOD.test(period);
}

export function periodBounds(period: string): { first: string; last: string } {
  if (!isPeriod(period)) throw new RangeError('invalid period');
  if (period.length === 4) return { first: `${period}-01-01`, last: `${period}-12-31` };
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(lastDay).padStart(2, '0')}` };
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The share of the period that has elapsed by `asOf` (0..1), by the pace rule above. */
export function elapsedFraction(period: string, asOf: string): number {
  const { first, last } = periodBounds(period);
  if (asOf < first) return 0;
  if (asOf > last) return 1;
  if (period.length === 4) return (Number(asOf.slice(5, 7)) - 1) / 12;
  const start = dayBefore(first);
  const total = workingDaysBetween(start, last);
  return total <= 0 ? 1 : workingDaysBetween(start, asOf) / total;
}

export function computeProgress(
  period: string,
  targets: Readonly<Record<string, number>>,
  done: Readonly<Record<string, number>>,
  asOf: string | null,
): ProgressFigures {
  const names = [...new Set([...Object.keys(targets), ...Object.keys(done)])];
  const ended = asOf !== null && asOf > periodBounds(period).last;
  const fraction = asOf === null ? null : elapsedFraction(period, asOf);
  const metrics = names.map((metric): MetricProgress => {
    const target = targets[metric] ?? 0;
    const d = done[metric] ?? 0;
    if (fraction === null) return { metric, target, done: d, expected: null, status: null };
    if (ended) return { metric, target, done: d, expected: target, status: d >= target ? 'met' : 'missed' };
    // Round before ceil so 180 × 1/12 is 15, not 15.000000000000002 → 16.
    const expected = Math.ceil(Math.round(target * fraction * 1e9) / 1e9);
    return { metric, target, done: d, expected, status: d >= expected ? 'onTrack' : 'behind' };
  });
  return { period, asOf, metrics };
}

/** The first working day of the month that `day` is in. */
export function firstWorkingDayOfMonth(day: string): string {
  return addWorkingDays(dayBefore(`${day.slice(0, 7)}-01`), 1);
}
