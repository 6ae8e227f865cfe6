// The reads of the reminder job's store (reminder-store.ts): Queries and BatchGets that count what they return
// (items and consumed read capacity) on the run's meter, through dynamo.ts's one paged Query and one BatchGet.
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getItems, queryAll as queryEvery } from './dynamo.ts';
import type { DigestRecord, Item, ReadMeter, ReminderReads } from './reminder-store.ts';
import { keys, reminderKeys } from './table.ts';

/** The metric counters of a `TARGET#` or `PROGRESS#` item: its number attributes but its bookkeeping. */
const NOT_METRICS = new Set(['PK', 'SK', 'expiresAt', 'version', 'updatedAt', 'updatedBy']);

function numbers(item: Item | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item ?? {}))
    if (!NOT_METRICS.has(k) && typeof v === 'number') out[k] = v;
  return out;
}

export function reminderReads(ddb: DynamoDBDocumentClient, tableName: string): ReminderReads {
  // the job's reads are eventually consistent (what it reads was written a day or more before) and metered
  const on = (meter?: ReadMeter) => ({ ddb, tableName, ...(meter ? { meter } : {}) });
  const queryAll = (input: Omit<QueryCommandInput, 'TableName'>, meter: ReadMeter) =>
    queryEvery(input, Infinity, on(meter));

  const queryPartition = (pk: string, meter: ReadMeter, skPrefix?: string) =>
    queryAll(
      skPrefix === undefined
        ? { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }
        : {
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
            ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
          },
      meter,
    );

  const batchGet = (keyList: readonly { PK: string; SK: string }[], meter: ReadMeter) =>
    getItems(keyList, { ...on(meter), consistent: false });

  return {
    dueReminders: (day, meter) =>
      queryAll(
        {
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :upTo',
          ExpressionAttributeValues: { ':pk': 'REMIND', ':upTo': `${day}~` },
        },
        meter,
      ),

    candidates: (candidateIds, meter) => batchGet(candidateIds.map(keys.candidate), meter),
    cells: (cellIds, meter) => batchGet(cellIds.map(keys.cell), meter),
    users: (userIds, meter) => batchGet(userIds.map(keys.user), meter),

    async cellsWithTargets(year, meter) {
      const sets = await queryPartition(reminderKeys.targetSetsOfYear(year), meter);
      return sets.map((c) => String(c.SK).slice('CELL#'.length));
    },

    async progressFigures(cellId, periods, meter) {
      const wanted = periods.flatMap((p) => [keys.target(cellId, p), keys.progress(cellId, p)]);
      const got = await batchGet(wanted, meter);
      const bySk = new Map(got.map((i) => [String(i.SK), i]));
      return periods.map((period) => ({
        period,
        target: numbers(bySk.get(keys.target(cellId, period).SK)),
        progress: numbers(bySk.get(keys.progress(cellId, period).SK)),
      }));
    },

    async introductions(cellId, month, meter) {
      const pk = keys.cell(cellId).PK;
      const [members, counts] = await Promise.all([
        queryPartition(pk, meter, 'MEMBER#'),
        queryPartition(pk, meter, `INTRO#${month}#`),
      ]);
      return {
        members: members.map((m) => ({
          memberId: String(m.memberId ?? String(m.SK).slice('MEMBER#'.length)),
          fullName: String(m.fullName ?? ''),
          status: String(m.status ?? ''),
        })),
        counts: Object.fromEntries(counts.map((c) => [String(c.memberId), Number(c.count ?? 0)])),
      };
    },

    async digestsOfDay(day, meter) {
      const records = await queryPartition(reminderKeys.digestsOfDay(day), meter);
      return records.map(
        (r): DigestRecord => ({
          day: String(r.day),
          recipientId: String(r.recipientId),
          email: String(r.email),
          subject: String(r.subject),
          text: String(r.text),
          html: String(r.html),
          items: Array.isArray(r.items) ? r.items : [],
          sentAt: r.sentAt,
          rejectedAt: r.rejectedAt,
        }),
      );
    },

    latestJobRuns: (limit) =>
      queryEvery(
        {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': reminderKeys.jobRuns },
          ScanIndexForward: false,
          Limit: limit,
        },
        limit,
        on(),
      ),
  };
}
