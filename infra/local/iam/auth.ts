/**
 * Who sent a request: the principal of its SigV4 access key, its signature verified with that principal's
 * secret. Failures are recorded as denials.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { IamGate, Principal } from './gate.ts';
import { parseSigV4, type SigV4Auth, SigV4Error, sha256Hex, verifySigV4 } from './sigv4.ts';

export type AuthFailure = 'missing' | 'malformed' | 'unknown-key' | 'mismatch' | 'expired' | 'skewed';

export type AuthResult =
  | { ok: true; principal: Principal; auth: SigV4Auth }
  | { ok: false; failure: AuthFailure; message: string; accessKeyId?: string };

export interface RequestLike {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

const FAILURE: Record<SigV4Error['code'], AuthFailure> = {
  Malformed: 'malformed',
  Mismatch: 'mismatch',
  Expired: 'expired',
  Skewed: 'skewed',
};

/**
 * Authenticate a request signed with SigV4 (header or presigned query). `body`: the whole body when the
 * stand-in read it (its hash is checked as signed); S3 streams its body and passes `s3: true` (the
 * x-amz-content-sha256 header is what was signed).
 */
export function authenticate(
  gate: IamGate,
  req: RequestLike,
  what: { service: string; action: string; resource: string },
  opts: { body?: Buffer; s3?: boolean } = {},
): AuthResult {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  let auth: SigV4Auth | undefined;
  const fail = (failure: AuthFailure, message: string, accessKeyId?: string): AuthResult => {
    const who = accessKeyId ? (gate.principalByKey(accessKeyId)?.name ?? '(unknown key)') : '(anonymous)';
    gate.recordDenial(
      who,
      what.action,
      what.resource,
      failure === 'unknown-key' ? 'unknown-key' : 'signature',
      `${failure}: ${message}`,
    );
    return { ok: false, failure, message, accessKeyId };
  };
  try {
    auth = parseSigV4(req.headers, q < 0 ? '' : url.slice(q + 1));
  } catch (err) {
    if (err instanceof SigV4Error) return fail('malformed', err.message);
    throw err;
  }
  if (!auth) return fail('missing', 'Request is missing Authentication Token');
  const principal = gate.principalByKey(auth.accessKeyId);
  if (!principal)
    return fail('unknown-key', 'The security token included in the request is invalid.', auth.accessKeyId);
  try {
    verifySigV4({
      auth,
      secret: principal.secretAccessKey,
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      payloadHash: opts.s3 ? undefined : sha256Hex(opts.body ?? Buffer.alloc(0)),
      s3: opts.s3,
    });
  } catch (err) {
    if (err instanceof SigV4Error) return fail(FAILURE[err.code], err.message, auth.accessKeyId);
    throw err;
  }
  return { ok: true, principal, auth };
}
