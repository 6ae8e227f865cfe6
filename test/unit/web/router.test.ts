import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ApiEvent } from '../../../shared/web/http.ts';
import { HttpError, json } from '../../../shared/web/http.ts';
import { parseForm, Router, route } from '../../../shared/web/router.ts';

function ev(
  method: string,
  path: string,
  o: { body?: string; ctype?: string; query?: Record<string, string> } = {},
): ApiEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: o.ctype ? { 'content-type': o.ctype } : {},
    queryStringParameters: o.query,
    requestContext: { http: { method, path } } as ApiEvent['requestContext'],
    body: o.body,
    isBase64Encoded: false,
  } as ApiEvent;
}

const secretary = { userId: 'u1', role: 'secretary' as const, cellIds: ['c1'] };
const state = (actor = secretary as typeof secretary | undefined) => ({
  lang: 'vi' as const,
  actor,
  requestId: 'r',
});

const router = new Router([
  route({
    method: 'GET',
    path: '/items/new',
    kind: 'page',
    roles: ['secretary'],
    summary: 'static before param',
    handler: async () => json(200, { which: 'new' }),
  }),
  route({
    method: 'GET',
    path: '/items/{id}',
    kind: 'api',
    roles: ['secretary', 'committee'],
    summary: 'param',
    handler: async (ctx) => json(200, { id: ctx.params.id }),
  }),
  route({
    method: 'POST',
    path: '/items',
    kind: 'api',
    roles: ['secretary'],
    summary: 'body',
    body: z.object({ n: z.number().int() }),
    handler: async (ctx) => json(201, ctx.body),
  }),
  route({
    method: 'POST',
    path: '/form',
    kind: 'page',
    roles: 'public',
    summary: 'form',
    form: true,
    handler: async (ctx) => json(200, ctx.form),
  }),
]);

const statusOf = async (p: Promise<unknown>) => {
  try {
    const r = (await p) as { statusCode: number };
    return r.statusCode;
  } catch (e) {
    if (e instanceof HttpError) return `${e.status}:${e.code}`;
    if (e instanceof z.ZodError) return 'zod';
    throw e;
  }
};

describe('router', () => {
  it('matches a static segment before a parameter and decodes parameters', async () => {
    expect(JSON.parse((await router.dispatch(ev('GET', '/items/new'), state())).body as string)).toEqual({
      which: 'new',
    });
    expect(JSON.parse((await router.dispatch(ev('GET', '/items/a-1'), state())).body as string)).toEqual({
      id: 'a-1',
    });
    expect(JSON.parse((await router.dispatch(ev('GET', '/items/a-1/'), state())).body as string)).toEqual({
      id: 'a-1',
    });
  });

  it('answers 404 for unknown paths and odd parameters, 405 for a known path with another method', async () => {
    expect(await statusOf(router.dispatch(ev('GET', '/nope'), state()))).toBe('404:not_found');
    expect(await statusOf(router.dispatch(ev('GET', '/items/%3Cscript%3E'), state()))).toBe('404:not_found');
    expect(await statusOf(router.dispatch(ev('GET', '/items/%E0%A4%A'), state()))).toBe('404:not_found');
    expect(await statusOf(router.dispatch(ev('DELETE', '/items/x'), state()))).toBe('405:method_not_allowed');
  });

  it('checks the session and the role before anything else', async () => {
    expect(await statusOf(router.dispatch(ev('GET', '/items/x'), { ...state(), actor: undefined }))).toBe(
      '401:unauthenticated',
    );
    const admin = { userId: 'a', role: 'admin' as const, cellIds: [] };
    expect(
      await statusOf(router.dispatch(ev('GET', '/items/x'), { ...state(), actor: admin as never })),
    ).toBe('403:forbidden');
  });

  it('parses JSON bodies with the route schema and refuses other content types', async () => {
    const ok = await router.dispatch(
      ev('POST', '/items', { body: '{"n":3}', ctype: 'application/json' }),
      state(),
    );
    expect(ok.statusCode).toBe(201);
    expect(
      await statusOf(
        router.dispatch(ev('POST', '/items', { body: '{"n":', ctype: 'application/json' }), state()),
      ),
    ).toBe('400:invalid_json');
    expect(
      await statusOf(
        router.dispatch(ev('POST', '/items', { body: '{"n":1.5}', ctype: 'application/json' }), state()),
      ),
    ).toBe('zod');
    expect(
      await statusOf(router.dispatch(ev('POST', '/items', { body: 'n=1', ctype: 'text/plain' }), state())),
    ).toBe('415:unsupported_media_type');
    expect(
      await statusOf(
        router.dispatch(
          ev('POST', '/items', { body: `{"n":"${'x'.repeat(300_000)}"}`, ctype: 'application/json' }),
          state(),
        ),
      ),
    ).toBe('413:payload_too_large');
  });

  it('parses urlencoded forms, with [] keys as lists', async () => {
    expect(parseForm('a=1&b%5B%5D=x&b%5B%5D=y&c=%C4%90')).toEqual({ a: '1', b: ['x', 'y'], c: 'Đ' });
    const r = await router.dispatch(
      ev('POST', '/form', { body: 'x=1', ctype: 'application/x-www-form-urlencoded' }),
      state(),
    );
    expect(JSON.parse(r.body as string)).toEqual({ x: '1' });
  });
});
