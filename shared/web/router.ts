// A small router: routes declared once with their method, OpenAPI-style path, allowed roles and zod schemas.
// The same declarations drive dispatch, the role check and the OpenAPI document.
import type * as z from 'zod';
import { type Translator, translator } from '../i18n/index.ts';
import type { Role, WebActor } from './auth.ts';
import { type ApiEvent, type ApiResult, HttpError, header, parseCookies } from './http.ts';
import type { Lang } from './lang.ts';

export type RouteKind = 'api' | 'page';

export interface RouteContext<B = unknown, Q = unknown> {
  event: ApiEvent;
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
  cookies: Record<string, string>;
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

interface Compiled {
  def: AnyRoute;
  segments: string[];
}

export const MAX_BODY_BYTES = 256 * 1024;

export class Router {
  private readonly compiled: Compiled[];
  constructor(readonly routes: readonly AnyRoute[]) {
    this.compiled = routes.map((def) => ({ def, segments: split(def.path) }));
  }

  match(
    method: string,
    path: string,
  ): { def: AnyRoute; params: Record<string, string> } | 'method' | undefined {
    const segs = split(path);
    let pathMatched = false;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, segs);
      if (!params) continue;
      pathMatched = true;
      if (c.def.method === method || (method === 'HEAD' && c.def.method === 'GET'))
        return { def: c.def, params };
    }
    return pathMatched ? 'method' : undefined;
  }

  async dispatch(
    event: ApiEvent,
    state: { lang: Lang; actor: WebActor | undefined; requestId: string; kind?: RouteKind; route?: string },
  ): Promise<ApiResult> {
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const path = normalizePath(event.rawPath ?? event.requestContext?.http?.path ?? '/');
    const m = this.match(method, path);
    if (m === undefined) throw new HttpError(404, 'not_found');
    if (m === 'method') throw new HttpError(405, 'method_not_allowed');
    const { def, params } = m;
    state.kind = def.kind;
    // logs name the route's template (`/a/{linkId}`), never the path: a link id is a credential
    state.route = def.path;

    if (def.roles !== 'public') {
      if (!state.actor) throw new HttpError(401, 'unauthenticated');
      if (!def.roles.includes(state.actor.role)) throw new HttpError(403, 'forbidden');
    }

    const rawQuery = { ...(event.queryStringParameters ?? {}) } as Record<string, string | undefined>;
    delete rawQuery.lang;
    const query = def.query ? parseWith(def.query, rawQuery) : rawQuery;

    let body: unknown;
    let form: Record<string, string | string[]> = {};
    if (method !== 'GET' && method !== 'HEAD') {
      const text = bodyText(event);
      const ctype = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (ctype === 'application/x-www-form-urlencoded' && def.form) {
        form = parseForm(text);
        body = form;
      } else if (def.body) {
        if (ctype !== 'application/json') throw new HttpError(415, 'unsupported_media_type');
        let parsed: unknown;
        try {
          parsed = text.length ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'invalid_json');
        }
        body = parseWith(def.body, parsed);
      } else if (text.length) {
        if (ctype === 'application/json') {
          try {
            body = JSON.parse(text);
          } catch {
            throw new HttpError(400, 'invalid_json');
          }
        }
      }
    }

    const ctx: RouteContext = {
      event,
      method,
      path,
      params,
      query,
      body,
      form,
      lang: state.lang,
      t: translator(state.lang),
      actor: state.actor,
      requestId: state.requestId,
      cookies: parseCookies(event),
    };
    return def.handler(ctx);
  }
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw r.error;
  return r.data;
}

function bodyText(event: ApiEvent): string {
  const b = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(b, 'base64').toString('utf8') : b;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
  return text;
}

export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (k.endsWith('[]')) {
      const key = k.slice(0, -2);
      const prev = out[key];
      out[key] = Array.isArray(prev) ? [...prev, v] : [v];
    } else out[k] = v;
  }
  return out;
}

function normalizePath(p: string): string {
  const s = p.replace(/\/{2,}/g, '/');
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

function split(p: string): string[] {
  return normalizePath(p).split('/').filter(Boolean);
}

function matchSegments(pattern: string[], segs: string[]): Record<string, string> | undefined {
  if (pattern.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segs[i] as string;
    if (p.startsWith('{') && p.endsWith('}')) {
      let v: string;
      try {
        v = decodeURIComponent(s);
      } catch {
        return undefined;
      }
      if (!/^[A-Za-z0-9._~-]{1,128}$/.test(v)) return undefined;
      params[p.slice(1, -1)] = v;
    } else if (p !== s) return undefined;
  }
  return params;
}
