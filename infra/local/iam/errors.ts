/** The refusals of each service, in AWS's shapes. */

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AuthFailure } from './auth.ts';

/** JSON 1.0 services (DynamoDB: `com.amazon.coral.service#` types; Step Functions: plain types). */
export function jsonError(
  res: ServerResponse,
  type: string,
  message: string,
  opts: { coral?: boolean; status?: number } = {},
): void {
  const body = JSON.stringify({
    __type: opts.coral ? `com.amazon.coral.service#${type}` : type,
    [type === 'AccessDeniedException' && opts.coral ? 'Message' : 'message']: message,
  });
  res.writeHead(opts.status ?? 400, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

/** REST-JSON services (SES v2): the error type in `x-amzn-errortype`. */
export function restJsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

/** Text content escaping (quotes stay as they are, as in S3's messages). */
const xmlEscape = (s: string) =>
  s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);

/** S3's XML error. */
export function s3Error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {},
): void {
  const id = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}<RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': id,
  });
  res.end(body);
}

/** The error type of an authentication failure in JSON services. */
export function jsonAuthError(failure: AuthFailure): string {
  switch (failure) {
    case 'missing':
      return 'MissingAuthenticationTokenException';
    case 'unknown-key':
      return 'UnrecognizedClientException';
    case 'expired':
    case 'skewed':
      return 'InvalidSignatureException';
    default:
      return 'InvalidSignatureException';
  }
}
