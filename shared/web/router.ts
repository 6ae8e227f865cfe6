// Routes declared once with their method, OpenAPI-style path, allowed roles and zod schemas. The same
// declarations are registered on the Hono app (matching, parameters, query, 404/405), drive the role check and
// the body parsing, and make the OpenAPI document (openapi.ts).
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { type Translator, translator } from '../i18n/index.ts';
import type { Role, WebActor } from './auth.ts';
import { type ApiResult, HttpError } from './http.ts';
import type { Lang } from './lang.ts';
import type { WebEnv } from './middlewares.ts';

export type RouteKind = 'api' | 'page';

export interface RouteContext<B = unknown, Q = unknown> {
  /** the request's Hono context (raw query values, cookies) */
  c: Context<WebEnv>;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Q;
  body: B;
  /** raw form fields (page forms) */
  form: Record<string, string | string[]>;
  lang: Lang;
  t: Translator;
  actor: WebActor | undefined;
  requestId: string;
}

export interface AuthedContext<B = unknown, Q = unknown> extends RouteContext<B, Q> {
  actor: WebActor;
}

export interface RouteDef<B = unknown, Q = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  kind: RouteKind;
  /** roles allowed; `public` = no session needed (login-free pages, approval links, OpenAPI) */
  roles: readonly Role[] | 'public';
  summary: string;
  tag?: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** response schema for the OpenAPI document */
  response?: z.ZodType;
  /** content type of a successful response when not JSON (OpenAPI) */
  produces?: string;
  /** accept application/x-www-form-urlencoded bodies (page forms) */
  form?: boolean;
  handler(ctx: RouteContext<B, Q>): Promise<ApiResult>;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes
export type AnyRoute = RouteDef<any, any>;

export function route<B = unknown, Q = unknown>(def: RouteDef<B, Q>): RouteDef<B, Q> {
  return def;
}

export const MAX_BODY_BYTES = 256 * 1024;

/** A path parameter as ids and file names are written; anything else matches no route (404). */
const PARAM = /^[A-Za-z0-9._~-]{1,128}$/;

/** `/a/{linkId}` in Hono's syntax: `/a/:linkId`. */
const honoPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** The path a request is routed by: repeated slashes collapsed, no trailing slash. */
export function requestPath(request: Request): string {
  const url = request.url;
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start === -1) return '/';
  const q = url.indexOf('?', start);
  const p = url.slice(start, q === -1 ? undefined : q).replace(/\/{2,}/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** The matched route's parameters (decoded by Hono), or a 404 when one is not an id. */
function paramsOf(c: Context<WebEnv>): Record<string, string> {
  const params = c.req.param() as Record<string, string>;
  for (const v of Object.values(params)) if (!PARAM.test(v)) throw new HttpError(404, 'not_found');
  return params;
}

/**
 * Registers every route on the app, each behind its role check and the body limit, then, for each path, a
 * 405 for the methods it was not declared with. HEAD is answered as GET by Hono.
 */
export function registerRoutes(app: Hono<WebEnv>, routes: readonly AnyRoute[]): void {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, 'payload_too_large');
    },
  });
  for (const def of routes) app.on(def.method, honoPath(def.path), roleCheck(def), limit, dispatch(def));
  const byPath = new Map(routes.map((def) => [honoPath(def.path), def]));
  for (const [path, def] of byPath)
    app.all(path, function methodNotAllowed(c) {
      matched(c, def);
      throw new HttpError(405, 'method_not_allowed');
    });
}

/** Records the matched route (its kind answers the errors, its template names it in logs); checks its parameters. */
function matched(c: Context<WebEnv>, def: AnyRoute): Record<string, string> {
  const state = c.get('web');
  state.kind = def.kind;
  // logs name the route's template (`/a/{linkId}`), never the path: a link id is a credential
  state.route = def.path;
  return paramsOf(c);
}

/**
 * The role check of a route, before anything is read: a session is needed unless the route is public, and its
 * role must be one the route allows. The cell is checked by the services (another cell's id answers 404).
 */
function roleCheck(def: AnyRoute): MiddlewareHandler<WebEnv> {
  return async function roleCheck(c, next) {
    matched(c, def);
    const state = c.get('web');
    if (def.roles !== 'public') {
      if (!state.actor) throw new HttpError(401, 'unauthenticated');
      if (!def.roles.includes(state.actor.role)) throw new HttpError(403, 'forbidden');
    }
    await next();
  };
}

/** Parses the query and the body with the route's schemas, runs the handler and answers its result. */
function dispatch(def: AnyRoute) {
  return async function dispatchRoute(c: Context<WebEnv>): Promise<Response> {
    const state = c.get('web');
    const rawQuery: Record<string, string | undefined> = { ...c.req.query() };
    delete rawQuery.lang;
    const query = def.query ? parseWith(def.query, rawQuery) : rawQuery;
    const { body, form } = await readBody(c, def);
    const result = await def.handler({
      c,
      method: c.req.method,
      path: c.req.path,
      params: paramsOf(c),
      query,
      body,
      form,
      lang: state.lang,
      t: translator(state.lang),
      actor: state.actor,
      requestId: state.requestId,
    });
    return respond(c, result);
  };
}

/** A page form (urlencoded, `name[]` fields as lists) or a JSON body, parsed with the route's schema. */
async function readBody(
  c: Context<WebEnv>,
  def: AnyRoute,
): Promise<{ body: unknown; form: Record<string, string | string[]> }> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return { body: undefined, form: {} };
  const ctype = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ctype === 'application/x-www-form-urlencoded' && def.form) {
    const form = formFields(await c.req.parseBody());
    return { body: form, form };
  }
  if (def.body) {
    if (ctype !== 'application/json') throw new HttpError(415, 'unsupported_media_type');
    return { body: parseWith(def.body, await jsonOf(c)), form: {} };
  }
  return { body: ctype === 'application/json' ? await jsonOf(c) : undefined, form: {} };
}

async function jsonOf(c: Context<WebEnv>): Promise<unknown> {
  if (!c.req.raw.body) return undefined;
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}

/** Hono's form fields with the `[]` of list fields dropped from their names (`b[]=x&b[]=y` → `b: [x, y]`). */
function formFields(parsed: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (Array.isArray(v)) out[k.endsWith('[]') ? k.slice(0, -2) : k] = v.map(String);
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw r.error;
  return r.data;
}

/** A route's result as the response (the one place an `ApiResult` becomes a Response). */
export function respond(c: Context<WebEnv>, r: ApiResult): Response {
  const status = r.statusCode as ContentfulStatusCode;
  if (r.body.length === 0) return c.body(null, status, r.headers);
  if (r.isBase64Encoded) return c.body(new Uint8Array(Buffer.from(r.body, 'base64')), status, r.headers);
  return c.body(r.body, status, r.headers);
}
