/** Targets (chỉ tiêu) and progress counters of a cell for a year or a month. */
import { getItem, queryPrefix, transact, txPut } from '../adapters/repository.ts';
import { keys, reminderKeys } from '../adapters/table.ts';
import { assertCell, assertRole, msg } from './model.ts';
import { parse } from './parse.ts';
import { TargetsInput } from './schemas.ts';
import { type Actor, AppError, type Progress, type Targets } from './types.ts';

const METRICS = ['sentToCourse', 'dossiersSubmitted', 'admitted', 'recognized', 'introductions'] as const;

const pick = (item: Record<string, unknown> | undefined) =>
  Object.fromEntries(
    METRICS.filter((m) => typeof item?.[m] === 'number').map((m) => [m, item?.[m] as number]),
  );

export async function getTargets(actor: Actor, cellId: string, period: string): Promise<Targets> {
  assertCell(actor, cellId);
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) {
    throw new AppError('INVALID', msg('app.invalidPeriod'), { fields: ['period'] });
  }
  return { cellId, period, ...pick(await getItem(keys.target(cellId, period))) };
}

export async function setTargets(actor: Actor, raw: unknown): Promise<Targets> {
  // `official` (web form) is the same metric as `recognized`
  const body = raw as Record<string, unknown> | null;
  const withAlias =
    body && typeof body === 'object' && 'official' in body
      ? {
          ...Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'official')),
          recognized: body.official,
        }
      : raw;
  const t = parse(TargetsInput, withAlias);
  assertCell(actor, t.cellId);
  assertRole(actor, ['secretary', 'admin']);
  // a cell the table does not know gets no targets (a token may name a cell that was never created)
  if (!(await getItem(keys.cell(t.cellId)))) throw new AppError('NOT_FOUND', msg('app.cellNotFound'));
  const values = pick(t);
  await transact([
    txPut({
      ...keys.target(t.cellId, t.period),
      type: 'target',
      cellId: t.cellId,
      period: t.period,
      ...values,
      updatedBy: actor.userId,
      updatedAt: new Date().toISOString(),
    }),
    // the reminder job lists the cells with targets of a year from this item
    txPut({ ...reminderKeys.targetSet(t.period.slice(0, 4), t.cellId), cellId: t.cellId }),
  ]);
  return { cellId: t.cellId, period: t.period, ...values };
}

/** The counters of the year and each of its months that has any. */
export async function getProgress(actor: Actor, cellId: string, year: string): Promise<Progress[]> {
  assertCell(actor, cellId);
  if (!/^\d{4}$/.test(year)) throw new AppError('INVALID', msg('app.invalidYear'));
  const items = await queryPrefix(`CELL#${cellId}`, `PROGRESS#${year}`);
  return items.map((i) => ({
    cellId,
    period: String(i.period ?? String(i.SK).slice('PROGRESS#'.length)),
    ...pick(i),
  }));
}
