// Sign-in through an OAuth 2.0 authorization-code flow with PKCE against the identity provider's hosted pages
// (Cognito's /oauth2/authorize and /oauth2/token in the cloud; the local identity stand-in serves the same two
// endpoints). The ID token obtained is verified like any session token, then kept in an HttpOnly cookie.
// Configuration only: AUTH_OAUTH_URL (the provider's base URL), AUTH_AUDIENCE (the client id), APP_BASE_URL.
import { createHash, randomBytes } from 'node:crypto';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { config } from '../adapters/config.ts';
import { revokeSession } from '../adapters/sessions.ts';
import { presentedToken, SESSION_COOKIE, verifyToken } from './auth.ts';
import { type ApiResult, HttpError, redirect } from './http.ts';
import { clearSessionCookie } from './middlewares.ts';
import type { AnyRoute } from './router.ts';
import { route } from './router.ts';

/** The sign-in's verifier, state, nonce and return path, for ten minutes, sent back to `/auth` only. */
const FLOW_COOKIE = 'ketnap_oauth';
const flowCookie = (secure: boolean) =>
  ({ path: '/auth', httpOnly: true, sameSite: 'Lax', ...(secure ? { secure } : {}) }) as const;

/** The sign-in's settings, all required (ConfigError naming the first one missing). */
function conf() {
  const c = config();
  const oauth = c.authOAuthUrl;
  const clientId = c.authAudience;
  const base = c.appBaseUrl;
  return { oauth, clientId, base, secure: base.startsWith('https://') };
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * Where to go after sign-in: only a path of the app itself. The value must start with one `/`, hold no control
 * character or backslash (browsers drop tabs and newlines and read `\\` as `/`), and, parsed as a URL against
 * the app's own origin, stay on that origin; what is followed is the path the parser produced.
 */
export function safeNext(n: unknown, base = 'https://app.invalid'): string {
  if (typeof n !== 'string' || n.length === 0 || n.length >= 500) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!n.startsWith('/') || n.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(n)) return '/';
  let url: URL;
  try {
    url = new URL(n, base);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(base).origin) return '/';
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

const loginRoute = route<unknown, { next?: string }>({
  method: 'GET',
  path: '/auth/login',
  kind: 'page',
  roles: 'public',
  summary: 'Start signing in at the identity provider (authorization code with PKCE)',
  query: z.object({ next: z.string().max(500).optional() }),
  async handler(ctx): Promise<ApiResult> {
    const c = conf();
    const verifier = b64url(randomBytes(32));
    const state = b64url(randomBytes(16));
    const nonce = b64url(randomBytes(16));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    const next = b64url(Buffer.from(safeNext(ctx.query.next, c.base)));
    const url = new URL(`${c.oauth}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: c.clientId,
      redirect_uri: `${c.base}/auth/callback`,
      scope: 'openid email profile',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce,
      lang: ctx.lang,
    }).toString();
    setCookie(ctx.c, FLOW_COOKIE, `${verifier}.${state}.${nonce}.${next}`, {
      ...flowCookie(c.secure),
      maxAge: 600,
    });
    return redirect(url.toString());
  },
});

const callbackRoute = route<unknown, { code?: string; state?: string }>({
  method: 'GET',
  path: '/auth/callback',
  kind: 'page',
  roles: 'public',
  summary: 'Finish signing in: exchange the code for an ID token and keep it in the session cookie',
  query: z.object({ code: z.string().max(2000).optional(), state: z.string().max(200).optional() }),
  async handler(ctx): Promise<ApiResult> {
    const c = conf();
    const [verifier, state, nonce, next] = (getCookie(ctx.c, FLOW_COOKIE) ?? '').split('.');
    if (!verifier || !state || !nonce || !ctx.query.code || ctx.query.state !== state)
      throw new HttpError(400, 'bad_request');
    const res = await fetch(`${c.oauth}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: c.clientId,
        code: ctx.query.code,
        redirect_uri: `${c.base}/auth/callback`,
        code_verifier: verifier,
      }).toString(),
    });
    // a failed sign-in is an error page (400), not the 401 that would send the browser back to sign-in
    if (!res.ok) throw new HttpError(400, 'bad_request');
    const body = z
      .object({ id_token: z.string().min(10).max(10_000) })
      .safeParse(await res.json().catch(() => ({})));
    if (!body.success) throw new HttpError(400, 'bad_request');
    // the ID token must be the one issued for this sign-in (nonce), by the provider, for this app, unexpired
    const { exp } = await verifyToken(body.data.id_token, { nonce }).catch((cause: unknown) => {
      throw new HttpError(400, 'bad_request', undefined, { cause });
    });
    const target = safeNext(Buffer.from(next ?? '', 'base64url').toString('utf8'), c.base);
    // the session: HttpOnly, SameSite=Lax, Secure when the app is served over https, until the token expires
    setCookie(ctx.c, SESSION_COOKIE, body.data.id_token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: Math.max(0, Math.floor(exp - Date.now() / 1000)),
      ...(c.secure ? { secure: true } : {}),
    });
    deleteCookie(ctx.c, FLOW_COOKIE, flowCookie(c.secure));
    return redirect(target);
  },
});

const logoutRoute = route({
  method: 'POST',
  path: '/logout',
  kind: 'page',
  roles: 'public',
  summary:
    'Sign out: revokes the session (its token is refused from now on), clears the cookie, ends the provider session',
  form: true,
  async handler(ctx): Promise<ApiResult> {
    // the session is revoked whatever carried it; a token that does not verify has nothing left to revoke
    const presented = presentedToken(ctx.c);
    if (presented) {
      const verified = await verifyToken(presented.token).catch(() => undefined);
      if (verified) await revokeSession(verified.sessionId, verified.exp);
    }
    // the provider's logout ends its own session too (Cognito: /logout?client_id&logout_uri)
    const c = config().ifSet;
    const oauth = c.authOAuthUrl;
    const home = `${c.appBaseUrl ?? ''}/`;
    const target =
      c.authLogoutUrl ??
      (oauth
        ? `${oauth}/logout?${new URLSearchParams({ client_id: c.authAudience ?? '', logout_uri: home })}`
        : '/');
    clearSessionCookie(ctx.c);
    return redirect(target);
  },
});

export const authRoutes: AnyRoute[] = [loginRoute, callbackRoute, logoutRoute];
