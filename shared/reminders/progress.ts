// Progress figures for the home chart and the monthly mail: target, done, expected-by-now and status per
// metric for a period (`2024` or `2024-01`) as of a day. The pace is the domain's (shared/domain/targets.ts
// `elapsedShare`: calendar days elapsed, inclusive, over the days of the period), so a person can check it by
// hand: expected = ceil(target × share). A period that has ended is `met` or `missed`; without an as-of day
// only target and done are given. Only metrics with a target are listed. Metrics are whatever the targets and counters items hold (the data layer's
// names: sentToCourse, dossiersSubmitted, admitted, recognized, introductions).
import { addWorkingDays } from '../domain/calendar.ts';
import { elapsedShare, periodBounds } from '../domain/targets.ts';

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

export function computeProgress(
  period: string,
  targets: Readonly<Record<string, number>>,
  done: Readonly<Record<string, number>>,
  asOf: string | null,
): ProgressFigures {
  if (!isPeriod(period)) throw new RangeError('invalid period');
  const names = Object.keys(targets); // metrics the cell set a target for
  const ended = asOf !== null && asOf > periodBounds(period).end;
  const share = asOf === null ? null : elapsedShare(period, asOf);
  const metrics = names.map((metric): MetricProgress => {
    const target = targets[metric] ?? 0;
    const d = done[metric] ?? 0;
    if (share === null) return { metric, target, done: d, expected: null, status: null };
    if (ended) return { metric, target, done: d, expected: target, status: d >= target ? 'met' : 'missed' };
    // Round before ceil so that an exact product is not pushed up by floating-point noise.
    const expected = Math.ceil(Math.round(target * share * 1e9) / 1e9);
    return { metric, target, done: d, expected, status: d >= expected ? 'onTrack' : 'behind' };
  });
  return { period, asOf, metrics };
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The first working day of the month that `day` is in (the domain's calendar, holidays included). */
export function firstWorkingDayOfMonth(day: string): string {
  return addWorkingDays(dayBefore(`${day.slice(0, 7)}-01`), 1);
}
