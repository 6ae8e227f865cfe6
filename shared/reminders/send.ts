// Recording and sending the reminder job's digests: each digest is recorded once per recipient and day
// (`DIGEST#<day>` / `TO#<recipient>`, conditional put), then claimed with a lease, sent with SES and marked
// sent in the same transaction that writes its mail key; a permanent SES rejection is recorded, never retried.
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sendEmailInput } from '../adapters/mail-input.ts';
import { keys, reminderKeys } from '../adapters/table.ts';
import { type Digest, type RenderedMail, renderDigest } from './digest.ts';
import type { ReminderJobDeps } from './job.ts';
import { errorName, type Item, isConditionalFailure, ttl } from './store.ts';

// Digests hold names and addresses: kept 90 days (audit of what was sent), then removed by TTL.
const DIGEST_TTL_DAYS = 90;
/** How long a run's claim on a digest keeps other runs off it (longer than one SendEmail can take). */
export const CLAIM_LEASE_MS = 90_000;

export async function recordDigest(
  deps: ReminderJobDeps,
  d: Digest,
  runId: string,
  now: Date,
): Promise<void> {
  const mail: RenderedMail = renderDigest(d, deps.appBaseUrl);
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          ...reminderKeys.digest(d.day, d.recipient.id),
          day: d.day,
          recipientId: d.recipient.id,
          email: d.recipient.email,
          lang: d.recipient.language,
          role: d.role,
          items: d.candidates.flatMap((c) => c.items.map((i) => `${c.candidateId}#${i.kind}`)),
          progressCells: d.progress.map((p) => p.cellId),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          createdBy: runId,
          createdAt: now.toISOString(),
          attempts: 0,
          expiresAt: ttl(now, DIGEST_TTL_DAYS),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e; // already recorded by an earlier run today: keep it as it is
  }
}

/** SES refused this mail for its content or address: retrying will not help. */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Sends one recorded digest: `sent`, `already` (another run sent it), or `rejected` (SES refused it for good;
 * recorded as `rejectedAt`). Throws `DigestBusy` while another run holds a fresh claim on it (that run may be
 * sending it right now), and any transient error after releasing the claim.
 */
export async function sendDigest(
  deps: ReminderJobDeps,
  record: Item,
  runId: string,
  wall: () => Date,
): Promise<'sent' | 'already' | 'rejected'> {
  const key = { PK: String(record.PK), SK: String(record.SK) };
  const now = wall().getTime();
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: key,
        UpdateExpression:
          'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptBy = :run, lastAttemptAt = :at, claimUntil = :until',
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(sentAt) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':run': runId,
          ':at': new Date(now).toISOString(),
          ':until': now + CLAIM_LEASE_MS,
          ':now': now,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e;
    const old = (e as { Item?: Record<string, unknown> }).Item;
    if (old?.sentAt !== undefined) return 'already';
    throw Object.assign(new Error('digest claimed by another run'), { name: 'DigestBusy' });
  }
  let res: { MessageId?: string | undefined };
  try {
    res = await sendEmail(deps, record);
  } catch (e) {
    if (PERMANENT_SES_ERRORS.has(errorName(e))) {
      await deps.ddb.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'SET rejectedAt = :at, rejectReason = :why REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':at': wall().toISOString(), ':why': errorName(e), ':run': runId },
        }),
      );
      return 'rejected';
    }
    // SES answered with an error: the mail did not go. Release the claim so that a rerun can send it now.
    await deps.ddb
      .send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':run': runId },
        }),
      )
      .catch(() => undefined);
    throw e;
  }
  const sentAt = wall().toISOString();
  const mailKey = reminderKeys.mailKey(String(record.day), String(record.recipientId));
  const markDigest = {
    TableName: deps.tableName,
    Key: key,
    UpdateExpression: 'SET sentAt = :at, messageId = :id, sentBy = :run',
    ExpressionAttributeValues: { ':at': sentAt, ':id': res.MessageId ?? '', ':run': runId },
  };
  try {
    await deps.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.tableName,
              Item: {
                ...keys.mail(mailKey),
                sentAt,
                messageId: res.MessageId ?? '',
                expiresAt: ttl(wall(), DIGEST_TTL_DAYS),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Update: markDigest },
        ],
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e;
    // The mail key existed: someone sent this digest before us. Record the digest as sent and report it.
    await deps.ddb.send(new UpdateCommand(markDigest));
    throw Object.assign(new Error('duplicate digest mail'), { name: 'DuplicateMail' });
  }
  return 'sent';
}

async function sendEmail(deps: ReminderJobDeps, record: Item) {
  const [{ SendEmailCommand }, ses] = await Promise.all([
    import('../adapters/sdk/ses.ts'),
    typeof deps.ses === 'function' ? deps.ses() : deps.ses,
  ]);
  return ses.send(
    new SendEmailCommand(
      sendEmailInput({
        from: deps.mailFrom,
        to: [String(record.email)],
        subject: String(record.subject),
        text: String(record.text),
        html: String(record.html),
        tags: [{ Name: 'job', Value: 'reminders' }],
      }),
    ),
  );
}
