/**
 * S3's browser-based POST upload, checked as S3 checks it: the policy (base64 JSON) signed with SigV4 by a
 * known principal, not expired, every condition met (exact values, `eq`, `starts-with`, `content-length-range`),
 * every form field covered by a condition (except x-amz-signature, file, policy and x-ignore-*), and the
 * signer allowed s3:PutObject on the key.
 */

import type { IamGate } from './gate.ts';
import type { FormPart } from './multipart.ts';
import { sameSignature, signString } from './sigv4.ts';

export type PostRefusal = {
  ok: false;
  status: number;
  code: string;
  message: string;
  extra?: Record<string, string | number>;
  /** principal name for the denial log */
  principal: string;
};
export type PostResult = { ok: true; key: string; principal: string } | PostRefusal;

/** S3 replaces this variable of the key field by the uploaded file's name. */
const FILENAME_VAR = ['$', '{filename}'].join('');

const EXEMPT = (name: string) =>
  ['x-amz-signature', 'file', 'policy'].includes(name) || name.startsWith('x-ignore-');

function fmt(c: unknown[]): string {
  return `[${c.map((v) => JSON.stringify(v)).join(', ')}]`;
}

export function checkPostUpload(opts: {
  gate: IamGate;
  bucket: string;
  parts: FormPart[];
  /** wall clock, ms */
  now?: number;
}): PostResult {
  const { gate, bucket } = opts;
  const now = opts.now ?? Date.now();
  // S3 ignores everything after the file field
  const fileIdx = opts.parts.findIndex((p) => p.name.toLowerCase() === 'file');
  const refuse = (
    status: number,
    code: string,
    message: string,
    principal = '(anonymous)',
    extra?: PostRefusal['extra'],
  ): PostRefusal => ({
    ok: false,
    status,
    code,
    message,
    extra,
    principal,
  });
  if (fileIdx < 0)
    return refuse(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', undefined, {
      ArgumentName: 'file',
      ArgumentValue: 0,
    });
  const file = opts.parts[fileIdx] as FormPart;
  const fields = new Map<string, string>();
  for (const p of opts.parts.slice(0, fileIdx)) fields.set(p.name.toLowerCase(), p.data.toString('utf8'));
  const rawKey = fields.get('key');
  if (rawKey === undefined)
    return refuse(
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      undefined,
      { ArgumentName: 'key', ArgumentValue: '' },
    );
  const key = rawKey.replaceAll(FILENAME_VAR, file.filename ?? '');
  const policyB64 = fields.get('policy');
  if (policyB64 === undefined) return refuse(403, 'AccessDenied', 'Access Denied');
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    return refuse(
      400,
      'InvalidArgument',
      'Only AWS4-HMAC-SHA256 signed POST policies are supported locally (x-amz-algorithm)',
      undefined,
      { ArgumentName: 'x-amz-algorithm', ArgumentValue: fields.get('x-amz-algorithm') ?? '' },
    );
  const credential = fields.get('x-amz-credential') ?? '';
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[3] !== 's3' || scope[4] !== 'aws4_request')
    return refuse(400, 'InvalidArgument', 'Invalid x-amz-credential', undefined, {
      ArgumentName: 'x-amz-credential',
      ArgumentValue: credential,
    });
  const [accessKeyId, date, region] = scope as [string, string, string];
  const principal = gate.principalByKey(accessKeyId);
  if (!principal)
    return refuse(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      '(unknown key)',
      { AWSAccessKeyId: accessKeyId },
    );
  const who = principal.name;
  const expected = signString(principal.secretAccessKey, { date, region, service: 's3' }, policyB64);
  if (!sameSignature(expected, (fields.get('x-amz-signature') ?? '').toLowerCase()))
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      who,
      { AWSAccessKeyId: accessKeyId },
    );
  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8')) as typeof policy;
  } catch {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.', who);
  }
  if (typeof policy.expiration !== 'string' || Number.isNaN(Date.parse(policy.expiration)))
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.', who);
  if (!Array.isArray(policy.conditions))
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.', who);
  if (Date.parse(policy.expiration) < now)
    return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.', who);

  const fieldValue = (name: string): string | undefined =>
    name === 'bucket' ? bucket : name === 'key' ? key : fields.get(name);
  const covered = new Set<string>();
  const failed = (c: unknown[]) =>
    refuse(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${fmt(c)}`, who);
  for (const cond of policy.conditions as unknown[]) {
    if (cond && typeof cond === 'object' && !Array.isArray(cond)) {
      const entries = Object.entries(cond as Record<string, unknown>);
      if (entries.length !== 1)
        return refuse(
          400,
          'InvalidPolicyDocument',
          `Invalid Policy: Invalid Simple-Condition: ${JSON.stringify(cond)}`,
          who,
        );
      const [name, want] = entries[0] as [string, unknown];
      const field = name.toLowerCase();
      covered.add(field);
      if (typeof want !== 'string' || fieldValue(field) !== want) return failed(['eq', `$${name}`, want]);
      continue;
    }
    if (!Array.isArray(cond) || cond.length !== 3)
      return refuse(
        400,
        'InvalidPolicyDocument',
        `Invalid Policy: Invalid Condition: ${JSON.stringify(cond)}`,
        who,
      );
    const [op, a, b] = cond as [unknown, unknown, unknown];
    const opName = String(op).toLowerCase();
    if (opName === 'content-length-range') {
      const min = Number(a);
      const max = Number(b);
      if (!Number.isFinite(min) || !Number.isFinite(max))
        return refuse(
          400,
          'InvalidPolicyDocument',
          `Invalid Policy: Invalid content-length-range: ${JSON.stringify(cond)}`,
          who,
        );
      const size = file.data.length;
      if (size > max)
        return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', who, {
          ProposedSize: size,
          MaxSizeAllowed: max,
        });
      if (size < min)
        return refuse(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed size',
          who,
          { ProposedSize: size, MinSizeAllowed: min },
        );
      continue;
    }
    if (
      (opName !== 'eq' && opName !== 'starts-with') ||
      typeof a !== 'string' ||
      !a.startsWith('$') ||
      typeof b !== 'string'
    )
      return refuse(
        400,
        'InvalidPolicyDocument',
        `Invalid Policy: Invalid Condition: ${JSON.stringify(cond)}`,
        who,
      );
    const field = a.slice(1).toLowerCase();
    covered.add(field);
    const value = fieldValue(field);
    if (value === undefined) return failed(cond);
    if (opName === 'eq' && value !== b) return failed(cond);
    if (opName === 'starts-with') {
      const values = field === 'content-type' ? value.split(',').map((v) => v.trim()) : [value];
      if (!values.every((v) => v.startsWith(b))) return failed(cond);
    }
  }
  const extra = [...fields.keys()].filter((f) => !EXEMPT(f) && !covered.has(f));
  if (extra.length > 0)
    return refuse(
      403,
      'AccessDenied',
      `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
      who,
    );
  return { ok: true, key, principal: who };
}
