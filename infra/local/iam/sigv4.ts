/**
 * AWS Signature Version 4, the server side: which access key signed a request (Authorization header, or the
 * presigned query's X-Amz-Credential), and whether the signature is the one its secret gives.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SigV4Auth {
  mode: 'header' | 'query';
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** X-Amz-Date (yyyymmddThhmmssZ). */
  amzDate: string;
  /** Presigned only: X-Amz-Expires (seconds). */
  expires?: number;
}

export class SigV4Error extends Error {
  constructor(
    readonly code: 'Malformed' | 'Mismatch' | 'Expired' | 'Skewed',
    message: string,
  ) {
    super(message);
    this.name = 'SigV4Error';
  }
}

/** RFC 3986 encoding, as the SDKs sign. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The raw query string as (decoded) pairs, in order. */
export function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [safeDecode(p), ''] : [safeDecode(p.slice(0, i)), safeDecode(p.slice(i + 1))];
    });
}

function parseCredential(credential: string): Pick<SigV4Auth, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1] ?? '')) {
    throw new SigV4Error(
      'Malformed',
      `Credential should be scoped to a valid region and service: ${credential}`,
    );
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/**
 * The SigV4 authentication of a request, from its Authorization header or its presigned query; undefined when
 * the request carries neither (anonymous). Throws SigV4Error when it is malformed.
 */
export function parseSigV4(headers: IncomingHttpHeaders, rawQuery: string): SigV4Auth | undefined {
  const auth = header(headers, 'authorization');
  if (auth !== undefined) {
    const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth.trim());
    if (!m) throw new SigV4Error('Malformed', 'Unsupported Authorization Type');
    const fields = new Map<string, string>();
    for (const part of (m[1] ?? '').split(',')) {
      const i = part.indexOf('=');
      if (i > 0) fields.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    }
    const credential = fields.get('Credential');
    const signed = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    if (!credential || !signed || !signature) {
      throw new SigV4Error(
        'Malformed',
        'Authorization header requires Credential, SignedHeaders and Signature parameters',
      );
    }
    const amzDate = header(headers, 'x-amz-date') ?? '';
    return {
      mode: 'header',
      ...parseCredential(credential),
      signedHeaders: signed.split(';'),
      signature,
      amzDate,
    };
  }
  const q = new Map(queryPairs(rawQuery));
  if (!q.has('X-Amz-Algorithm') && !q.has('X-Amz-Credential')) return undefined;
  if (q.get('X-Amz-Algorithm') !== ALGORITHM)
    throw new SigV4Error('Malformed', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const credential = q.get('X-Amz-Credential');
  const signature = q.get('X-Amz-Signature');
  const signed = q.get('X-Amz-SignedHeaders');
  const amzDate = q.get('X-Amz-Date');
  const expires = q.get('X-Amz-Expires');
  if (!credential || !signature || !signed || !amzDate || expires === undefined) {
    throw new SigV4Error(
      'Malformed',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  return {
    mode: 'query',
    ...parseCredential(credential),
    signedHeaders: signed.split(';'),
    signature,
    amzDate,
    expires: Number(expires),
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** hex HMAC-SHA256 of `data` with the signing key of `secret` for that scope (POST policies sign the policy). */
export function signString(
  secret: string,
  auth: Pick<SigV4Auth, 'date' | 'region' | 'service'>,
  data: string,
) {
  return createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service))
    .update(data, 'utf8')
    .digest('hex');
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** yyyymmddThhmmssZ → epoch ms (NaN when malformed). */
export function amzDateMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function canonicalPath(rawPath: string, s3: boolean): string {
  if (s3) return rawPath || '/';
  const segs: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segs.pop();
    else segs.push(seg);
  }
  const norm = `${rawPath.startsWith('/') ? '/' : ''}${segs.join('/')}${segs.length && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(norm).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of queryPairs(rawQuery)) {
    if (k.toLowerCase() === 'x-amz-signature') continue;
    const ek = escapeUri(k);
    const list = byKey.get(ek) ?? [];
    list.push(`${ek}=${escapeUri(v)}`);
    byKey.set(ek, list);
  }
  return [...byKey.keys()]
    .sort()
    .map((k) => (byKey.get(k) ?? []).sort().join('&'))
    .join('&');
}

/**
 * Verify a request's signature with the secret of its access key. `payloadHash` is the hex SHA-256 of the body,
 * or undefined to take the x-amz-content-sha256 header (S3: UNSIGNED-PAYLOAD or the hash the client sent).
 * `now` is the wall clock (the SDKs sign with it). Throws SigV4Error.
 */
export function verifySigV4(opts: {
  auth: SigV4Auth;
  secret: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  payloadHash?: string;
  s3?: boolean;
  now?: number;
}): void {
  const { auth, headers } = opts;
  const now = opts.now ?? Date.now();
  const q = opts.url.indexOf('?');
  const rawPath = q < 0 ? opts.url : opts.url.slice(0, q);
  const rawQuery = q < 0 ? '' : opts.url.slice(q + 1);
  const signedAt = amzDateMs(auth.amzDate);
  if (Number.isNaN(signedAt)) throw new SigV4Error('Malformed', 'X-Amz-Date is missing or malformed');
  if (auth.amzDate.slice(0, 8) !== auth.date)
    throw new SigV4Error(
      'Malformed',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP',
    );
  if (auth.mode === 'query') {
    const expires = auth.expires ?? Number.NaN;
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
      throw new SigV4Error('Malformed', 'X-Amz-Expires must be between 1 and 604800 seconds');
    if (now > signedAt + expires * 1000) throw new SigV4Error('Expired', 'Request has expired');
  } else if (Math.abs(now - signedAt) > 15 * 60 * 1000) {
    throw new SigV4Error(
      'Skewed',
      'The difference between the request time and the current time is too large.',
    );
  }
  if (!auth.signedHeaders.includes('host'))
    throw new SigV4Error('Malformed', 'The host header must be signed');
  const canonicalHeaders = auth.signedHeaders
    .map((h) => `${h}:${(header(headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payload =
    auth.mode === 'query'
      ? 'UNSIGNED-PAYLOAD'
      : (opts.payloadHash ?? header(headers, 'x-amz-content-sha256') ?? sha256Hex(''));
  const canonical = [
    opts.method,
    canonicalPath(rawPath, opts.s3 ?? false),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payload,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${auth.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const expected = signString(opts.secret, auth, stringToSign);
  if (!sameSignature(expected, auth.signature.toLowerCase())) {
    throw new SigV4Error(
      'Mismatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
}
