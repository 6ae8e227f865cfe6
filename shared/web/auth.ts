// Session verification: a JWT (Cognito ID token in the cloud, the local identity stand-in locally) read from
// the HttpOnly session cookie or a Bearer header, verified with jose against AUTH_ISSUER / AUTH_JWKS_URL /
// AUTH_AUDIENCE. Claims are mapped to the application's Actor. A signed-out session is refused (the revocation
// list in the table), and the form CSRF token is bound to the session, not only to the user.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { config } from '../adapters/config.ts';
import { readLinkSecret } from '../adapters/secrets.ts';
import type { Role } from '../app/types.ts';
import { HttpError } from './http.ts';

export type { Role };
export const ROLES: readonly Role[] = ['secretary', 'committee', 'admin'];

export interface WebActor {
  userId: string;
  role: Role;
  cellIds: string[];
  name?: string;
  /** the SHA-256 of the session token: what a sign-out revokes and what the form CSRF token is bound to */
  sessionId?: string;
}

export const SESSION_COOKIE = 'ketnap_session';

let jwks: { url: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
function keySet(): ReturnType<typeof createRemoteJWKSet> {
  const url = config().authJwksUrl;
  if (!jwks || jwks.url !== url)
    jwks = { url, set: createRemoteJWKSet(new URL(url), { cooldownDuration: 5_000 }) };
  return jwks.set;
}

/** Map verified claims to an actor; the highest role among the groups wins. */
export function actorFromClaims(p: JWTPayload): WebActor | undefined {
  const sub = typeof p.sub === 'string' ? p.sub : undefined;
  const groups = Array.isArray(p['cognito:groups']) ? (p['cognito:groups'] as unknown[]).map(String) : [];
  const role = (['admin', 'committee', 'secretary'] as const).find((r) => groups.includes(r));
  if (!sub || !role) return undefined;
  const rawCells = p['custom:cellIds'];
  const cellIds =
    typeof rawCells === 'string'
      ? rawCells
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : Array.isArray(rawCells)
        ? rawCells.map(String)
        : [];
  // a display name from the provider: no control, format (bidi) or separator characters, at most 100
  const name =
    typeof p.name === 'string'
      ? p.name
          .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 100) || undefined
      : undefined;
  return { userId: sub, role, cellIds, ...(name ? { name } : {}) };
}

export interface PresentedToken {
  token: string;
  /** a Bearer header (API clients) or the session cookie (the browser) */
  source: 'bearer' | 'cookie';
}

export function presentedToken(c: Context): PresentedToken | undefined {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), source: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, source: 'cookie' } : undefined;
}

/** The id of a session: the SHA-256 of its token (the token itself is never stored). */
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * Verify an ID token: RS256 signature from the provider's keys, `iss` = AUTH_ISSUER, `aud` = AUTH_AUDIENCE,
 * `exp` present and not passed, `iat` and `sub` present, `token_use` = `id` (Cognito's access tokens are not
 * sessions), and, when signing in, `nonce` = the one sent with this sign-in. Throws when not valid.
 */
export async function verifyToken(
  token: string,
  opts: { nonce?: string } = {},
): Promise<{ actor: WebActor; exp: number; sessionId: string }> {
  const c = config();
  const issuer = c.authIssuer;
  const audience = c.authAudience;
  const { payload } = await jwtVerify(token, keySet(), {
    issuer,
    audience,
    algorithms: ['RS256'],
    requiredClaims: ['exp', 'iat', 'sub'],
    clockTolerance: 30,
  });
  if (payload.token_use !== 'id') throw new Error('not an ID token');
  if (opts.nonce !== undefined && (typeof payload.nonce !== 'string' || !equal(payload.nonce, opts.nonce)))
    throw new Error('nonce mismatch');
  const actor = actorFromClaims(payload);
  if (!actor) throw new Error('no role');
  const sessionId = sessionIdOf(token);
  return { actor: { ...actor, sessionId }, exp: payload.exp as number, sessionId };
}

/**
 * The session of a request: undefined when none is presented; `invalid` when the session cookie holds a token
 * that does not verify or was signed out (the caller clears the cookie and goes on without a session, so a bad
 * cookie never locks anyone out); a bad Bearer token is `unauthenticated`.
 */
export async function authenticate(
  c: Context,
  isRevoked: (sessionId: string) => Promise<boolean>,
): Promise<WebActor | 'invalid' | undefined> {
  const presented = presentedToken(c);
  if (!presented) return undefined;
  try {
    const { actor, sessionId } = await verifyToken(presented.token);
    if (await isRevoked(sessionId)) throw new Error('signed out');
    return actor;
  } catch (cause) {
    if (presented.source === 'cookie') return 'invalid';
    throw new HttpError(401, 'unauthenticated', undefined, { cause });
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

let loadedSecret: string | undefined;

/**
 * Reads the HMAC key from Secrets Manager (`LINK_SECRET_ARN`, through Powertools Parameters, cached five
 * minutes): the key is never in the function's configuration. Called before each request; a cache hit costs
 * nothing. Without `LINK_SECRET_ARN` (code run in a test process) the key is `LINK_SECRET`.
 */
export async function loadLinkSecret(): Promise<void> {
  const arn = config().linkSecretArn;
  if (!arn) return;
  const value = await readLinkSecret(arn, 300);
  if (value === undefined || value.length < 16) throw new Error('the link secret is not readable');
  loadedSecret = value;
}

function linkSecret(): string {
  const c = config();
  const s = c.linkSecretArn ? loadedSecret : c.linkSecret;
  if (!s || s.length < 16) throw new Error('the link secret is not loaded');
  return s;
}

/** HMAC token binding a purpose and a subject (an approval link + its approver, or a session user). */
export function csrfToken(purpose: string, subject: string): string {
  return createHmac('sha256', linkSecret()).update(`${purpose}\n${subject}`).digest('base64url');
}

export function csrfValid(token: unknown, purpose: string, subject: string): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  return equal(token, csrfToken(purpose, subject));
}

/** The subject of a session form's CSRF token: the user and the session (a new sign-in, a new token). */
export const sessionCsrfSubject = (actor: WebActor): string => `${actor.userId}\n${actor.sessionId ?? ''}`;
