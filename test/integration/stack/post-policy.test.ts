/**
 * The S3 stand-in enforces presigned POST policies as S3 does: a POST that breaks any one of its conditions
 * gets S3's refusal and stores nothing.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { signString } from '../../../infra/local/iam/sigv4.ts';
import { expectDenial } from '../../helpers/iam.ts';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();
const Bucket = 'ketnap-documents';
const s3 = new S3Client({ forcePathStyle: true });
const PDF = Buffer.from('%PDF-1.7\n% a small document\n');

type Fields = Record<string, string>;

async function post(
  fields: Fields,
  file: Buffer = PDF,
  bucket = Bucket,
): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(
    'file',
    new Blob([new Uint8Array(file)], { type: fields['Content-Type'] ?? 'application/pdf' }),
    'a.pdf',
  );
  const res = await fetch(`${stack.endpoints.s3}/${bucket}`, { method: 'POST', body: form });
  return { status: res.status, body: await res.text() };
}

/** A POST policy signed by the stack's admin key (as createPresignedPost signs), with our own conditions. */
function signed(
  conditions: unknown[],
  extra: Fields,
  opts: { expiresInS?: number; secret?: string } = {},
): Fields {
  const now = new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const credential = `local/${date}/ap-southeast-1/s3/aws4_request`;
  const base = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': amzDate,
  };
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + (opts.expiresInS ?? 300) * 1000).toISOString(),
      conditions: [{ bucket: Bucket }, ...Object.entries(base).map(([k, v]) => ({ [k]: v })), ...conditions],
    }),
  ).toString('base64');
  const signature = signString(
    opts.secret ?? 'local',
    { date, region: 'ap-southeast-1', service: 's3' },
    policy,
  );
  return { bucket: Bucket, ...base, ...extra, Policy: policy, 'X-Amz-Signature': signature };
}

const stored = (Key: string) =>
  s3.send(new HeadObjectCommand({ Bucket, Key })).then(
    () => true,
    () => false,
  );

const refusal = (code: string, message?: string) =>
  expect.stringMatching(
    new RegExp(
      `<Code>${code}</Code>${message ? `<Message>${message.replace(/[[\]$().*+?^{}|\\]/g, '\\$&')}</Message>` : ''}`,
    ),
  );

describe('S3 presigned POST policies', () => {
  it('a POST within its policy is stored; each broken condition gets S3 refusal and stores nothing', async () => {
    expectDenial({ principal: 'admin', action: 's3:PutObject', resource: 'arn:aws:s3:::ketnap-*' });
    expectDenial({ principal: '(unknown key)', action: 's3:PutObject', resource: `arn:aws:s3:::${Bucket}` });
    expectDenial({ principal: '(anonymous)', action: 's3:PutObject', resource: `arn:aws:s3:::${Bucket}` });
    const key = `cells/post/${Date.now()}`;
    const sdk = await createPresignedPost(s3, {
      Bucket,
      Key: `${key}/ok.pdf`,
      Conditions: [
        ['content-length-range', 10, 100],
        ['eq', '$Content-Type', 'application/pdf'],
      ],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: 300,
    });
    expect(sdk.url).toBe(`${stack.endpoints.s3}/${Bucket}`);
    const ok = await post(sdk.fields);
    expect(ok.status, ok.body).toBe(204);
    expect(await stored(`${key}/ok.pdf`)).toBe(true);

    const cases: [
      string,
      () => Promise<{ status: number; body: string }>,
      number,
      ReturnType<typeof refusal>,
      string,
    ][] = [
      [
        'another key than the exact one',
        () => post({ ...sdk.fields, key: `${key}/other.pdf` }),
        403,
        refusal(
          'AccessDenied',
          `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${key}/ok.pdf"]`,
        ),
        `${key}/other.pdf`,
      ],
      [
        'another Content-Type',
        () => post({ ...sdk.fields, 'Content-Type': 'text/html' }),
        403,
        refusal(
          'AccessDenied',
          'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "application/pdf"]',
        ),
        `${key}/ok2.pdf`,
      ],
      [
        'a file over content-length-range',
        () => post(sdk.fields, Buffer.alloc(101, 0x25)),
        400,
        refusal('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'),
        `${key}/ok2.pdf`,
      ],
      [
        'a file under content-length-range',
        () => post(sdk.fields, Buffer.alloc(3, 0x25)),
        400,
        refusal('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size'),
        `${key}/ok2.pdf`,
      ],
      [
        'a field the policy does not name',
        () => post({ ...sdk.fields, 'x-amz-meta-note': 'x' }),
        403,
        refusal('AccessDenied', 'Invalid according to Policy: Extra input fields: x-amz-meta-note'),
        `${key}/ok2.pdf`,
      ],
      [
        'another bucket',
        () => post(sdk.fields, PDF, 'ketnap-other'),
        403,
        refusal(
          'AccessDenied',
          `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${Bucket}"]`,
        ),
        `${key}/ok2.pdf`,
      ],
      [
        'a tampered policy',
        () =>
          post({
            ...sdk.fields,
            Policy: Buffer.from(
              JSON.stringify({ expiration: '2099-01-01T00:00:00Z', conditions: [] }),
            ).toString('base64'),
          }),
        403,
        refusal('SignatureDoesNotMatch'),
        `${key}/ok2.pdf`,
      ],
      [
        'an unknown access key',
        () =>
          post({
            ...sdk.fields,
            'X-Amz-Credential': sdk.fields['X-Amz-Credential']?.replace(/^local\//, 'AKIANOBODY/') ?? '',
          }),
        403,
        refusal('InvalidAccessKeyId'),
        `${key}/ok2.pdf`,
      ],
      [
        'no policy at all (anonymous)',
        () => post({ key: `${key}/anon.pdf` }),
        403,
        refusal('AccessDenied', 'Access Denied'),
        `${key}/anon.pdf`,
      ],
      [
        'an expired policy',
        () => post(signed([{ key: `${key}/late.pdf` }], { key: `${key}/late.pdf` }, { expiresInS: -1 })),
        403,
        refusal('AccessDenied', 'Invalid according to Policy: Policy expired.'),
        `${key}/late.pdf`,
      ],
      [
        'a key outside its starts-with prefix',
        () => post(signed([['starts-with', '$key', `${key}/in/`]], { key: `${key}/out.pdf` })),
        403,
        refusal(
          'AccessDenied',
          `Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "${key}/in/"]`,
        ),
        `${key}/out.pdf`,
      ],
      [
        'another value of an x-amz-meta field condition',
        () =>
          post(
            signed([{ key: `${key}/m.pdf` }, ['eq', '$x-amz-meta-cell', 'c1']], {
              key: `${key}/m.pdf`,
              'x-amz-meta-cell': 'c2',
            }),
          ),
        403,
        refusal(
          'AccessDenied',
          'Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-meta-cell", "c1"]',
        ),
        `${key}/m.pdf`,
      ],
      [
        'a Content-Type outside its starts-with',
        () =>
          post(
            signed([{ key: `${key}/t.pdf` }, ['starts-with', '$Content-Type', 'image/']], {
              key: `${key}/t.pdf`,
              'Content-Type': 'application/pdf',
            }),
          ),
        403,
        refusal(
          'AccessDenied',
          'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
        ),
        `${key}/t.pdf`,
      ],
      [
        'a signature by another secret',
        () => post(signed([{ key: `${key}/s.pdf` }], { key: `${key}/s.pdf` }, { secret: 'guess' })),
        403,
        refusal('SignatureDoesNotMatch'),
        `${key}/s.pdf`,
      ],
    ];
    for (const [what, run, status, body, notStored] of cases) {
      const r = await run();
      expect(r.body, what).toEqual(body);
      expect(r.status, what).toBe(status);
      expect(await stored(notStored), what).toBe(false);
    }

    // with every condition met (starts-with, a meta field, x-ignore- fields exempt) the custom policy is honoured
    const good = await post(
      signed(
        [
          ['starts-with', '$key', `${key}/in/`],
          ['eq', '$x-amz-meta-cell', 'c1'],
          ['starts-with', '$Content-Type', 'application/'],
        ],
        {
          key: `${key}/in/x.pdf`,
          'x-amz-meta-cell': 'c1',
          'Content-Type': 'application/pdf',
          'x-ignore-tracking': 'anything',
        },
      ),
    );
    expect(good.status, good.body).toBe(204);
    expect(await stored(`${key}/in/x.pdf`)).toBe(true);
  });
});
