// What the web app shows of this part: the job's runs (/jobs) and a cell's progress against its targets (home
// chart). Targets are set through shared/app/targets.ts (`setTargets`). The table is reached through the job's
// store (shared/adapters/reminder-store.ts), on the environment's client unless a test passes its own.
import * as z from 'zod';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { ReadMeter, type ReminderReads, reminderStore } from '../adapters/reminder-store.ts';
import { type Actor, AppError } from '../app/types.ts';
import { both } from '../i18n/lookup.ts';
import '../i18n/messages/reminders.ts';
import { loadProgressFigures } from './figures.ts';
import type { JobRunStatus } from './job.ts';
import type { ProgressFigures } from './progress.ts';
import { isPeriod } from './progress.ts';

export interface ReportDeps {
  store: Pick<ReminderReads, 'latestJobRuns' | 'progressFigures'>;
}

function envDeps(): ReportDeps {
  return { store: reminderStore(clients().ddb, config().tableName) };
}

// ---- job runs ------------------------------------------------------------------------------------------------

export const JobRunView = z.object({
  runId: z.string(),
  job: z.string(),
  day: z.string(),
  eventTime: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed'] satisfies JobRunStatus[]),
  itemsRead: z.number(),
  readCapacity: z.number(),
  deadlinesDue: z.number(),
  digests: z.number(),
  mailsSent: z.number(),
  deadlinesAdvanced: z.number(),
  errors: z.number(),
  errorMessages: z.array(z.string()),
});
export type JobRunView = z.infer<typeof JobRunView>;

/** The newest runs first (a run still `running` with no `finishedAt` crashed or is in progress). */
export async function listJobRuns(limit = 30, deps: ReportDeps = envDeps()): Promise<JobRunView[]> {
  const n = z.number().int().min(1).max(500).parse(limit);
  return (await deps.store.latestJobRuns(n)).flatMap((i) => {
    const r = JobRunView.safeParse(i);
    return r.success ? [r.data] : [];
  });
}

// ---- progress ------------------------------------------------------------------------------------------------

export interface ProgressReport extends ProgressFigures {
  cellId: string;
}

function assertCell(actor: Actor | undefined, cellId: string): void {
  if (actor && actor.role !== 'admin' && !actor.cellIds.includes(cellId)) {
    throw new AppError('FORBIDDEN', both('reminder.forbiddenCell'));
  }
}

function assertPeriod(period: string): void {
  if (!isPeriod(period)) {
    throw new AppError('INVALID', both('reminder.invalidPeriod'));
  }
}

/**
 * Target, done, expected-by-now and status per metric of a cell for a period (`2024` or `2024-01`).
 * `asOf` (YYYY-MM-DD) sets the pace; without it only target and done are given. Pass the actor to enforce the
 * cell scope.
 */
export async function getProgressReport(
  cellId: string,
  period: string,
  opts: { asOf?: string; actor?: Actor } = {},
  deps: ReportDeps = envDeps(),
): Promise<ProgressReport> {
  assertCell(opts.actor, cellId);
  assertPeriod(period);
  const asOf = opts.asOf === undefined ? null : z.iso.date().parse(opts.asOf);
  const [figures] = await loadProgressFigures(deps, cellId, [period], asOf, new ReadMeter());
  if (!figures) throw new Error('no figures');
  return { cellId, ...figures };
}
