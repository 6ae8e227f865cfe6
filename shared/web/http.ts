// HTTP primitives of the web layer: the event type of API Gateway v2 (payload 2.0), what a route answers
// (`ApiResult`, turned into a Response in one place, router.ts), a safe error class and the response builders.
// No AWS SDK here.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Config, config } from '../adapters/config.ts';

export type ApiEvent = APIGatewayProxyEventV2;

/** What a route's handler answers: a status, headers and a body (base64 when `isBase64Encoded`). */
export interface ApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** Stable error codes of the API. Each has a message in shared/web/strings.ts (`err.<code>`). */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'rule_violation'
  | 'wrong_stage'
  | 'blocked'
  | 'csrf_invalid'
  | 'link_expired'
  | 'link_invalid'
  | 'link_used'
  | 'upload_invalid'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

/** An error whose code and message may be shown to the user (middy's "expose" idea). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    /** extra, already-safe details (e.g. zod issues, a rule's localized message) */
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }
}

export const notFound = (): HttpError => new HttpError(404, 'not_found');
export const forbidden = (): HttpError => new HttpError(403, 'forbidden');

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export function json(status: number, body: unknown, extra: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...extra },
    body: JSON.stringify(body),
  };
}

/** The origin of a URL, or undefined when it is not an absolute http(s) URL. */
function originOf(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The origin the browser reaches the documents bucket at (presigned POST and GET), from the same configuration
 * the S3 client uses: `DOCUMENTS_ORIGIN` when set; else the S3 endpoint (`AWS_ENDPOINT_URL_S3`, then
 * `AWS_ENDPOINT_URL`), path-style for an IP address, virtual-hosted for a host name, as the SDK addresses it;
 * else AWS's regional virtual-hosted address of `BUCKET_NAME`.
 */
export function documentsOrigin(c: Config = config()): string | undefined {
  const explicit = originOf(c.documentsOrigin);
  if (explicit) return explicit;
  const bucket = c.ifSet.bucketName ?? 'ketnap-documents';
  const endpoint = originOf(c.awsEndpointUrlS3 ?? c.awsEndpointUrl);
  const dnsBucket = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  if (endpoint) {
    const url = new URL(endpoint);
    const ip = /^[\d.]+$|^\[/.test(url.hostname);
    return ip || !dnsBucket ? url.origin : `${url.protocol}//${bucket}.${url.host}`;
  }
  const region = c.awsRegion ?? c.awsDefaultRegion;
  if (!region) return undefined;
  return dnsBucket ? `https://${bucket}.s3.${region}.amazonaws.com` : `https://s3.${region}.amazonaws.com`;
}

/**
 * The page policy: scripts only from the app's own origin (no inline script, no eval), the documents bucket
 * the only other origin a page may fetch from or show images of, forms posted only to the app (and, for the
 * sign-out redirect, to the identity provider's origin), never framed.
 */
export function contentSecurityPolicy(c: Config = config()): string {
  const docs = documentsOrigin(c);
  const idp = originOf(c.ifSet.authOAuthUrl);
  const extra = (o: string | undefined) => (o ? ` ${o}` : '');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // style attributes of the pages (no script can be injected through them under this policy)
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${extra(docs)}`,
    `connect-src 'self'${extra(docs)}`,
    "object-src 'none'",
    "frame-src 'none'",
    `form-action 'self'${idp && idp !== docs ? extra(idp) : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

let cachedPolicy: { key: string; value: string } | undefined;
function pagePolicy(): string {
  const c = config();
  const key = [
    c.documentsOrigin,
    c.awsEndpointUrlS3,
    c.awsEndpointUrl,
    c.ifSet.bucketName,
    c.awsRegion,
    c.awsDefaultRegion,
    c.ifSet.authOAuthUrl,
  ].join('|');
  if (cachedPolicy?.key !== key) cachedPolicy = { key, value: contentSecurityPolicy(c) };
  return cachedPolicy.value;
}

export function html(status: number, body: string, extra: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
      'content-security-policy': pagePolicy(),
      ...extra,
    },
    body,
  };
}

export function redirect(location: string): ApiResult {
  return { statusCode: 303, headers: { location, ...SECURITY_HEADERS }, body: '' };
}

export function binary(body: Buffer | Uint8Array, contentType: string, filename: string): ApiResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      ...SECURITY_HEADERS,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes interpolations unless they are `raw(...)` (already-safe HTML). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}
export const raw = (s: string): Raw => new Raw(s);
export function h(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += renderValue(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}
function renderValue(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(renderValue).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(v);
}
