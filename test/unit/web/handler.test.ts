import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createHandler, ROUTES } from '../../../shared/web/app.ts';
import { type ApiEvent, binary, json } from '../../../shared/web/http.ts';
import { openApiDocument } from '../../../shared/web/openapi.ts';
import { route } from '../../../shared/web/router.ts';

const logged: Record<string, unknown>[] = [];
const logger = {
  error: (_m: string, extra: Record<string, unknown>) => logged.push(extra),
  warn: () => {},
};

const secretData = 'Nguyễn Văn Bí Mật 0912345678';
/** Bytes that are not UTF-8 (a ZIP's local header, then 0xff 0xfe 0x00): they must arrive unchanged. */
const ZIP_BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x80, 0x81]);
const routes = [
  route({
    method: 'POST',
    path: '/api/boom',
    kind: 'api',
    roles: 'public',
    summary: 'throws an internal error carrying personal data',
    body: z.object({
      name: z.string().min(2, { error: JSON.stringify({ vi: 'Tên quá ngắn', en: 'Name too short' }) }),
    }),
    async handler(ctx) {
      throw new Error(`db failure for ${(ctx.body as { name: string }).name}`);
    },
  }),
  route({
    method: 'GET',
    path: '/page-boom',
    kind: 'page',
    roles: 'public',
    summary: 'a page that fails',
    async handler() {
      throw Object.assign(new Error('x'), {
        name: 'AppError',
        code: 'CONFLICT',
        messages: { vi: 'Xung đột', en: 'Conflict' },
      });
    },
  }),
  route({
    method: 'GET',
    path: '/ok',
    kind: 'api',
    roles: 'public',
    summary: 'ok',
    handler: async () => json(200, {}),
  }),
  route({
    method: 'GET',
    path: '/zip',
    kind: 'api',
    roles: 'public',
    summary: 'a binary download',
    produces: 'application/zip',
    handler: async () => binary(ZIP_BYTES, 'application/zip', 'hồ sơ.zip'),
  }),
];
// biome-ignore lint/suspicious/noExplicitAny: test logger
const handler = createHandler(logger as any, routes);

function ev(
  method: string,
  path: string,
  o: { body?: string; headers?: Record<string, string>; query?: Record<string, string> } = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(o.query).toString(),
    headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
    queryStringParameters: o.query,
    requestContext: { http: { method, path }, requestId: 'r1' },
    body: o.body,
    isBase64Encoded: false,
  } as unknown as ApiEvent;
}
const call = (e: ApiEvent) => handler(e, {} as Context);

describe('the web handler', () => {
  it('a 5xx shows a code, a localized message and an error id, never internals; the log has no personal data', async () => {
    const r = await call(ev('POST', '/api/boom', { body: JSON.stringify({ name: secretData }) }));
    expect(r.statusCode).toBe(500);
    const body = JSON.parse(r.body as string);
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toBe('Lỗi hệ thống. Vui lòng thử lại sau.');
    expect(body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).not.toContain('db failure');
    expect(r.body).not.toContain('Bí Mật');
    const entry = logged.at(-1) ?? {};
    expect(entry.errorId).toBe(body.error.errorId);
    // the stack's first line carries the error message, which may quote input: only the type and frames are logged
    expect(JSON.stringify(logged)).not.toContain('0912345678');
  });

  it('validation errors carry the issues in the request language', async () => {
    const vi = await call(ev('POST', '/api/boom', { body: '{"name":"x"}' }));
    expect(vi.statusCode).toBe(400);
    expect(JSON.parse(vi.body as string).error).toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'name', message: 'Tên quá ngắn' }],
    });
    const en = await call(ev('POST', '/api/boom', { body: '{"name":"x"}', query: { lang: 'en' } }));
    expect(JSON.parse(en.body as string).error.issues[0].message).toBe('Name too short');
    expect(en.cookies).toContain('lang=en; Max-Age=31536000; Path=/; SameSite=Lax');
    const al = await call(ev('POST', '/api/boom', { body: '[]', headers: { 'accept-language': 'en-US' } }));
    expect(JSON.parse(al.body as string).error.message).toBe('Some fields are not valid. Input: Wrong type');
  });

  it('pages answer errors as HTML in the language; app errors keep their own message', async () => {
    const r = await call(ev('GET', '/page-boom', { query: { lang: 'en' } }));
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('Conflict');
    expect(r.body).toContain('<html lang="en">');
  });

  it('answers a binary download base64-encoded, byte for byte, with its headers', async () => {
    const r = await call(ev('GET', '/zip'));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(Buffer.from(r.body, 'base64').equals(ZIP_BYTES)).toBe(true);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-disposition']).toBe('attachment; filename="h__s_.zip"');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const json = await call(ev('GET', '/ok'));
    expect(json.isBase64Encoded).toBe(false);
    expect(json.body).toBe('{}');
  });

  it('reads no body on a GET (API Gateway passes one along; the answer is the same)', async () => {
    const r = await call(ev('GET', '/ok', { body: 'ignored' }));
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('{}');
  });

  it('unknown routes answer 404 JSON under /api and HTML elsewhere', async () => {
    const a = await call(ev('GET', '/api/nothing'));
    expect(a.statusCode).toBe(404);
    expect(JSON.parse(a.body as string).error.code).toBe('not_found');
    const p = await call(ev('GET', '/nothing'));
    expect(p.statusCode).toBe(404);
    expect(p.body).toContain('Không tìm thấy.');
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every JSON route and the request bodies from the zod schemas', () => {
    const doc = openApiDocument(ROUTES) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of ROUTES.filter((x) => x.kind === 'api'))
      expect(doc.paths[r.path]?.[r.method.toLowerCase()]).toBeDefined();
    const refer = doc.paths['/api/candidates']?.post?.requestBody?.content['application/json']?.schema;
    expect(refer).toEqual({ $ref: '#/components/schemas/ReferBody' });
    expect(Object.keys(doc.components.schemas.ReferBody?.properties ?? {})).toEqual(
      expect.arrayContaining(['cellId', 'fullName', 'birthDate', 'introduction']),
    );
    expect(doc.components.schemas.Error).toBeDefined();
    // no localized-message JSON leaks into the document
    expect(JSON.stringify(doc)).not.toContain('\\"vi\\"');
  });
});
