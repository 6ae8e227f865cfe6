// Wiring of the reminder job from the standard environment.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ReminderJobDeps } from './job.ts';

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  APP_BASE_URL: z.url(),
  MAIL_FROM: z.string().min(3),
});

export function reminderDepsFromEnv(
  env: Record<string, string | undefined>,
  clients: { ddb: DynamoDBDocumentClient; ses: SESv2Client | (() => Promise<SESv2Client>) },
): ReminderJobDeps {
  const e = Env.parse(env);
  return { ...clients, tableName: e.TABLE_NAME, appBaseUrl: e.APP_BASE_URL, mailFrom: e.MAIL_FROM };
}
