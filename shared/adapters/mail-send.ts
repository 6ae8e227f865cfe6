/**
 * SES v2 SendEmail: the one place ketnap hands a mail to SES (the send-once mailer and the reminder job's
 * digests). The input is built by mail-input.ts, headers made safe.
 */
import type { SESv2Client, SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { ses } from './clients.ts';
import { requires } from './permissions.ts';

/** Sends one mail on the environment's SES client, or on `client` (the reminder job's deps, a test's own). */
export async function sendEmail(
  input: SendEmailCommandInput,
  client?: SESv2Client | (() => Promise<SESv2Client>),
): Promise<{ MessageId?: string | undefined }> {
  requires('ketnap-iam:mail:ses:SendEmail');
  const { client: own, sdk } = await ses();
  const via = client === undefined ? own : typeof client === 'function' ? await client() : client;
  return via.send(new sdk.SendEmailCommand(input));
}
