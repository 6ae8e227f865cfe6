// A cell's progress figures against its targets, read from its `TARGET#` and `PROGRESS#` items: for a period
// (the web app's report), and, on the first working day of a month, last month's and the year's progress of
// every cell with targets (the monthly mail of the reminder job).
import { keys, reminderKeys } from '../adapters/table.ts';
import type { DigestProgress } from './digest.ts';
import { monthIntroductions } from './introductions.ts';
import type { ReminderJobDeps } from './job.ts';
import { computeProgress, firstWorkingDayOfMonth } from './progress.ts';
import { batchGet, type Item, queryAll, type ReadMeter } from './store.ts';
import { monthOf, previousMonth } from './time.ts';

/** On the first working day of a month: last month's and the year's progress of each cell with targets. */
export async function monthlyProgress(
  deps: ReminderJobDeps,
  today: string,
  meter: ReadMeter,
): Promise<Map<string, DigestProgress>> {
  const out = new Map<string, DigestProgress>();
  if (firstWorkingDayOfMonth(today) !== today) return out;
  const month = previousMonth(monthOf(today));
  const year = month.slice(0, 4);
  const cells = await queryAll(
    deps.ddb,
    {
      TableName: deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': reminderKeys.targetSetsOfYear(year) },
    },
    meter,
  );
  for (const c of cells) {
    const cellId = String(c.SK).slice('CELL#'.length);
    const [monthFigures, yearFigures] = await loadProgressFigures(deps, cellId, [month, year], today, meter);
    if (!monthFigures || !yearFigures) continue;
    if (monthFigures.metrics.length + yearFigures.metrics.length === 0) continue;
    // a month with an introductions target: who of the official members has not introduced anyone yet
    const intro = monthFigures.metrics.some((m) => m.metric === 'introductions')
      ? await monthIntroductions(deps, cellId, month, meter)
      : undefined;
    out.set(cellId, {
      cellId,
      month: monthFigures,
      year: yearFigures,
      ...(intro ? { introductions: intro } : {}),
    });
  }
  return out;
}

export async function loadProgressFigures(
  deps: Pick<ReminderJobDeps, 'ddb' | 'tableName'>,
  cellId: string,
  periods: readonly string[],
  asOf: string | null,
  meter: ReadMeter,
) {
  const wanted = periods.flatMap((p) => [keys.target(cellId, p), keys.progress(cellId, p)]);
  const got = await batchGet(deps.ddb, deps.tableName, wanted, meter);
  const bySk = new Map(got.map((i) => [String(i.SK), i]));
  return periods.map((p) =>
    computeProgress(p, numbers(bySk.get(`TARGET#${p}`)), numbers(bySk.get(`PROGRESS#${p}`)), asOf),
  );
}

const NOT_METRICS = new Set(['PK', 'SK', 'expiresAt', 'version', 'updatedAt', 'updatedBy']);

function numbers(item: Item | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item ?? {}))
    if (!NOT_METRICS.has(k) && typeof v === 'number') out[k] = v;
  return out;
}
