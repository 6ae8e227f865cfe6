// ketnap's own Hono middlewares of the web app, each a small unit with a named function: the request's state,
// the language (Hono's detector, remembered in a cookie when asked for by `?lang=`), the link secret, the
// session, and the error answer (JSON or an error page, with an error id for a 5xx).
import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { type DetectorOptions, detectFromQuery, languageDetector } from 'hono/language';
import { config } from '../adapters/config.ts';
import { isSessionRevoked } from '../adapters/sessions.ts';
import { translator } from '../i18n/index.ts';
import { authenticate, loadLinkSecret, SESSION_COOKIE, type WebActor } from './auth.ts';
import { toHttpError } from './errors.ts';
import { type ApiEvent, type ApiResult, HttpError, html, json } from './http.ts';
import { LANGS, type Lang } from './lang.ts';
import { type RouteKind, respond } from './router.ts';

export interface WebState {
  lang: Lang;
  langFromQuery: boolean;
  actor: WebActor | undefined;
  requestId: string;
  kind: RouteKind;
  /** the matched route's template, for logs */
  route?: string;
  /** the session cookie held a token that is not (or no longer) valid: the response clears it */
  clearSession?: boolean;
}

/** The Hono environment of the app: the Lambda event (payload 2.0) when run by `hono/aws-lambda`, and the state. */
export interface WebEnv {
  Bindings: { event?: ApiEvent };
  Variables: { web: WebState; language: string };
}

/** The per-request state, first of all: an id (the error id of a 5xx) and whether the path is the API's. */
export function requestState(): MiddlewareHandler<WebEnv> {
  return async function requestState(c, next) {
    const path = c.req.path;
    c.set('web', {
      lang: 'vi',
      langFromQuery: false,
      actor: undefined,
      requestId: randomUUID(),
      kind: path.startsWith('/api/') || path === '/openapi.json' ? 'api' : 'page',
    });
    await next();
  };
}

/** `?lang=`, then the `lang` cookie, then Accept-Language (by its q values); Vietnamese by default. */
const LANGUAGE: DetectorOptions = {
  order: ['querystring', 'cookie', 'header'],
  lookupQueryString: 'lang',
  lookupCookie: 'lang',
  lookupFromHeaderKey: 'accept-language',
  lookupFromPathIndex: 0,
  caches: false,
  ignoreCase: true,
  fallbackLanguage: 'vi',
  supportedLanguages: [...LANGS],
  cookieOptions: {},
  debug: false,
};

/** A language asked for by `?lang=` is kept a year. */
const LANG_COOKIE = { path: '/', maxAge: 31_536_000, sameSite: 'Lax' } as const;

/** Picks the language with Hono's detector and remembers an explicit `?lang=` in the `lang` cookie. */
export function httpLanguage(): MiddlewareHandler<WebEnv> {
  const detect = languageDetector(LANGUAGE);
  return async function httpLanguage(c, next) {
    const s = c.get('web');
    await detect(c, async () => {
      s.lang = c.get('language') as Lang;
      s.langFromQuery = detectFromQuery(c, LANGUAGE) !== undefined;
      await next();
    });
    if (s.langFromQuery) setCookie(c, 'lang', s.lang, LANG_COOKIE);
  };
}

/** Loads the HMAC key of the CSRF tokens from Secrets Manager before the request (cached by Powertools). */
export function linkSecretLoader(): MiddlewareHandler<WebEnv> {
  return async function linkSecretLoader(_c, next) {
    await loadLinkSecret();
    await next();
  };
}

/** Removes a bad or signed-out session from the browser (the attributes it was set with, Max-Age=0). */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax' });
}

/**
 * Verifies the session token when present; routes decide whether one is required. A session cookie that does
 * not verify or was signed out is cleared and the request goes on without a session (so `/auth/login` is
 * reached, never a redirect loop); a bad Bearer token is refused.
 */
export function sessionAuth(
  isRevoked: (sessionId: string) => Promise<boolean> = isSessionRevoked,
): MiddlewareHandler<WebEnv> {
  return async function sessionAuth(c, next) {
    const s = c.get('web');
    const actor = await authenticate(c, isRevoked);
    s.clearSession = actor === 'invalid';
    s.actor = actor === 'invalid' ? undefined : actor;
    await next();
    if (s.clearSession && !c.res.headers.getSetCookie().some((x) => x.startsWith(`${SESSION_COOKIE}=`)))
      clearSessionCookie(c);
  };
}

export interface ErrorLogger {
  error(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

/**
 * Turns any error into `{ error: { code, message } }` (JSON routes) or an error page (HTML routes); an
 * unauthenticated page GET goes to sign-in. A 5xx shows only an error id; the log gets the id, the route and
 * the error's name/stack, never the request body.
 */
export function httpErrorHandler(
  logger: ErrorLogger,
  renderPage: (args: {
    status: number;
    code: string;
    message: string;
    errorId?: string;
    state: WebState;
  }) => string,
): ErrorHandler<WebEnv> {
  return function httpErrorHandler(error, c) {
    const s = c.get('web');
    const err = toHttpError(error, s.lang);
    const t = translator(s.lang);
    const message = t(`err.${err.code}` as Parameters<typeof t>[0]);
    let errorId: string | undefined;
    if (err.status >= 500) {
      errorId = s.requestId;
      const cause = err.cause as { name?: string; stack?: string } | undefined;
      logger.error('request failed', {
        errorId,
        route: `${c.req.method} ${c.env?.event?.routeKey ?? '$default'}`,
        path: s.route ?? '(no route)',
        errorName: cause?.name,
        // frames only: the first line is the message, which may quote input
        stack: cause?.stack?.split('\n').slice(1, 8).join('\n'),
      });
    } else if (err.status === 403) {
      logger.warn('request refused', { code: err.code, path: s.route ?? '(no route)' });
    }
    const detailObj = (err.details ?? {}) as { message?: string; issues?: { message?: string }[] };
    // what is wrong, field by field (each named by its label, never by its path), in the message itself
    const said = Array.isArray(detailObj.issues)
      ? detailObj.issues.map((i) => i.message).filter(Boolean)
      : [];
    const body = {
      error: {
        code: err.code,
        message: detailObj.message ?? (said.length ? `${message} ${said.join('; ')}` : message),
        ...(detailObj.issues ? { issues: detailObj.issues } : {}),
        ...(errorId ? { errorId } : {}),
      },
    };
    let result: ApiResult;
    if (s.kind === 'page' && err.status === 401 && c.req.method === 'GET') {
      const url = new URL(c.req.url);
      const next = url.pathname + url.search;
      result = {
        statusCode: 303,
        headers: {
          location: `${config().authLoginUrl}?next=${encodeURIComponent(next)}`,
          'cache-control': 'no-store',
        },
        body: '',
      };
    } else
      result =
        s.kind === 'page'
          ? html(
              err.status,
              renderPage({
                status: err.status,
                code: err.code,
                message: body.error.message,
                ...(errorId ? { errorId } : {}),
                state: s,
              }),
            )
          : json(err.status, body);
    return respond(c, result);
  };
}

/** No route matched the path: the same answer as any other 404. */
export const notFoundHandler =
  (onError: ErrorHandler<WebEnv>) =>
  (c: Context<WebEnv>): Response | Promise<Response> =>
    onError(new HttpError(404, 'not_found'), c);
