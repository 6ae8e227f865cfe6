// The reminder job with 1,000 and with 100,000 candidates, the same 100 of them due: how many items it reads
// and how long it takes. It should read about the due items only (GSI3), so its time should not grow with
// the table. Runs the real handler (functions/reminders.ts) against the embedded stack's DynamoDB Local and
// SES outbox; each size lives in a table of its own, seeded straight through BatchWriteItem (not timed as the
// job). The candidates need no workflow chore, as most candidates on a given day.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createTableInput, indexKeys, keys } from '../shared/adapters/table.ts';
import {
  addDays,
  batchWrite,
  deadlineItem,
  putCell,
  putUser,
} from '../test/integration/reminders/fixtures.ts';
import { median, ratio, round } from './lib/stats.ts';

const DUE = 100;
/** Three ordinary days (not the first working day of a month, which adds the monthly progress report). */
const DAYS = ['2026-03-10', '2026-03-11', '2026-03-12'];
/** The day of the unmeasured warm-up run (an ordinary day too, before the measured ones). */
const WARM_UP_DAY = '2026-03-09';

export interface ReminderSize {
  candidates: number;
  due: number;
  itemsRead: number;
  deadlinesDue: number;
  mailsSent: number;
  ms: number;
  /** the job's own GSI3 query alone, issued raw on the same table: what the engine charges for it */
  rawQueryMs: number;
  seedSeconds: number;
}

export interface RemindersReport {
  sizes: ReminderSize[];
  readRatio: number;
  timeRatio: number;
  target: string;
  readsWithinTarget: boolean;
  timeWithinTarget: boolean;
}

function candidateItem(cellId: string, id: string, i: number) {
  const name = `Nguyễn Văn ${i}`;
  const nameKey = `nguyen van ${i}`;
  return {
    ...keys.candidate(id),
    ...indexKeys.byStage(cellId, 'DOSSIER', '2026-01-05T00:00:00.000Z', id),
    ...indexKeys.byName(cellId, nameKey, id),
    cellId,
    fullName: name,
    nameKey,
    stage: 'DOSSIER',
    version: 3,
    rulesetId: 'r2025',
  };
}

const candidateId = (i: number) => `c${String(i).padStart(6, '0')}`;

/** The open dossier deadline of candidate `i`, reminded on `nextRemindOn`. */
const dossierDeadline = (cellId: string, i: number, nextRemindOn: string, dueOn: string) =>
  deadlineItem({
    candidateId: candidateId(i),
    cellId,
    kind: 'dossier',
    dueOn,
    nextRemindOn,
    candidateName: `Nguyễn Văn ${i}`,
  });

async function seedTable(ddb: DynamoDBDocumentClient, raw: DynamoDBClient, size: number) {
  const started = performance.now();
  const table = `bench-reminders-${size}`;
  await raw.send(new CreateTableCommand(createTableInput(table)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: table });
  const cellId = 'bench-cell';
  await putUser(ddb, table, { userId: 'bench-secretary', email: 'bi-thu@example.org', cellIds: [cellId] });
  await putCell(ddb, table, { cellId, secretaryUserIds: ['bench-secretary'] });
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < size; i++) {
    items.push(candidateItem(cellId, candidateId(i), i));
    if (i >= DUE) {
      // every other candidate has an open deadline too, to be reminded of months later
      const remind = addDays(DAYS[0] as string, 30 + (i % 200));
      items.push(dossierDeadline(cellId, i, remind, addDays(remind, 10)));
    }
  }
  // 32 requests in flight: DynamoDB Local takes the seed ~1.3x faster than with 8 (measured on tmpfs)
  await batchWrite(ddb, table, items, 32);
  return { table, cellId, seedSeconds: round((performance.now() - started) / 1000, 1) };
}

/** The same 100 candidates due on `day` (re-armed before each run: a run moves them on). */
async function armDue(ddb: DynamoDBDocumentClient, table: string, cellId: string, day: string) {
  const items = Array.from({ length: DUE }, (_, i) => dossierDeadline(cellId, i, day, addDays(day, 7)));
  await batchWrite(ddb, table, items, 4);
}

/** The due-items query of the job (GSI3, `GSI3SK <= day~`, all pages), alone, while the 100 are due. */
async function timeRawDueQuery(ddb: DynamoDBDocumentClient, table: string, day: string): Promise<number> {
  const started = performance.now();
  let start: Record<string, unknown> | undefined;
  let items = 0;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :upTo',
        ExpressionAttributeValues: { ':pk': 'REMIND', ':upTo': `${day}~` },
        ExclusiveStartKey: start,
      }),
    );
    items += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  if (items !== DUE) throw new Error(`the raw due query found ${items} items, not ${DUE}`);
  return performance.now() - started;
}

type Handler = (
  event: unknown,
  context: Context,
) => Promise<{ itemsRead: number; deadlinesDue: number; mailsSent: number; status: string }>;

/** The Lambda context the deployed function gets (its Logger reads it), as the local Lambda service gives it. */
function benchContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'ketnap-reminders',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:ketnap-reminders',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/ketnap-reminders',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function benchReminders(options: {
  sizes: number[];
  handler: Handler;
}): Promise<RemindersReport> {
  const raw = new DynamoDBClient({});
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const sizes: ReminderSize[] = [];
  const tableBefore = process.env.TABLE_NAME;
  try {
    // every table is seeded before any is measured: the seed of the largest one warms DynamoDB Local's JIT,
    // which would otherwise make the first size measured (cold) look slower than the largest
    const tables = [];
    for (const size of options.sizes) tables.push({ size, ...(await seedTable(ddb, raw, size)) });
    for (const { size, table, cellId, seedSeconds } of tables) {
      process.env.TABLE_NAME = table;
      // one run not measured, on a day of its own: the job's code paths warm for this table too
      await armDue(ddb, table, cellId, WARM_UP_DAY);
      await options.handler({ time: `${WARM_UP_DAY}T07:00:00+07:00` }, benchContext());
      const runs: { ms: number; itemsRead: number; deadlinesDue: number; mailsSent: number }[] = [];
      const rawTimes: number[] = [];
      for (const day of DAYS) {
        await armDue(ddb, table, cellId, day);
        rawTimes.push(await timeRawDueQuery(ddb, table, day));
        const started = performance.now();
        const result = await options.handler({ time: `${day}T07:00:00+07:00` }, benchContext());
        const ms = performance.now() - started;
        if (result.status !== 'succeeded') throw new Error(`reminder job ${result.status} on ${day}`);
        runs.push({
          ms,
          itemsRead: result.itemsRead,
          deadlinesDue: result.deadlinesDue,
          mailsSent: result.mailsSent,
        });
      }
      const last = runs[runs.length - 1] as (typeof runs)[number];
      sizes.push({
        candidates: size,
        due: DUE,
        itemsRead: last.itemsRead,
        deadlinesDue: last.deadlinesDue,
        mailsSent: last.mailsSent,
        ms: round(median(runs.map((r) => r.ms)), 1),
        rawQueryMs: round(median(rawTimes), 1),
        seedSeconds,
      });
    }
  } finally {
    if (tableBefore === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = tableBefore;
    raw.destroy();
  }
  const small = sizes[0] as ReminderSize;
  const large = sizes[sizes.length - 1] as ReminderSize;
  const readRatio = ratio(large.itemsRead, DUE);
  const timeRatio = ratio(large.ms, small.ms);
  return {
    sizes,
    readRatio,
    timeRatio,
    target:
      'items read within 2x the items due; time at the largest size within 1.5x the time at the smallest',
    readsWithinTarget: sizes.every((s) => s.itemsRead <= 2 * s.due),
    timeWithinTarget: timeRatio <= 1.5,
  };
}
