import type { MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApp } from '../../../shared/web/app.ts';
import type { WebActor } from '../../../shared/web/auth.ts';
import { json } from '../../../shared/web/http.ts';
import type { WebEnv } from '../../../shared/web/middlewares.ts';
import { type AnyRoute, route } from '../../../shared/web/router.ts';

const secretary: WebActor = { userId: 'u1', role: 'secretary', cellIds: ['c1'] };

const routes: AnyRoute[] = [
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
];

/** The app with the session already known (the session middleware itself is tested against the stack). */
const appAs = (actor: WebActor | undefined) => {
  const session: MiddlewareHandler<WebEnv> = async function knownSession(c, next) {
    c.get('web').actor = actor;
    await next();
  };
  return createApp(routes, { session, logger: { error: () => {}, warn: () => {} } });
};
const app = appAs(secretary);

const call = (
  method: string,
  path: string,
  o: { body?: string; ctype?: string } = {},
  on = app,
): Promise<Response> =>
  Promise.resolve(
    on.request(path, {
      method,
      ...(o.ctype ? { headers: { 'content-type': o.ctype } } : {}),
      ...(o.body !== undefined ? { body: o.body } : {}),
    }),
  );

/** `200`, or `status:code` of an error answer. */
const statusOf = async (p: Promise<Response>): Promise<number | string> => {
  const r = await p;
  if (r.status < 400) return r.status;
  const text = await r.text();
  const code = r.headers.get('content-type')?.includes('json')
    ? (JSON.parse(text) as { error: { code: string } }).error.code
    : '(page)';
  return `${r.status}:${code}`;
};

describe('router', () => {
  it('matches a static segment before a parameter and decodes parameters', async () => {
    expect(await (await call('GET', '/items/new')).json()).toEqual({ which: 'new' });
    expect(await (await call('GET', '/items/a-1')).json()).toEqual({ id: 'a-1' });
    expect(await (await call('GET', '/items/a-1/')).json()).toEqual({ id: 'a-1' });
    expect(await (await call('GET', '/items//a%2D1')).json()).toEqual({ id: 'a-1' });
  });

  it('answers 404 for unknown paths and odd parameters, 405 for a known path with another method', async () => {
    expect(await statusOf(call('GET', '/api/nope'))).toBe('404:not_found');
    expect(await statusOf(call('GET', '/nope'))).toBe('404:(page)');
    expect(await statusOf(call('GET', '/items/%3Cscript%3E'))).toBe('404:not_found');
    expect(await statusOf(call('GET', '/items/%E0%A4%A'))).toBe('404:not_found');
    expect(await statusOf(call('DELETE', '/items/x'))).toBe('405:method_not_allowed');
    expect(await statusOf(call('DELETE', '/items/%3Cscript%3E'))).toBe('404:not_found');
    // HEAD is answered as GET, without the body
    const head = await call('HEAD', '/items/a-1');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('checks the session and the role before anything else', async () => {
    expect(await statusOf(call('GET', '/items/x', {}, appAs(undefined)))).toBe('401:unauthenticated');
    const admin: WebActor = { userId: 'a', role: 'admin', cellIds: [] };
    expect(await statusOf(call('GET', '/items/x', {}, appAs(admin)))).toBe('403:forbidden');
    // before the body is read: an oversized body of a refused request is still a 403
    expect(
      await statusOf(
        call('POST', '/items', { body: 'x'.repeat(300_000), ctype: 'text/plain' }, appAs(admin)),
      ),
    ).toBe('403:forbidden');
  });

  it('parses JSON bodies with the route schema and refuses other content types', async () => {
    const ok = await call('POST', '/items', { body: '{"n":3}', ctype: 'application/json' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ n: 3 });
    expect(await statusOf(call('POST', '/items', { body: '{"n":', ctype: 'application/json' }))).toBe(
      '400:invalid_json',
    );
    // the route's zod schema refuses it (validation_failed, with the issues)
    expect(await statusOf(call('POST', '/items', { body: '{"n":1.5}', ctype: 'application/json' }))).toBe(
      '400:validation_failed',
    );
    expect(await statusOf(call('POST', '/items', { body: 'n=1', ctype: 'text/plain' }))).toBe(
      '415:unsupported_media_type',
    );
    expect(
      await statusOf(
        call('POST', '/items', { body: `{"n":"${'x'.repeat(300_000)}"}`, ctype: 'application/json' }),
      ),
    ).toBe('413:payload_too_large');
  });

  it('parses urlencoded forms, with [] keys as lists', async () => {
    const form = (body: string) =>
      call('POST', '/form', { body, ctype: 'application/x-www-form-urlencoded' });
    expect(await (await form('a=1&b%5B%5D=x&b%5B%5D=y&c=%C4%90')).json()).toEqual({
      a: '1',
      b: ['x', 'y'],
      c: 'Đ',
    });
    expect(await (await form('x=1')).json()).toEqual({ x: '1' });
    // a field given twice keeps its last value, as a browser's form is read
    expect(await (await form('x=1&x=2')).json()).toEqual({ x: '2' });
  });
});
