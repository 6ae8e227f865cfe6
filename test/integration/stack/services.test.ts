import { randomUUID } from 'node:crypto';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();

describe('embedded stack: DynamoDB Local, s3rver, SES outbox through the real SDK', () => {
  it('gives the contract env with 127.0.0.1 endpoints', () => {
    for (const k of [
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ENDPOINT_URL_S3',
      'AWS_ENDPOINT_URL_SFN',
      'AWS_ENDPOINT_URL_SESV2',
      'APP_BASE_URL',
    ]) {
      expect(stack.env[k]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(stack.env).toMatchObject({
      AWS_REGION: 'ap-southeast-1',
      TABLE_NAME: 'ketnap',
      BUCKET_NAME: 'ketnap-documents',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      ADMISSION_STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:ketnap-admission',
    });
    expect(stack.env.LINK_SECRET?.length).toBeGreaterThanOrEqual(32);
  });

  it('DynamoDB: the provisioned table with its three GSIs, transactions work', async () => {
    const ddb = new DynamoDBClient({});
    const t = await ddb.send(new DescribeTableCommand({ TableName: 'ketnap' }));
    expect(t.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3']);
    const pk = `TEST#${randomUUID()}`;
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'ketnap', Item: { PK: { S: pk }, SK: { S: 'A' } } } },
          { Put: { TableName: 'ketnap', Item: { PK: { S: pk }, SK: { S: 'B' } } } },
        ],
      }),
    );
    await expect(
      ddb.send(
        new PutItemCommand({
          TableName: 'ketnap',
          Item: { PK: { S: pk }, SK: { S: 'A' } },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const got = await ddb.send(
      new GetItemCommand({ TableName: 'ketnap', Key: { PK: { S: pk }, SK: { S: 'B' } } }),
    );
    expect(got.Item?.SK?.S).toBe('B');
  });

  it('S3: a streamed binary object round-trips byte for byte', async () => {
    const s3 = new S3Client({ forcePathStyle: true });
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    const Key = `test/${randomUUID()}.bin`;
    await s3.send(
      new PutObjectCommand({ Bucket: 'ketnap-documents', Key, Body: bytes, ContentType: 'application/pdf' }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'ketnap-documents', Key }));
    expect(
      Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()),
    ).toEqual(bytes);
    expect(got.ContentType).toBe('application/pdf');
  });

  it('SES v2: Simple and Raw mails land in the outbox, shown on /outbox', async () => {
    const ses = new SESv2Client({});
    const subject = `Hồ sơ ${randomUUID()}`;
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'ketnap@localhost.localdomain',
        Destination: { ToAddresses: ['bithu@example.vn'] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: 'Mở http://127.0.0.1/duyet/abc để duyệt' },
              Html: { Data: '<p><a href="http://127.0.0.1/duyet/abc">Duyệt</a></p>' },
            },
          },
        },
      }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{20,}$/);
    const rawSubject = `Raw ${randomUUID()}`;
    const raw = [
      'From: ketnap@localhost.localdomain',
      'To: uyvien@example.vn',
      `Subject: =?UTF-8?B?${Buffer.from(`Thông báo ${rawSubject}`).toString('base64')}?=`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Th=C3=B4ng b=C3=A1o',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      '',
      '<b>html</b>',
      '--b1--',
      '',
    ].join('\r\n');
    await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));

    const mails = (await (await fetch(`${stack.endpoints.api}/outbox.json`)).json()) as {
      id: string;
      subject: string;
      to: string[];
      text: string;
      html: string;
    }[];
    const simple = mails.find((m) => m.subject === subject);
    expect(simple).toMatchObject({ id: sent.MessageId, to: ['bithu@example.vn'] });
    const rawMail = mails.find((m) => m.subject === `Thông báo ${rawSubject}`);
    expect(rawMail).toMatchObject({ to: ['uyvien@example.vn'], text: 'Thông báo', html: '<b>html</b>' });

    const list = await (await fetch(`${stack.endpoints.api}/outbox`)).text();
    expect(list).toContain('Hộp thư đi');
    expect(list).toContain(`/outbox/${sent.MessageId}`);
    const one = await (await fetch(`${stack.endpoints.api}/outbox/${sent.MessageId}`)).text();
    expect(one).toContain('<a href="http://127.0.0.1/duyet/abc">http://127.0.0.1/duyet/abc</a>');
  });

  it('SES v2: a mail without recipients is refused with BadRequestException', async () => {
    const ses = new SESv2Client({});
    await expect(
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'a@b.vn',
          Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});
