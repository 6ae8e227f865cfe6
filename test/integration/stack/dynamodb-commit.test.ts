/**
 * An acknowledged transaction is on disk. DynamoDB Local answers TransactWriteItems before its SQLite COMMIT
 * has run, so a kill -9 right after the answer could lose a write the caller was told had succeeded (the
 * workflow then went on from a step the table no longer held). The stack's DynamoDB front holds the answer
 * until the commit has run (infra/local/iam/dynamodb-proxy.ts).
 *
 * The test reads the database file itself, with a second SQLite connection, right after each answer: the
 * transaction's items must be there and the file unlocked. Without the hold, most answers arrive while the
 * file is still locked by the pending commit, or before the items are in it. It runs on a DynamoDB Local of
 * its own: a reader's lock at the wrong moment could fail a commit of the shared stack's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDb } from '../../../infra/local/dynamodb.ts';
import { ADMIN_ACCESS_KEY, IamGate } from '../../../infra/local/iam/gate.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-commit-'));
let ddb: DynamoDbLocal | undefined;

afterAll(async () => {
  await ddb?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The rows of `table` whose item holds `value`, read from the file by a connection of our own. */
function rowsOnDisk(table: string, value: string): number | 'locked' {
  const db = new DatabaseSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'), { readOnly: true });
  try {
    const row = db
      .prepare(`SELECT count(*) AS n FROM "${table}" WHERE ObjectJSON LIKE ?`)
      .get(`%"${value}"%`);
    return Number(row?.n);
  } catch (err) {
    if (/locked|busy/i.test(String(err))) return 'locked';
    throw err;
  } finally {
    db.close();
  }
}

describe('DynamoDB Local behind the stack', () => {
  it('answers a transaction only once it is committed to disk', async () => {
    const gate = new IamGate({ dataDir, region: 'ap-southeast-1', account: '000000000000' });
    await gate.ready;
    ddb = await startDynamoDb({ dataDir, port: 0, gate });
    const client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: ADMIN_ACCESS_KEY, secretAccessKey: ADMIN_ACCESS_KEY },
    });
    const table = 'commit-probe';
    await client.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const seen: Array<number | 'locked'> = [];
    for (let i = 0; i < 30; i++) {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: `probe-${i}-a` } } } },
            { Put: { TableName: table, Item: { pk: { S: `probe-${i}-b` } } } },
          ],
        }),
      );
      seen.push(rowsOnDisk(table, `probe-${i}-a`));
    }
    // every answer came after its commit: the items were on disk each time, the file never locked
    expect(seen).toEqual(seen.map(() => 1));
    // and the stand-in still reads them back as usual
    const back = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'probe-29-b' } }, ConsistentRead: true }),
    );
    expect(back.Item?.pk?.S).toBe('probe-29-b');
  });
});
