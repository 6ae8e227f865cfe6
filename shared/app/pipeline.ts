/**
 * The planning view of a cell (the dashboard): each official member's introductions in a period, and the
 * pipeline (pool → course → dossiers sent up → admitted → recognised) against the year's and each month's
 * targets. Reads the counters the stage transactions keep (never re-counts candidates).
 */
import { introCounts } from '../adapters/pool.ts';
import { getItem, queryPrefix } from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import {
  type IntroductionsView,
  introductionsOf,
  monthsOf,
  PIPELINE_METRICS,
  type PipelineRow,
  type PoolMember,
  pipelineRows,
} from '../domain/pool.ts';
import { assertCell, msg } from './model.ts';
import { PeriodInput } from './pool-schemas.ts';
import { type Actor, AppError } from './types.ts';

const numbers = (item: Record<string, unknown> | undefined) =>
  Object.fromEntries(
    PIPELINE_METRICS.filter((m) => typeof item?.[m] === 'number').map((m) => [m, item?.[m] as number]),
  ) as Partial<Record<string, number>>;

function checkPeriod(period: string): void {
  if (!PeriodInput.safeParse(period).success) {
    throw new AppError('INVALID', msg('app.invalidPeriod'), { fields: ['period'] });
  }
}

export async function cellMembers(cellId: string): Promise<PoolMember[]> {
  const items = await queryPrefix(`CELL#${cellId}`, SK_PREFIX.member);
  return items.map((m) => ({
    memberId: String(m.memberId ?? String(m.SK).slice(SK_PREFIX.member.length)),
    fullName: String(m.fullName ?? ''),
    status: String(m.status ?? ''),
  }));
}

/**
 * Which official members introduced someone in the period (a month '2024-01' or a year), against one each or
 * the per-member figure the month's `introductions` target implies (target ÷ official members, at least 1).
 */
export async function memberIntroductions(
  actor: Actor,
  cellId: string,
  period: string,
): Promise<IntroductionsView & { target?: number }> {
  assertCell(actor, cellId);
  checkPeriod(period);
  const [members, counts, target] = await Promise.all([
    cellMembers(cellId),
    introCounts(cellId, period),
    getItem(keys.target(cellId, period)),
  ]);
  const official = members.filter((m) => m.status === 'official').length;
  const t = typeof target?.introductions === 'number' ? target.introductions : undefined;
  const perMember = t !== undefined && official > 0 ? Math.max(1, Math.floor(t / official)) : 1;
  return {
    ...introductionsOf(period, members, counts, perMember),
    ...(t !== undefined ? { target: t } : {}),
  };
}

export type PipelinePeriod = { period: string; rows: PipelineRow[]; hasTargets: boolean };

/** The year's pipeline and each month's, with the targets set for each (three Queries of the cell). */
export async function pipeline(
  actor: Actor,
  cellId: string,
  year: string,
): Promise<{ year: PipelinePeriod; months: PipelinePeriod[] }> {
  assertCell(actor, cellId);
  if (!/^\d{4}$/.test(year)) throw new AppError('INVALID', msg('app.invalidYear'));
  const [targets, progress] = await Promise.all([
    queryPrefix(`CELL#${cellId}`, `TARGET#${year}`),
    queryPrefix(`CELL#${cellId}`, `PROGRESS#${year}`),
  ]);
  const bySk = new Map([...targets, ...progress].map((i) => [String(i.SK), i]));
  const of = (period: string): PipelinePeriod => {
    const t = numbers(bySk.get(`TARGET#${period}`));
    return {
      period,
      rows: pipelineRows(t, numbers(bySk.get(`PROGRESS#${period}`))),
      hasTargets: Object.keys(t).length > 0,
    };
  };
  return { year: of(year), months: monthsOf(year).map(of) };
}

/** Every target set for a cell (the admin's list): periods newest first. */
export async function listTargets(
  actor: Actor,
  cellId: string,
): Promise<{ period: string; values: Partial<Record<string, number>> }[]> {
  assertCell(actor, cellId);
  const items = await queryPrefix(`CELL#${cellId}`, 'TARGET#');
  return items
    .map((i) => ({ period: String(i.period ?? String(i.SK).slice('TARGET#'.length)), values: numbers(i) }))
    .sort((a, b) => b.period.localeCompare(a.period));
}
