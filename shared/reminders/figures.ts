// A cell's progress figures against its targets, read from its `TARGET#` and `PROGRESS#` items: for a period
// (the web app's report), and, on the first working day of a month, last month's and the year's progress of
// every cell with targets (the monthly mail of the reminder job).
import type { ReadMeter, ReminderReads } from '../adapters/reminder-store.ts';
import type { DigestProgress } from './digest.ts';
import { monthIntroductions } from './introductions.ts';
import type { ReminderJobDeps } from './job.ts';
import { computeProgress, firstWorkingDayOfMonth } from './progress.ts';
import { monthOf, previousMonth } from './time.ts';

/** On the first working day of a month: last month's and the year's progress of each cell with targets. */
export async function monthlyProgress(
  deps: Pick<ReminderJobDeps, 'store'>,
  today: string,
  meter: ReadMeter,
): Promise<Map<string, DigestProgress>> {
  const out = new Map<string, DigestProgress>();
  if (firstWorkingDayOfMonth(today) !== today) return out;
  const month = previousMonth(monthOf(today));
  const year = month.slice(0, 4);
  const cellIds = await deps.store.cellsWithTargets(year, meter);
  for (const cellId of cellIds) {
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
  deps: { store: Pick<ReminderReads, 'progressFigures'> },
  cellId: string,
  periods: readonly string[],
  asOf: string | null,
  meter: ReadMeter,
) {
  const figures = await deps.store.progressFigures(cellId, periods, meter);
  return figures.map((f) => computeProgress(f.period, f.target, f.progress, asOf));
}
