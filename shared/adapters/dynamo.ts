/**
 * The DynamoDB primitives of ketnap's one table: consistent reads, queries, writes and the parts of a
 * transaction. The workflow's items (candidates, stage changes, chores) are built on them in repository.ts.
 */
import { randomBytes } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
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
import { requires } from './permissions.ts';

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
  requires('ketnap-iam:table:dynamodb:GetItem');
  const res = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return res.Item as T | undefined;
}

/** Counts what a read returned: items, and the read capacity DynamoDB charged (asked for when a meter is given). */
export interface PageMeter {
  add(items: number, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void;
}

/** Where and how a paged read reads: the environment's client and table unless a caller passes its own. */
export interface ReadOptions {
  ddb?: DynamoDBDocumentClient;
  tableName?: string;
  /** metered reads ask DynamoDB for the capacity they consumed (ReturnConsumedCapacity TOTAL) */
  meter?: PageMeter;
}

/** Every page of a Query (or the pages until `limit` items); its consistency is the input's `ConsistentRead`. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName'>,
  limit = Infinity,
  opts: ReadOptions = {},
): Promise<Item[]> {
  requires('ketnap-iam:table:dynamodb:Query', 'ketnap-iam:indexes:dynamodb:Query');
  const client = opts.ddb ?? ddb();
  const TableName = opts.tableName ?? table();
  const out: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const res = await client.send(
      new QueryCommand({
        ...input,
        TableName,
        ExclusiveStartKey,
        ...(opts.meter ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
      }),
    );
    const items = (res.Items ?? []) as Item[];
    opts.meter?.add(items.length, res.ConsumedCapacity);
    out.push(...items);
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
  requires('ketnap-iam:table:dynamodb:Query', 'ketnap-iam:indexes:dynamodb:Query');
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
  requires('ketnap-iam:table:dynamodb:PutItem');
  await ddb().send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: condition }));
}

export async function update(input: {
  Key: { PK: string; SK: string };
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): Promise<Item | undefined> {
  requires('ketnap-iam:table:dynamodb:UpdateItem');
  const res = await ddb().send(new UpdateCommand({ TableName: table(), ReturnValues: 'ALL_NEW', ...input }));
  return res.Attributes as Item | undefined;
}

/** One TransactWriteItems: its items' actions are declared by the builders below that made them. */
export async function transact(items: TxItem[]): Promise<void> {
  await ddb().send(new TransactWriteCommand({ TransactItems: items }));
}

// ---- transaction parts -----------------------------------------------------------------------------------

export const txPut = (Item: Item, ConditionExpression?: string): TxItem => {
  requires('ketnap-iam:table:dynamodb:PutItem');
  return { Put: { TableName: table(), Item, ConditionExpression } };
};

export const txUpdate = (u: {
  Key: { PK: string; SK: string };
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): TxItem => {
  requires('ketnap-iam:table:dynamodb:UpdateItem');
  return { Update: { TableName: table(), ...u } };
};

export const txCheck = (c: {
  Key: { PK: string; SK: string };
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}): TxItem => {
  requires('ketnap-iam:table:dynamodb:ConditionCheckItem');
  return { ConditionCheck: { TableName: table(), ...c } };
};

export const txDelete = (key: { PK: string; SK: string }, ConditionExpression?: string): TxItem => {
  requires('ketnap-iam:table:dynamodb:DeleteItem');
  return {
    Delete: { TableName: table(), Key: key, ...(ConditionExpression ? { ConditionExpression } : {}) },
  };
};

/**
 * How often a BatchGetItem's unprocessed keys are asked for again: 8 retries, waiting 100 ms doubling up to 1 s
 * (5.5 s at most per 100 keys). DynamoDB leaves keys unprocessed when the table throttles; the SDK has already
 * retried the request itself by then, so a second of waiting lets the partition recover, and 5.5 s stays well
 * inside the api's 29 s timeout (the reminder job, with minutes, reads with the same bound).
 */
const BATCH_GET_RETRIES = 8;

/**
 * BatchGetItem of any number of keys, 100 a request, unprocessed keys retried (BATCH_GET_RETRIES); items in no
 * particular order. Strongly consistent unless `consistent` is false.
 */
export async function getItems<T = Item>(
  wanted: readonly { PK: string; SK: string }[],
  opts: ReadOptions & { consistent?: boolean } = {},
): Promise<T[]> {
  requires('ketnap-iam:table:dynamodb:BatchGetItem');
  const client = opts.ddb ?? ddb();
  const TableName = opts.tableName ?? table();
  // a batch may not name a key twice
  const keys = [...new Map(wanted.map((k) => [`${k.PK}\n${k.SK}`, { PK: k.PK, SK: k.SK }])).values()];
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let Keys: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; Keys && Keys.length > 0; attempt++) {
      if (attempt > BATCH_GET_RETRIES) throw new Error('BatchGetItem kept returning unprocessed keys');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const res: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({
          RequestItems: { [TableName]: { Keys, ConsistentRead: opts.consistent ?? true } },
          ...(opts.meter ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
        }),
      );
      const items = (res.Responses?.[TableName] ?? []) as T[];
      opts.meter?.add(items.length, res.ConsumedCapacity);
      out.push(...items);
      Keys = res.UnprocessedKeys?.[TableName]?.Keys;
    }
  }
  return out;
}
