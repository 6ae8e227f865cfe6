// middy middlewares of the web handler: each a small unit with named inner functions.
import { randomUUID } from 'node:crypto';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { config } from '../adapters/config.ts';
import { isSessionRevoked } from '../adapters/sessions.ts';
import { translator } from '../i18n/index.ts';
import { authenticate, loadLinkSecret, SESSION_COOKIE, type WebActor } from './auth.ts';
import { toHttpError } from './errors.ts';
import { type ApiEvent, type ApiResult, html, json } from './http.ts';
import { type Lang, pickLang } from './lang.ts';
import type { RouteKind } from './router.ts';

export interface WebState {
  lang: Lang;
  langFromQuery: boolean;
  actor: WebActor | undefined;
  requestId: string;
  kind?: RouteKind;
  /** the matched route's template, for logs */
  route?: string;
  /** the session cookie held a token that is not (or no longer) valid: the response clears it */
  clearSession?: boolean;
}

export type WebRequest = Request<ApiEvent, ApiResult, Error, Context>;

const STATES = new WeakMap<object, WebState>();

/** The per-request state, keyed by the event object the handler also receives. */
export function stateOf(event: ApiEvent): WebState {
  let s = STATES.get(event);
  if (!s) {
    const path = event?.rawPath ?? '/';
    s = {
      lang: 'vi',
      langFromQuery: false,
      actor: undefined,
      requestId: randomUUID(),
      kind: path.startsWith('/api/') || path === '/openapi.json' ? 'api' : 'page',
    };
    if (event && typeof event === 'object') STATES.set(event, s);
  }
  return s;
}

export function webState(request: WebRequest): WebState {
  return stateOf(request.event ?? ({} as ApiEvent));
}

/** Picks the language (query, cookie, Accept-Language) and remembers an explicit `?lang=` in a cookie. */
export function httpLanguage(): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    before: function httpLanguageBefore(request) {
      const s = webState(request as WebRequest);
      const { lang, fromQuery } = pickLang(request.event);
      s.lang = lang;
      s.langFromQuery = fromQuery;
    },
    after: function httpLanguageAfter(request) {
      const s = webState(request as WebRequest);
      if (s.langFromQuery && request.response) {
        const cookie = `lang=${s.lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
        request.response.cookies = [...(request.response.cookies ?? []), cookie];
      }
    },
  };
}

/** Loads the HMAC key of the CSRF tokens from Secrets Manager before the request (cached by Powertools). */
export function linkSecretLoader(): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    before: async function linkSecretLoaderBefore() {
      await loadLinkSecret();
    },
  };
}

/** The cookie that removes a bad or signed-out session from the browser. */
export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

function clearSessionCookie(state: WebState, response: ApiResult | null | undefined): void {
  if (!state.clearSession || !response) return;
  const cookies = response.cookies ?? [];
  if (!cookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`)))
    response.cookies = [...cookies, CLEAR_SESSION_COOKIE];
}

/**
 * Verifies the session token when present; routes decide whether one is required. A session cookie that does
 * not verify or was signed out is cleared and the request goes on without a session (so `/auth/login` is
 * reached, never a redirect loop); a bad Bearer token is refused.
 */
export function sessionAuth(
  isRevoked: (sessionId: string) => Promise<boolean> = isSessionRevoked,
): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    before: async function sessionAuthBefore(request) {
      const s = webState(request as WebRequest);
      const actor = await authenticate(request.event, isRevoked);
      s.clearSession = actor === 'invalid';
      s.actor = actor === 'invalid' ? undefined : actor;
    },
    after: function sessionAuthAfter(request) {
      clearSessionCookie(webState(request as WebRequest), request.response);
    },
  };
}

export interface ErrorLogger {
  error(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

/**
 * Turns any error into `{ error: { code, message } }` (JSON routes) or an error page (HTML routes). A 5xx shows
 * only an error id; the log gets the id, the route and the error's name/stack, never the request body.
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
): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    onError: function httpErrorHandlerOnError(request) {
      const s = webState(request as WebRequest);
      const err = toHttpError(request.error, s.lang);
      const t = translator(s.lang);
      const message = t(`err.${err.code}` as Parameters<typeof t>[0]);
      const routeKey = `${request.event?.requestContext?.http?.method ?? '?'} ${request.event?.routeKey ?? ''}`;
      let errorId: string | undefined;
      if (err.status >= 500) {
        errorId = s.requestId;
        const cause = err.cause as { name?: string; stack?: string } | undefined;
        logger.error('request failed', {
          errorId,
          route: routeKey,
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
      const langCookie = s.langFromQuery
        ? [`lang=${s.lang}; Path=/; Max-Age=31536000; SameSite=Lax`]
        : undefined;
      if (s.kind === 'page' && err.status === 401 && request.event?.requestContext?.http?.method === 'GET') {
        const next =
          request.event.rawPath + (request.event.rawQueryString ? `?${request.event.rawQueryString}` : '');
        const loginUrl = config().authLoginUrl;
        request.response = {
          statusCode: 303,
          headers: { location: `${loginUrl}?next=${encodeURIComponent(next)}`, 'cache-control': 'no-store' },
          body: '',
        };
        clearSessionCookie(s, request.response);
        return;
      }
      request.response =
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
      if (langCookie) request.response.cookies = langCookie;
      clearSessionCookie(s, request.response);
    },
  };
}
