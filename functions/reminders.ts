// ketnap-reminders: EventBridge Scheduler (the local cron in the embedded stack), daily 07:00
// Asia/Ho_Chi_Minh, event `{ "time": ISO-8601 }`. Parse → run the job → fail loudly when incomplete, so the
// scheduler's retry reruns it (the job is exactly-once per recipient and day, so a rerun is safe).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reminderDepsFromEnv } from '../shared/reminders/config.ts';
import { type JobRunSummary, ReminderJobIncomplete, runReminderJob } from '../shared/reminders/job.ts';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const ses = new SESv2Client({});

export const handler = async (event: unknown): Promise<JobRunSummary> => {
  const run = await runReminderJob(reminderDepsFromEnv(process.env, { ddb, ses }), event);
  if (run.status !== 'succeeded') throw new ReminderJobIncomplete(run);
  return run;
};
