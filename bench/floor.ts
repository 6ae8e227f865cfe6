// The I/O floor: the same number of DynamoDB transactions, writes and reads and S3 puts that a journey made,
// issued straight through the SDK at the same concurrency, with nothing else around them. A journey can't
// be faster than this on the same engine; the bench reports the journey's time as a multiple of it.
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { pool, round } from './lib/stats.ts';

const REGION = 'ap-southeast-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface FloorInput {
  /** counts by "Service.Operation", as counted on the stand-ins' wire (infra/local/wire.ts) */
  byOperation: Record<string, number>;
  /** items written inside all the TransactWriteItems calls (the floor uses the same average per call) */
  transactItems: number;
  concurrency: number;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  bucket: string;
}

export interface FloorResult {
  seconds: number;
  operations: Record<string, number>;
  skipped: Record<string, number>;
  itemsPerTransaction: number;
  concurrency: number;
}

const KINDS = [
  'DynamoDB.TransactWriteItems',
  'DynamoDB.PutItem',
  'DynamoDB.UpdateItem',
  'DynamoDB.DeleteItem',
  'DynamoDB.GetItem',
  'DynamoDB.Query',
  'DynamoDB.BatchWriteItem',
  'S3.PutObject',
] as const;
type Kind = (typeof KINDS)[number];

/** A candidate-sized item (about 1 KB) carrying the same index attributes as the real table's items. */
function candidateItem(pk: string, sk: string, version: number) {
  return {
    PK: pk,
    SK: sk,
    GSI1PK: 'CELL#floor#STAGE#DOSSIER',
    GSI1SK: pk,
    GSI2PK: 'CELL#floor',
    GSI2SK: `nguyen van a#${pk}`,
    version,
    stage: 'DOSSIER',
    fullName: 'Nguyễn Văn A',
    notes: 'x'.repeat(800),
  };
}

export async function floorTable(ddb: DynamoDBClient, table: string) {
  const s = (AttributeName: string) => ({ AttributeName, AttributeType: 'S' as const });
  const gsi = (n: number) => ({
    IndexName: `GSI${n}`,
    KeySchema: [
      { AttributeName: `GSI${n}PK`, KeyType: 'HASH' as const },
      { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await ddb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [s('PK'), s('SK'), ...[1, 2, 3].flatMap((n) => [s(`GSI${n}PK`), s(`GSI${n}SK`)])],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(1), gsi(2), gsi(3)],
    }),
  );
}

export async function runFloor(input: FloorInput): Promise<FloorResult> {
  const config: DynamoDBClientConfig = {
    endpoint: input.dynamodbEndpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
  };
  const raw = new DynamoDBClient(config);
  const ddb = DynamoDBDocumentClient.from(raw);
  const s3 = new S3Client({
    endpoint: input.s3Endpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const table = `floor-${randomUUID().slice(0, 8)}`;
  await floorTable(raw, table);

  const operations: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  for (const [key, count] of Object.entries(input.byOperation)) {
    if ((KINDS as readonly string[]).includes(key)) operations[key] = count;
    else skipped[key] = count;
  }
  const txCount = operations['DynamoDB.TransactWriteItems'] ?? 0;
  const itemsPerTransaction = txCount ? Math.max(1, Math.round(input.transactItems / txCount)) : 0;

  // Seed what the reads will find: one candidate partition per 10 reads, each with a few audit events.
  const readers = Math.max(
    1,
    Math.ceil(((operations['DynamoDB.GetItem'] ?? 0) + (operations['DynamoDB.Query'] ?? 0)) / 10),
  );
  const seedItems = Array.from({ length: readers }, (_, i) => [
    candidateItem(`CAND#seed${i}`, 'META', 1),
    ...[1, 2, 3].map((e) => ({ PK: `CAND#seed${i}`, SK: `EVT#2026-01-0${e}#0`, type: 'STAGE', at: '2026' })),
  ]).flat();
  await pool(
    Array.from({ length: Math.ceil(seedItems.length / 25) }, (_, i) => seedItems.slice(i * 25, i * 25 + 25)),
    4,
    async (chunk) => {
      await ddb.send(
        new BatchWriteCommand({ RequestItems: { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) } }),
      );
    },
  );

  // The work list, interleaved as in a journey rather than grouped by kind.
  const work: Kind[] = [];
  for (const kind of KINDS) for (let i = 0; i < (operations[kind] ?? 0); i++) work.push(kind);
  let seed = 42;
  for (let i = work.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [work[i], work[j]] = [work[j] as Kind, work[i] as Kind];
  }
  const body = Buffer.alloc(64 * 1024, 7);

  const started = performance.now();
  await pool(work, input.concurrency, async (kind, i) => {
    const pk = `CAND#f${i}`;
    const reader = `CAND#seed${i % readers}`;
    switch (kind) {
      case 'DynamoDB.TransactWriteItems':
        await ddb.send(
          new TransactWriteCommand({
            TransactItems: Array.from({ length: itemsPerTransaction }, (_, k) =>
              k === 0
                ? {
                    Put: {
                      TableName: table,
                      Item: candidateItem(pk, 'META', 1),
                      ConditionExpression: 'attribute_not_exists(PK)',
                    },
                  }
                : { Put: { TableName: table, Item: { PK: pk, SK: `EVT#2026-01-01#${k}`, type: 'STAGE' } } },
            ),
          }),
        );
        break;
      case 'DynamoDB.PutItem':
        await ddb.send(new PutCommand({ TableName: table, Item: candidateItem(pk, 'PUT', 1) }));
        break;
      case 'DynamoDB.UpdateItem':
        await ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: { PK: pk, SK: 'UPD' },
            UpdateExpression: 'SET #v = if_not_exists(#v, :z) + :one',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':z': 0, ':one': 1 },
          }),
        );
        break;
      case 'DynamoDB.DeleteItem':
        await ddb.send(new DeleteCommand({ TableName: table, Key: { PK: pk, SK: 'DEL' } }));
        break;
      case 'DynamoDB.GetItem':
        await ddb.send(new GetCommand({ TableName: table, Key: { PK: reader, SK: 'META' } }));
        break;
      case 'DynamoDB.Query':
        await ddb.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': reader },
          }),
        );
        break;
      case 'DynamoDB.BatchWriteItem':
        await ddb.send(
          new BatchWriteCommand({
            RequestItems: {
              [table]: Array.from({ length: 5 }, (_, k) => ({
                PutRequest: { Item: { PK: pk, SK: `B#${k}` } },
              })),
            },
          }),
        );
        break;
      case 'S3.PutObject':
        await s3.send(new PutObjectCommand({ Bucket: input.bucket, Key: `floor/${i}.pdf`, Body: body }));
        break;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await raw.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  raw.destroy();
  s3.destroy();
  return {
    seconds: round(seconds, 3),
    operations,
    skipped,
    itemsPerTransaction,
    concurrency: input.concurrency,
  };
}
