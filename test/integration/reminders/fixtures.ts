// Minimal item writers for the reminder tests, following docs/contracts.md and access-patterns.md keys.
// Each test file works in its own table, so the job's GSI3 query sees only that file's deadlines.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type OutboxMail, readOutbox } from '../../../infra/local/outbox.ts';
import { createTableInput, indexKeys, keys } from '../../../shared/adapters/table.ts';
import { nextReminderOn } from '../../../shared/domain/deadlines.ts';
import { rulesetOf } from '../../../shared/reminders/schedule.ts';

export function clients() {
  const raw = new DynamoDBClient({});
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const ses = new SESv2Client({});
  return { raw, ddb, ses };
}

export async function createTable(raw: DynamoDBClient, prefix: string): Promise<string> {
  const TableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await raw.send(new CreateTableCommand(createTableInput(TableName)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName });
  return TableName;
}

export async function putCell(
  ddb: DynamoDBDocumentClient,
  table: string,
  cell: { cellId: string; name?: string; secretaryUserIds: string[]; committeeUserIds?: string[] },
): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...keys.cell(cell.cellId),
        name: cell.name ?? cell.cellId,
        secretaryUserIds: cell.secretaryUserIds,
        committeeUserIds: cell.committeeUserIds ?? [],
      },
    }),
  );
}

export async function putUser(
  ddb: DynamoDBDocumentClient,
  table: string,
  u: {
    userId: string;
    email: string;
    lang?: 'vi' | 'en';
    displayName?: string;
    role?: string;
    cellIds?: string[];
  },
): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...keys.user(u.userId),
        email: u.email,
        lang: u.lang ?? 'vi',
        displayName: u.displayName,
        role: u.role ?? 'secretary',
        cellIds: u.cellIds ?? [],
      },
    }),
  );
}

export interface DeadlineFixture {
  candidateId: string;
  cellId: string;
  kind: string;
  dueOn: string;
  /** default: the domain's first reminder day on or after `openedOn` */
  nextRemindOn?: string;
  openedOn?: string;
  candidateName?: string;
  rulesetId?: string;
}

export function deadlineItem(d: DeadlineFixture): Record<string, unknown> {
  const next = d.nextRemindOn ?? nextReminderOn(d.dueOn, d.openedOn ?? d.dueOn, rulesetOf(d.rulesetId));
  return {
    ...keys.deadline(d.candidateId, d.kind),
    ...indexKeys.remind(next, d.candidateId, d.kind),
    cellId: d.cellId,
    dueOn: d.dueOn,
    nextRemindOn: next,
    status: 'open',
    candidateName: d.candidateName,
    rulesetId: d.rulesetId,
  };
}

export async function putDeadline(
  ddb: DynamoDBDocumentClient,
  table: string,
  d: DeadlineFixture,
): Promise<void> {
  await ddb.send(new PutCommand({ TableName: table, Item: deadlineItem(d) }));
}

/** Writes items with BatchWriteItem, 25 a request, `parallel` requests in flight, retrying unprocessed ones. */
export async function batchWrite(
  ddb: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  parallel = 16,
): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25) as Record<string, unknown>[]);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem kept returning unprocessed items');
        const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** The 07:00 Asia/Ho_Chi_Minh scheduler event of a day. */
export function eventOf(day: string): { time: string } {
  return { time: `${day}T07:00:00+07:00` };
}

/** Mails in the shared outbox to the given addresses, oldest first. */
export function mailsTo(dataDir: string, addresses: ReadonlySet<string>): OutboxMail[] {
  return readOutbox(dataDir)
    .filter((m) => m.to.some((t) => addresses.has(t)))
    .reverse();
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
