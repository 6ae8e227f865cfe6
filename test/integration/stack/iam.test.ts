/**
 * The stand-ins enforce IAM as AWS does: a principal whose policy lacks one grant gets AccessDenied for exactly
 * that call through the real SDK clients, while its other calls succeed; Deny beats Allow; wildcards match as in
 * AWS; a condition the gate does not understand is refused with its reason; unknown keys and bad signatures
 * are refused. Runs its own stack (its own principals), in a folder of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument, Principal } from '../../../infra/local/iam/gate.ts';
import { type Stack, startStack } from '../../../infra/local/stack.ts';
import { expectDenial } from '../../helpers/iam.ts';

const REGION = 'ap-southeast-1';
const TABLE = 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/ketnap';
const SM = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:ketnap';
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-iam-'));
let stack: Stack;

const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument[] => [
  { Version: '2012-10-17', Statement: Statement.flat() },
];

function clients(p: Pick<Principal, 'accessKeyId' | 'secretAccessKey'>) {
  const base = {
    region: REGION,
    credentials: { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey },
    maxAttempts: 1,
  };
  return {
    ddb: new DynamoDBClient({ ...base, endpoint: stack.endpoints.dynamodb }),
    s3: new S3Client({ ...base, endpoint: stack.endpoints.s3, forcePathStyle: true }),
    sfn: new SFNClient({ ...base, endpoint: stack.endpoints.sfn }),
    ses: new SESv2Client({ ...base, endpoint: stack.endpoints.sesv2 }),
  };
}

beforeAll(async () => {
  stack = await startStack({ dataDir, applyEnv: false, seed: false, cron: false });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const denialsLog = () =>
  readFileSync(join(dataDir, 'iam-denials.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);

describe('IAM enforced by the stand-ins', () => {
  it('DynamoDB: a role without dynamodb:DeleteItem gets AccessDenied for exactly that call, with AWS message', async () => {
    const fn = stack.iam.addPrincipal({
      name: 'fn-no-delete',
      roleName: 'ketnap-fn-role',
      sessionName: 'ketnap-wf-notify',
      policies: doc({
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: [TABLE, `${TABLE}/index/*`],
      }),
    });
    expectDenial({ principal: 'fn-no-delete', action: 'dynamodb:DeleteItem' });
    expectDenial({ principal: 'fn-no-delete', action: 'dynamodb:Query', resource: `${TABLE}-other*` });
    expectDenial({ principal: 'fn-no-delete', action: 'dynamodb:DeleteItem' });
    const { ddb } = clients(fn);
    const pk = `IAM#${randomUUID()}`;
    const key = { PK: { S: pk }, SK: { S: 'META' } };
    await ddb.send(
      new PutItemCommand({ TableName: 'ketnap', Item: { ...key, secret: { S: 'Nguyễn Văn A' } } }),
    );
    expect((await ddb.send(new GetItemCommand({ TableName: 'ketnap', Key: key }))).Item?.PK?.S).toBe(pk);
    const err = await ddb
      .send(new DeleteItemCommand({ TableName: 'ketnap', Key: key }))
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/ketnap-fn-role/ketnap-wf-notify is not authorized to perform: dynamodb:DeleteItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:DeleteItem action`,
    );
    // the item is still there: the call changed nothing
    expect((await ddb.send(new GetItemCommand({ TableName: 'ketnap', Key: key }))).Item).toBeDefined();
    // a wildcard index resource matches any index of the table, not another table
    await ddb.send(
      new QueryCommand({
        TableName: 'ketnap',
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :p',
        ExpressionAttributeValues: { ':p': { S: 'none' } },
      }),
    );
    await expect(
      ddb.send(
        new QueryCommand({
          TableName: 'ketnap-other',
          KeyConditionExpression: 'PK = :p',
          ExpressionAttributeValues: { ':p': { S: 'none' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // a transaction is authorized item by item: its Delete is refused, so nothing of it is written
    await expect(
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'ketnap', Item: { PK: { S: pk }, SK: { S: 'B' } } } },
            { Delete: { TableName: 'ketnap', Key: key } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(
      (await ddb.send(new GetItemCommand({ TableName: 'ketnap', Key: { PK: { S: pk }, SK: { S: 'B' } } })))
        .Item,
    ).toBeUndefined();
    // the log names who, what and why, never a data value
    const log = readFileSync(join(dataDir, 'iam-denials.jsonl'), 'utf8');
    expect(denialsLog()).toContainEqual(
      expect.objectContaining({
        principal: 'fn-no-delete',
        action: 'dynamodb:DeleteItem',
        resource: TABLE,
        reason: 'implicit',
      }),
    );
    expect(log).not.toContain(pk);
    expect(log).not.toContain('Nguyễn');
  });

  it('S3: Deny beats Allow; a key wildcard matches as in AWS; CopyObject needs GetObject on its source', async () => {
    const fn = stack.iam.addPrincipal({
      name: 'fn-docs',
      policies: doc(
        { Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::ketnap-documents/cells/*' },
        {
          Effect: 'Deny',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::ketnap-documents/cells/*/secret/*',
        },
      ),
    });
    expectDenial({
      principal: 'fn-docs',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::ketnap-documents/cells/c1/secret/*',
    });
    expectDenial({
      principal: 'fn-docs',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::ketnap-documents/exports/*',
    });
    const { s3 } = clients(fn);
    const Bucket = 'ketnap-documents';
    await s3.send(new PutObjectCommand({ Bucket, Key: 'cells/c1/secret/a.pdf', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'cells/c1/open/a.pdf', Body: 'y' }));
    expect(
      await (
        await s3.send(new GetObjectCommand({ Bucket, Key: 'cells/c1/open/a.pdf' }))
      ).Body?.transformToString(),
    ).toBe('y');
    const denied = await s3
      .send(new GetObjectCommand({ Bucket, Key: 'cells/c1/secret/a.pdf' }))
      .catch((e: Error) => e);
    expect(denied).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((denied as Error).message).toContain('with an explicit deny in an identity-based policy');
    await expect(
      s3.send(new PutObjectCommand({ Bucket, Key: 'exports/c1/x.zip', Body: 'z' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    // copying the denied object elsewhere is refused too (GetObject on the source)
    await expect(
      s3.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'cells/c1/open/b.pdf',
          CopySource: `${Bucket}/cells/c1/secret/a.pdf`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'cells/c1/open/c.pdf',
        CopySource: `${Bucket}/cells/c1/open/a.pdf`,
      }),
    );
  });

  it('Step Functions: a state machine outside the grant is refused', async () => {
    const fn = stack.iam.addPrincipal({
      name: 'fn-sfn',
      policies: doc({ Effect: 'Allow', Action: 'states:DescribeStateMachine', Resource: `${SM}-admission` }),
    });
    expectDenial({ principal: 'fn-sfn', action: 'states:DescribeStateMachine', resource: `${SM}-probation` });
    const { sfn } = clients(fn);
    const ok = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}-admission` }));
    expect(ok.name).toBe('ketnap-admission');
    const err = await sfn
      .send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}-probation` }))
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException' });
    expect((err as Error).message).toContain(`states:DescribeStateMachine on resource: ${SM}-probation`);
  });

  it('SES: StringEquals on ses:FromAddress is evaluated; an unknown condition operator is refused loudly', async () => {
    const identity = 'arn:aws:ses:ap-southeast-1:000000000000:identity/localhost.localdomain';
    const fn = stack.iam.addPrincipal({
      name: 'fn-mail',
      policies: doc({
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: identity,
        Condition: { StringEquals: { 'ses:FromAddress': 'ketnap@localhost.localdomain' } },
      }),
    });
    const odd = stack.iam.addPrincipal({
      name: 'fn-mail-odd',
      policies: doc(
        { Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'ses:SendEmail',
          Resource: '*',
          Condition: { StringFuzzy: { 'ses:FromAddress': 'x' } },
        },
      ),
    });
    expectDenial({ principal: 'fn-mail', action: 'ses:SendEmail' });
    expectDenial({ principal: 'fn-mail-odd', action: 'ses:SendEmail' });
    const mail = (from: string) =>
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: ['someone@example.org'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      });
    expect(
      (await clients(fn).ses.send(mail('"ketnap" <ketnap@localhost.localdomain>'))).MessageId,
    ).toBeTruthy();
    await expect(clients(fn).ses.send(mail('other@localhost.localdomain'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    // the Deny's operator is unknown: ignoring it would allow the mail; the gate refuses and says why
    await expect(clients(odd).ses.send(mail('ketnap@localhost.localdomain'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(denialsLog()).toContainEqual(
      expect.objectContaining({
        principal: 'fn-mail-odd',
        reason: 'not-understood',
        detail: 'condition operator StringFuzzy is not understood by the local IAM gate',
      }),
    );
  });

  it('an unknown access key and a wrong secret are refused as each service says it', async () => {
    expectDenial({ principal: '(unknown key)', action: 'dynamodb:GetItem' });
    expectDenial({ principal: '(unknown key)', action: 's3:GetObject' });
    expectDenial({ principal: 'admin', action: 'dynamodb:GetItem' });
    expectDenial({ principal: 'admin', action: 's3:GetObject' });
    const unknown = clients({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    const key = { PK: { S: 'X' }, SK: { S: 'Y' } };
    await expect(
      unknown.ddb.send(new GetItemCommand({ TableName: 'ketnap', Key: key })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    await expect(
      unknown.s3.send(new GetObjectCommand({ Bucket: 'ketnap-documents', Key: 'k' })),
    ).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
    const forged = clients({ accessKeyId: 'local', secretAccessKey: 'not-the-secret' });
    await expect(
      forged.ddb.send(new GetItemCommand({ TableName: 'ketnap', Key: key })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    await expect(
      forged.s3.send(new GetObjectCommand({ Bucket: 'ketnap-documents', Key: 'k' })),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('signatures verify for every shape of request the SDK sends (odd keys, queries, presigned URLs, batches)', async () => {
    const admin = clients({ accessKeyId: 'local', secretAccessKey: 'local' });
    const Bucket = 'ketnap-documents';
    const keys = [
      "cells/a b/c+d/(x)!'*~.pdf",
      'cells/việt nam/hồ sơ 1.pdf',
      'cells/q?x=1&y=%20/z#.pdf',
      'cells/=;,@$:/t.pdf',
    ];
    for (const Key of keys) {
      await admin.s3.send(new PutObjectCommand({ Bucket, Key, Body: Key, ContentType: 'application/pdf' }));
      expect((await admin.s3.send(new HeadObjectCommand({ Bucket, Key }))).ContentLength, Key).toBe(
        Buffer.byteLength(Key),
      );
      const url = await getSignedUrl(
        admin.s3,
        new GetObjectCommand({
          Bucket,
          Key,
          ResponseContentDisposition: 'attachment; filename="ho so (1).pdf"',
        }),
        { expiresIn: 60 },
      );
      const res = await fetch(url);
      expect(res.status, Key).toBe(200);
      expect(await res.text()).toBe(Key);
    }
    const listed = await admin.s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'cells/việt nam/', MaxKeys: 1 }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['cells/việt nam/hồ sơ 1.pdf']);
    await admin.s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
    );
    expect((await admin.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'cells/việt' }))).KeyCount).toBe(
      0,
    );
    // a presigned URL whose query was changed is refused
    const url = await getSignedUrl(admin.s3, new GetObjectCommand({ Bucket, Key: 'cells/x.pdf' }), {
      expiresIn: 60,
    });
    expectDenial({
      principal: 'admin',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::ketnap-documents/cells/x.pdf',
    });
    const forged = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});
