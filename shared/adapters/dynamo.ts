/**
 * The DynamoDB primitives of ketnap's one table: consistent reads, queries, writes and the parts of a
 * transaction. The workflow's items (candidates, stage changes, chores) are built on them in repository.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { clients, config } from './clients.ts';

export type Item = Record<string, NativeAttributeValue>;
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = () => config().tableName;
const ddb = () => clients().ddb;

export const newId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;

export function isConditionalFailure(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

export async function getItem<T = Item>(key: { PK: string; SK: string }): Promise<T | undefined> {
  const res = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return res.Item as T | undefined;
}

export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName'>,
  limit = Infinity,
): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const res = await ddb().send(new QueryCommand({ ...input, TableName: table(), ExclusiveStartKey }));
    out.push(...((res.Items ?? []) as Item[]));
    ExclusiveStartKey = res.LastEvaluatedKey;
  } while (ExclusiveStartKey && out.length < limit);
  return out;
}

export const queryPrefix = (pk: string, skPrefix: string) =>
  queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
    ConsistentRead: true,
  });

/** One page of a GSI query; the page token is the LastEvaluatedKey, base64url JSON. */
export async function queryPage(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  limit: number,
  cursor?: string,
): Promise<{ items: Item[]; nextCursor?: string }> {
  let start: Record<string, unknown> | undefined;
  if (cursor) {
    try {
      start = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      start = undefined;
    }
  }
  const res = await ddb().send(
    new QueryCommand({ ...input, TableName: table(), Limit: limit, ExclusiveStartKey: start }),
  );
  return {
    items: (res.Items ?? []) as Item[],
    nextCursor: res.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString('base64url')
      : undefined,
  };
}

export async function put(item: Item, condition?: string): Promise<void> {
  await ddb().send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: condition }));
}

export async function update(input: {
  Key: { PK: string; SK: string };
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): Promise<Item | undefined> {
  const res = await ddb().send(new UpdateCommand({ TableName: table(), ReturnValues: 'ALL_NEW', ...input }));
  return res.Attributes as Item | undefined;
}

export async function transact(items: TxItem[]): Promise<void> {
  await ddb().send(new TransactWriteCommand({ TransactItems: items }));
}

// ---- transaction parts -----------------------------------------------------------------------------------

export const txPut = (Item: Item, ConditionExpression?: string): TxItem => ({
  Put: { TableName: table(), Item, ConditionExpression },
});

export const txUpdate = (u: {
  Key: { PK: string; SK: string };
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): TxItem => ({ Update: { TableName: table(), ...u } });

export const txCheck = (c: {
  Key: { PK: string; SK: string };
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): TxItem => ({ ConditionCheck: { TableName: table(), ...c } });

/** Strongly consistent BatchGetItem of up to 100 keys (unprocessed keys retried); items in no particular order. */
export async function getItems<T = Item>(wanted: { PK: string; SK: string }[]): Promise<T[]> {
  // a batch may not name a key twice
  const keys = [...new Map(wanted.map((k) => [`${k.PK}\n${k.SK}`, { PK: k.PK, SK: k.SK }])).values()];
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let Keys: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; Keys && Keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 10) throw new Error('BatchGetItem kept returning unprocessed keys');
      const res: BatchGetCommandOutput = await ddb().send(
        new BatchGetCommand({ RequestItems: { [table()]: { Keys, ConsistentRead: true } } }),
      );
      out.push(...((res.Responses?.[table()] ?? []) as T[]));
      Keys = res.UnprocessedKeys?.[table()]?.Keys;
    }
  }
  return out;
}
