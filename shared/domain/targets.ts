/** A cell's plan targets (chỉ tiêu) per year and month, and progress against them from events. */
import {
  type CalendarDate,
  daysBetween,
  daysInMonth,
  isAfter,
  isBefore,
  isCalendarDate,
  makeDate,
} from './date.ts';
import type { OrgContext, Target, TargetMetric } from './types.ts';

export const TARGET_METRICS: readonly TargetMetric[] = [
  'sentToCourse',
  'dossiersSent',
  'admitted',
  'introductionsPerMember',
];

export type TargetValues = Partial<Record<TargetMetric, number>>;

export interface CellTargets {
  cellId: string;
  year: number;
  annual: TargetValues;
  /** By month 'YYYY-MM'. */
  monthly: Record<string, TargetValues>;
}

export type ProgressEventType = 'sent_to_course' | 'dossier_sent' | 'admitted' | 'introduced';

export interface ProgressEvent {
  type: ProgressEventType;
  on: CalendarDate;
  candidateId?: string;
  /** For 'introduced': the introducing member. */
  memberId?: string;
}

export interface ProgressCounters {
  sentToCourse: number;
  dossiersSent: number;
  admitted: number;
  /** Introductions made, and by which member (member id → count). */
  introductions: number;
  introductionsByMember: Record<string, number>;
}

/** First and last day of a period '2024' or '2024-01'. */
export function periodBounds(period: string): { start: CalendarDate; end: CalendarDate } {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(period);
  const year = Number(m?.[1]);
  const month = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m || (month !== undefined && !isCalendarDate(`${m[1]}-${m[2]}-01`))) {
    throw new RangeError(`not a period: ${period}`);
  }
  if (month === undefined) return { start: makeDate(year, 1, 1), end: makeDate(year, 12, 31) };
  return { start: makeDate(year, month, 1), end: makeDate(year, month, daysInMonth(year, month)) };
}

const inPeriod = (d: CalendarDate, p: { start: CalendarDate; end: CalendarDate }): boolean =>
  !isBefore(d, p.start) && !isAfter(d, p.end);

/** Count the events of a period (deduplicated by candidate per event type when a candidate id is given). */
export function countersFromEvents(events: readonly ProgressEvent[], period: string): ProgressCounters {
  const bounds = periodBounds(period);
  const c: ProgressCounters = {
    sentToCourse: 0,
    dossiersSent: 0,
    admitted: 0,
    introductions: 0,
    introductionsByMember: {},
  };
  const seen = new Set<string>();
  for (const e of events) {
    if (!inPeriod(e.on, bounds)) continue;
    if (e.candidateId) {
      const key = `${e.type}#${e.candidateId}#${e.memberId ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (e.type === 'sent_to_course') c.sentToCourse++;
    else if (e.type === 'dossier_sent') c.dossiersSent++;
    else if (e.type === 'admitted') c.admitted++;
    else {
      c.introductions++;
      if (e.memberId) c.introductionsByMember[e.memberId] = (c.introductionsByMember[e.memberId] ?? 0) + 1;
    }
  }
  return c;
}

export interface MetricProgress {
  metric: TargetMetric;
  /** For introductionsPerMember: the number of members expected to introduce (members × per member ≥ 1). */
  target: number;
  actual: number;
  /** Pro rata share of the target due by `asOf` (all of it once the period is over). */
  expectedByNow: number;
  onTrack: boolean;
  met: boolean;
}

/** Share of the period elapsed on `asOf` (inclusive), 0..1. */
export function elapsedShare(period: string, asOf: CalendarDate): number {
  const { start, end } = periodBounds(period);
  if (isBefore(asOf, start)) return 0;
  if (!isBefore(asOf, end)) return 1;
  return (daysBetween(start, asOf) + 1) / (daysBetween(start, end) + 1);
}

/**
 * Progress of each target of a period. "On track" when the actual reaches the pro-rata share of the target
 * by `asOf`. Introductions per member count the members who made at least that many introductions.
 */
export function progressFor(
  targets: TargetValues,
  counters: ProgressCounters,
  period: string,
  asOf: CalendarDate,
  officialMembers: number,
): MetricProgress[] {
  const share = elapsedShare(period, asOf);
  const out: MetricProgress[] = [];
  for (const metric of TARGET_METRICS) {
    const value = targets[metric];
    if (value === undefined) continue;
    let target: number;
    let actual: number;
    if (metric === 'introductionsPerMember') {
      target = value > 0 ? officialMembers : 0;
      actual = Object.values(counters.introductionsByMember).filter((n) => n >= value).length;
    } else {
      target = value;
      actual = counters[metric];
    }
    const expectedByNow = Math.ceil(target * share);
    out.push({
      metric,
      target,
      actual,
      expectedByNow,
      onTrack: actual >= expectedByNow,
      met: actual >= target,
    });
  }
  return out;
}

/** Flatten targets to items (one per period and metric) for storage. */
export function targetsToList(t: CellTargets): Target[] {
  const out: Target[] = [];
  const add = (period: string, values: TargetValues) => {
    for (const metric of TARGET_METRICS) {
      const value = values[metric];
      if (value !== undefined) out.push({ cellId: t.cellId, period, metric, value });
    }
  };
  add(String(t.year), t.annual);
  for (const [month, values] of Object.entries(t.monthly).sort()) add(month, values);
  return out;
}

/** The founding cell : a trade-union cell for enterprises in the Hải Phòng economic zone. */
export const FOUNDING_CELL = Object.freeze({
  id: 'cb-cd-dn-kkt-hp',
  name: 'Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng',
  officialMembers: 49,
  probationaryMembers: 23,
  /** Meets online under 03-HD/TW (pilot). */
  meetsOnline: true,
  /** Assumption for the demo: a cell under a grassroots committee, no sub-committee. Confirm locally. */
  org: Object.freeze({ hasSubcommittee: false, hasGrassrootsCommittee: true }) as OrgContext,
  defaultIntroducerPath: 'trade_union' as const,
});

/** Its 2024 plan: 180 to the course, 60 admitted; January: ≥ 15 dossiers sent up, one introduction per member. */
export const FOUNDING_CELL_TARGETS_2024: CellTargets = Object.freeze({
  cellId: FOUNDING_CELL.id,
  year: 2024,
  annual: { sentToCourse: 180, admitted: 60 },
  monthly: { '2024-01': { dossiersSent: 15, introductionsPerMember: 1 } },
});
