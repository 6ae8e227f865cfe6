// The writes of the reminder job's store (reminder-store.ts): the run record, and each digest recorded once,
// claimed under a lease, marked sent with its mail key in one transaction; a deadline advanced from the
// `nextRemindOn` the job read.
import {
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalFailure } from './dynamo.ts';
import { requires } from './permissions.ts';
import type { DigestRef, ReminderWrites } from './reminder-store.ts';
import { indexKeys, keys, reminderKeys } from './table.ts';

// Digests hold names and addresses: kept 90 days (audit of what was sent), then removed by TTL; so are their
// mail keys. Run records are kept 400 days.
const DIGEST_TTL_DAYS = 90;
const JOB_RUN_TTL_DAYS = 400;

/** The `expiresAt` (TTL, epoch seconds) of an item kept `days` days from `now`. */
function ttl(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}

export function reminderWrites(ddb: DynamoDBDocumentClient, tableName: string): ReminderWrites {
  const TableName = tableName;
  const digestKey = (d: DigestRef) => reminderKeys.digest(d.day, d.recipientId);

  return {
    async recordJobRun(run, now) {
      requires('ketnap-iam:table:dynamodb:PutItem');
      const Item = {
        ...reminderKeys.jobRun(run.startedAt, run.runId),
        ...run,
        expiresAt: ttl(now, JOB_RUN_TTL_DAYS),
      };
      await ddb.send(new PutCommand({ TableName, Item }));
    },

    async recordDigest(d, now) {
      requires('ketnap-iam:table:dynamodb:PutItem');
      try {
        await ddb.send(
          new PutCommand({
            TableName,
            Item: {
              ...digestKey(d),
              day: d.day,
              recipientId: d.recipientId,
              email: d.email,
              lang: d.lang,
              role: d.role,
              items: d.items,
              progressCells: d.progressCells,
              subject: d.subject,
              text: d.text,
              html: d.html,
              createdBy: d.runId,
              createdAt: now.toISOString(),
              attempts: 0,
              expiresAt: ttl(now, DIGEST_TTL_DAYS),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return 'recorded';
      } catch (e) {
        if (!isConditionalFailure(e)) throw e;
        return 'exists'; // recorded by an earlier run of the day
      }
    },

    async claimDigest(d, runId, nowMs, leaseMs) {
      requires('ketnap-iam:table:dynamodb:UpdateItem');
      try {
        await ddb.send(
          new UpdateCommand({
            TableName,
            Key: digestKey(d),
            UpdateExpression:
              'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptBy = :run, lastAttemptAt = :at, claimUntil = :until',
            ConditionExpression:
              'attribute_exists(PK) AND attribute_not_exists(sentAt) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
            ExpressionAttributeValues: {
              ':zero': 0,
              ':one': 1,
              ':run': runId,
              ':at': new Date(nowMs).toISOString(),
              ':until': nowMs + leaseMs,
              ':now': nowMs,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'claimed';
      } catch (e) {
        if (!isConditionalFailure(e)) throw e;
        const old = (e as { Item?: Record<string, unknown> }).Item;
        return old?.sentAt !== undefined ? 'sent' : 'busy';
      }
    },

    async rejectDigest(d, runId, reason, at) {
      requires('ketnap-iam:table:dynamodb:UpdateItem');
      await ddb.send(
        new UpdateCommand({
          TableName,
          Key: digestKey(d),
          UpdateExpression: 'SET rejectedAt = :at, rejectReason = :why REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':why': reason, ':run': runId },
        }),
      );
    },

    async releaseDigest(d, runId) {
      requires('ketnap-iam:table:dynamodb:UpdateItem');
      await ddb.send(
        new UpdateCommand({
          TableName,
          Key: digestKey(d),
          UpdateExpression: 'REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':run': runId },
        }),
      );
    },

    async markDigestSent(d, sent) {
      requires('ketnap-iam:table:dynamodb:PutItem', 'ketnap-iam:table:dynamodb:UpdateItem');
      const sentAt = sent.at.toISOString();
      const markDigest = {
        TableName,
        Key: digestKey(d),
        UpdateExpression: 'SET sentAt = :at, messageId = :id, sentBy = :run',
        ExpressionAttributeValues: { ':at': sentAt, ':id': sent.messageId, ':run': sent.runId },
      };
      try {
        await ddb.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.mail(reminderKeys.mailKey(d.day, d.recipientId)),
                    sentAt,
                    messageId: sent.messageId,
                    expiresAt: ttl(sent.at, DIGEST_TTL_DAYS),
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              { Update: markDigest },
            ],
          }),
        );
        return 'sent';
      } catch (e) {
        if (!isConditionalFailure(e)) throw e;
        // The mail key existed: someone sent this digest before. Record the digest as sent.
        await ddb.send(new UpdateCommand(markDigest));
        return 'duplicate';
      }
    },

    async advanceReminder(r, today) {
      requires('ketnap-iam:table:dynamodb:UpdateItem');
      try {
        await ddb.send(
          new UpdateCommand({
            TableName,
            Key: r.key,
            UpdateExpression: 'SET nextRemindOn = :next, GSI3SK = :gsi, lastRemindedOn = :today',
            ConditionExpression: 'nextRemindOn = :seen AND #status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':next': r.nextRemindOn,
              ':gsi': indexKeys.remind(r.nextRemindOn, r.candidateId, r.kind).GSI3SK,
              ':today': today,
              ':seen': r.seenNextRemindOn,
              ':open': 'open',
            },
          }),
        );
        return 'advanced';
      } catch (e) {
        if (isConditionalFailure(e)) return 'skipped'; // closed or moved meanwhile
        throw e;
      }
    },
  };
}
