// The daily reminder job, in three phases that make each digest go out exactly once per recipient and day:
//
// 1. plan:    read ONLY the due deadlines (GSI3, `GSI3SK <= today~`), decide the notice of each, group them
//             into one digest per recipient, and record each digest with a conditional put
//             (`DIGEST#<day>` / `TO#<recipient>`). A digest, once recorded, is never rebuilt: a rerun sends
//             the very same mail.
// 2. send:    for each digest of the day without `sentAt`: claim it (conditional on no `sentAt`), SendEmail,
//             then in one transaction record `MAIL#<key>` (attribute_not_exists) and the digest's `sentAt`.
//             A failed send is recorded and skipped; the rerun sends it.
// 3. advance: move each deadline whose digests were all sent to its next reminder day (conditional on the
//             `nextRemindOn` read in phase 1). A deadline not yet in a sent digest stays due, so it is
//             picked up again by the next run; nothing is missed.
//
// Two runs at once (the scheduler delivers at least once) cannot both send a digest: the claim carries a lease
// (`claimUntil`, 90 s) and is conditional on no live claim; the loser reports `DigestBusy` and its run ends
// `partial`, so the platform retries it. A run that dies mid-send leaves its claim: a rerun after the lease
// sends that digest. The only window that is not exactly-once is a crash between SES accepting a mail and the
// transaction that records it: the rerun resends that one mail (at-least-once there, never a miss).
//
// The reads of phase 1 are in due.ts (deadlines, recipients) and figures.ts (the monthly progress); recording
// and sending the digests in send.ts. Every read and write of the table is an operation of `deps.store`
// (shared/adapters/reminder-store.ts), which counts the run's reads on its `ReadMeter`.
import { randomUUID } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { ReadMeter, type ReminderStore } from '../adapters/reminder-store.ts';
import { groupDigests } from './digest.ts';
import { loadRouting, type PlannedDeadline, planDueDeadlines, recipientsOf } from './due.ts';
import { errorName } from './errors.ts';
import { monthlyProgress } from './figures.ts';
import { ReminderEvent } from './schema.ts';
import { recordDigest, sendDigest } from './send.ts';
import { dayInVietnam } from './time.ts';

export interface ReminderJobDeps {
  /** the job's reads and writes on the table (`reminderStore(ddb, tableName)`) */
  store: ReminderStore;
  /** the client, or how to make it on first use (a run with nothing to send never loads SES) */
  ses: SESv2Client | (() => Promise<SESv2Client>);
  appBaseUrl: string;
  mailFrom: string;
  /** Wall clock, only for the run record's timestamps (the business day comes from the event). */
  wallClock?: () => Date;
}

export type JobRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface JobRunSummary {
  runId: string;
  job: 'reminders';
  day: string;
  eventTime: string;
  startedAt: string;
  finishedAt?: string;
  status: JobRunStatus;
  itemsRead: number;
  readCapacity: number;
  deadlinesDue: number;
  digests: number;
  mailsSent: number;
  deadlinesAdvanced: number;
  errors: number;
  errorMessages: string[];
}

const ADVANCE_CONCURRENCY = 8;

export async function runReminderJob(deps: ReminderJobDeps, rawEvent: unknown): Promise<JobRunSummary> {
  const event = ReminderEvent.parse(rawEvent);
  const today = dayInVietnam(event.time);
  const wall = deps.wallClock ?? (() => new Date());
  const meter = new ReadMeter();
  const runId = randomUUID();
  const run: JobRunSummary = {
    runId,
    job: 'reminders',
    day: today,
    eventTime: event.time,
    startedAt: wall().toISOString(),
    status: 'running',
    itemsRead: 0,
    readCapacity: 0,
    deadlinesDue: 0,
    digests: 0,
    mailsSent: 0,
    deadlinesAdvanced: 0,
    errors: 0,
    errorMessages: [],
  };
  const fail = (phase: string, e: unknown): void => {
    run.errors++;
    // Only the error's name: SES and DynamoDB messages can quote addresses or names.
    if (run.errorMessages.length < 20) run.errorMessages.push(`${phase}: ${errorName(e)}`);
  };
  await deps.store.recordJobRun(run, wall());
  try {
    // ---- phase 1: plan ----------------------------------------------------------------------------------
    const planned = await planDueDeadlines(deps, today, meter, fail);
    run.deadlinesDue = planned.length;
    const cellIds = new Set(planned.map((p) => p.notice.cellId));
    const progress = await monthlyProgress(deps, today, meter);
    for (const cellId of progress.keys()) cellIds.add(cellId);
    const routing = await loadRouting(deps, [...cellIds], meter);
    for (const p of progress.values()) p.cellName = routing.cellName?.(p.cellId);
    const digests = groupDigests(
      today,
      planned.map((p) => p.notice),
      routing,
      progress,
    );
    for (const d of digests) await recordDigest(deps, d, runId, wall());

    // ---- phase 2: send ----------------------------------------------------------------------------------
    const records = await deps.store.digestsOfDay(today, meter);
    run.digests = records.length;
    for (const record of records) {
      if (record.sentAt || record.rejectedAt) continue;
      try {
        const outcome = await sendDigest(deps, record, runId, wall);
        if (outcome === 'sent') run.mailsSent++;
        if (outcome === 'rejected') {
          record.rejectedAt = true; // a bad address: counted, never retried, does not hold the deadlines back
          fail('send', { name: 'MessageRejected' });
        } else record.sentAt = true;
      } catch (e) {
        if ((e as { name?: string }).name === 'DuplicateMail') record.sentAt = true;
        fail('send', e);
      }
    }

    // ---- phase 3: advance -------------------------------------------------------------------------------
    const byRecipient = new Map(records.map((r) => [r.recipientId, r]));
    const ready = planned.filter((p) => {
      const to = recipientsOf(p.notice, routing);
      if (to.length === 0) {
        fail('route', { name: 'NoRecipientForCell' });
        return true; // nobody to tell: do not keep re-reading it every day
      }
      return to.every((r) => {
        const rec = byRecipient.get(r.id);
        const done = rec?.sentAt !== undefined || rec?.rejectedAt !== undefined;
        return done && rec?.items.includes(p.ref);
      });
    });
    for (let i = 0; i < ready.length; i += ADVANCE_CONCURRENCY) {
      const results = await Promise.all(
        ready.slice(i, i + ADVANCE_CONCURRENCY).map((p) => advance(deps, p, today)),
      );
      for (const r of results) {
        if (r === 'advanced') run.deadlinesAdvanced++;
        else if (r instanceof Error) fail('advance', r);
      }
    }
    run.status = run.errors > 0 ? 'partial' : 'succeeded';
    return run;
  } catch (e) {
    fail('run', e);
    run.status = 'failed';
    throw e;
  } finally {
    run.itemsRead = meter.items;
    run.readCapacity = Math.round(meter.capacity * 100) / 100;
    run.finishedAt = wall().toISOString();
    await deps.store.recordJobRun(run, wall()).catch(() => undefined);
  }
}

async function advance(
  deps: ReminderJobDeps,
  p: PlannedDeadline,
  today: string,
): Promise<'advanced' | 'skipped' | Error> {
  try {
    return await deps.store.advanceReminder(p, today); // 'skipped': closed or moved meanwhile
  } catch (e) {
    return e instanceof Error ? e : new Error('advance failed');
  }
}

/** Thrown by the handler when a run recorded errors, so the scheduler retries it (reruns are safe). */
export class ReminderJobIncomplete extends Error {
  override name = 'ReminderJobIncomplete';
  constructor(readonly run: JobRunSummary) {
    super(`reminder run ${run.runId} ${run.status}: ${run.errors} error(s)`);
  }
}
