// ketnap-reminders: EventBridge Scheduler (the local cron in the embedded stack), daily 07:00
// Asia/Ho_Chi_Minh, event `{ "time": ISO-8601 }`. Parse → run the job → fail loudly when incomplete, so the
// scheduler's retry reruns it (the job is exactly-once per recipient and day, so a rerun is safe).
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { clients } from '../shared/adapters/clients.ts';
import { config } from '../shared/adapters/config.ts';
import { count, loadLogger, loadMetrics, log, observed } from '../shared/adapters/observability.ts';
import { reminderStore } from '../shared/adapters/reminder-store.ts';
import { runWorkflowChores } from '../shared/app/maintenance.ts';
import { dateInVietnam } from '../shared/domain/date.ts';
import { type JobRunSummary, ReminderJobIncomplete, runReminderJob } from '../shared/reminders/job.ts';

// the one DynamoDB client of the process (shared/adapters/clients.ts), not a second one to build at start
const ddb = clients().ddb;
// A bounded send: the job's claim on a digest (90 s lease) must outlive one SendEmail. Made on the first mail.
let sesClient: Promise<SESv2Client> | undefined;
const ses = () =>
  (sesClient ??= import('../shared/adapters/sdk/ses.ts').then(
    ({ SESv2Client }) =>
      new SESv2Client({ requestHandler: { requestTimeout: 20_000, connectionTimeout: 5_000 } }),
  ));

const SUMMARY_FIELDS = [
  'runId',
  'day',
  'status',
  'itemsRead',
  'readCapacity',
  'deadlinesDue',
  'digests',
  'mailsSent',
  'errors',
  'errorMessages',
] as const satisfies readonly (keyof JobRunSummary)[];

export const handler = observed('ketnap-reminders', async (event: unknown): Promise<JobRunSummary> => {
  // The workflows' daily chores: end the probations that are over, re-send lost callbacks.
  const time = (event as { time?: unknown } | null)?.time;
  if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) {
    log.info('workflow chores', { ...(await runWorkflowChores(dateInVietnam(time))) });
  }
  // its settings read before the job starts: a variable the template lacks fails the run at once
  const c = config();
  const deps = {
    store: reminderStore(ddb, c.tableName),
    ses,
    appBaseUrl: c.appBaseUrl,
    mailFrom: c.mailFrom,
  };
  const run = await runReminderJob(deps, event);
  // Counts and error names only: no names, no addresses.
  const summary = Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, run[k]]));
  // the digests SES took in this run (a rerun sends only those not sent yet)
  count('MailsSent', run.mailsSent, { kind: 'reminder' });
  if (run.status !== 'succeeded') {
    log.error('reminder run incomplete', summary);
    throw new ReminderJobIncomplete(run);
  }
  log.info('reminder run', summary);
  return run;
});

// Every run logs and counts: the Logger and the Metrics load at start, not inside the run.
await Promise.all([loadLogger(), loadMetrics()]);
