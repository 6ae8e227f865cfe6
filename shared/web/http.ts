// HTTP primitives of the web layer: the event/result types of API Gateway v2 (payload 2.0), a safe error
// class, cookie parsing and response builders. No AWS SDK here.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

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

export function parseCookies(event: ApiEvent): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = [...(event.cookies ?? [])];
  const header = event.headers?.cookie ?? event.headers?.Cookie;
  if (header) raw.push(...header.split(';'));
  for (const part of raw) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export function header(event: ApiEvent, name: string): string | undefined {
  const h = event.headers ?? {};
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === lower) return v ?? undefined;
  return undefined;
}

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

export function html(status: number, body: string, extra: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
      // pages may only talk to themselves and to the documents bucket (presigned POST / GET)
      'content-security-policy':
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; connect-src 'self' http: https:; frame-src 'self' http: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      ...extra,
    },
    body,
  };
}

export function redirect(location: string, cookies?: string[]): ApiResult {
  return {
    statusCode: 303,
    headers: { location, ...SECURITY_HEADERS },
    body: '',
    ...(cookies ? { cookies } : {}),
  };
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
