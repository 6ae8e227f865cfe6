// The reminder job's reads and writes on the single table. Every read goes through `ReadMeter` so the job
// can report how many items it read (and the capacity DynamoDB charged) in its run record.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;

export class ReadMeter {
  items = 0;
  capacity = 0;
  add(count: number, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    this.items += count;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      this.capacity += c.CapacityUnits ?? 0;
  }
}

export async function queryAll(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
  meter: ReadMeter,
  limit = Number.POSITIVE_INFINITY,
): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const res = await ddb.send(
      new QueryCommand({ ...input, ExclusiveStartKey, ReturnConsumedCapacity: 'TOTAL' }),
    );
    const items = res.Items ?? [];
    meter.add(items.length, res.ConsumedCapacity);
    out.push(...items);
    ExclusiveStartKey = res.LastEvaluatedKey;
  } while (ExclusiveStartKey && out.length < limit);
  return out;
}

export async function getItem(
  ddb: DynamoDBDocumentClient,
  TableName: string,
  Key: { PK: string; SK: string },
  meter: ReadMeter,
): Promise<Item | undefined> {
  const res = await ddb.send(new GetCommand({ TableName, Key, ReturnConsumedCapacity: 'TOTAL' }));
  meter.add(res.Item ? 1 : 0, res.ConsumedCapacity);
  return res.Item;
}

/** BatchGetItem in chunks of 100, retrying unprocessed keys. */
export async function batchGet(
  ddb: DynamoDBDocumentClient,
  TableName: string,
  keys: readonly { PK: string; SK: string }[],
  meter: ReadMeter,
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100).map((k) => ({ PK: k.PK, SK: k.SK }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const res = await ddb.send(
        new BatchGetCommand({
          RequestItems: { [TableName]: { Keys: pending } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      const items = res.Responses?.[TableName] ?? [];
      meter.add(items.length, res.ConsumedCapacity);
      out.push(...items);
      pending = (res.UnprocessedKeys?.[TableName]?.Keys ?? []) as Record<string, unknown>[];
      if (attempt > 8 && pending.length > 0) throw new Error('BatchGetItem kept returning unprocessed keys');
    }
  }
  return out;
}

export function isConditionalFailure(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/** An error's name if it is a plain identifier, else `Error` (SES and DynamoDB messages can quote addresses). */
export function errorName(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(name) ? name : 'Error';
}

/** The `expiresAt` (TTL, epoch seconds) of an item kept `days` days from `now`. */
export function ttl(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}
