// Session verification: a JWT (Cognito ID token in the cloud, the local identity stand-in locally) read from
// the HttpOnly session cookie or a Bearer header, verified with jose against AUTH_ISSUER / AUTH_JWKS_URL /
// AUTH_AUDIENCE. Claims are mapped to the application's Actor.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { type ApiEvent, HttpError, header, parseCookies } from './http.ts';

export type Role = 'secretary' | 'committee' | 'admin';
export const ROLES: readonly Role[] = ['secretary', 'committee', 'admin'];

export interface WebActor {
  userId: string;
  role: Role;
  cellIds: string[];
  name?: string;
}

export const SESSION_COOKIE = 'ketnap_session';

let jwks: { url: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
function keySet(): ReturnType<typeof createRemoteJWKSet> {
  const url = process.env.AUTH_JWKS_URL;
  if (!url) throw new Error('AUTH_JWKS_URL is not set');
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
  const name = typeof p.name === 'string' ? p.name : undefined;
  return { userId: sub, role, cellIds, ...(name ? { name } : {}) };
}

export function sessionToken(event: ApiEvent): string | undefined {
  const auth = header(event, 'authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return parseCookies(event)[SESSION_COOKIE];
}

/** Verify a token (signature, issuer, audience, expiry) and map it to an actor; throws when not valid. */
export async function verifyToken(token: string): Promise<{ actor: WebActor; exp: number }> {
  const { payload } = await jwtVerify(token, keySet(), {
    issuer: process.env.AUTH_ISSUER,
    audience: process.env.AUTH_AUDIENCE,
    algorithms: ['RS256'],
  });
  const actor = actorFromClaims(payload);
  if (!actor) throw new Error('no role');
  return { actor, exp: payload.exp ?? Math.floor(Date.now() / 1000) + 3600 };
}

/** Verify the session; undefined when there is none. A present but invalid token is `unauthenticated`. */
export async function authenticate(event: ApiEvent): Promise<WebActor | undefined> {
  const token = sessionToken(event);
  if (!token) return undefined;
  try {
    return (await verifyToken(token)).actor;
  } catch (cause) {
    throw new HttpError(401, 'unauthenticated', undefined, { cause });
  }
}

function linkSecret(): string {
  const s = process.env.LINK_SECRET;
  if (!s || s.length < 16) throw new Error('LINK_SECRET is not set');
  return s;
}

/** HMAC token binding a purpose and a subject (an approval link + its approver, or a session user). */
export function csrfToken(purpose: string, subject: string): string {
  return createHmac('sha256', linkSecret()).update(`${purpose}\n${subject}`).digest('base64url');
}

export function csrfValid(token: unknown, purpose: string, subject: string): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const expected = Buffer.from(csrfToken(purpose, subject));
  const got = Buffer.from(token);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
