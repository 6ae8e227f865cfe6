import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiGatewayV2Event, type ApiServer, startApi } from '../../../infra/local/api-gateway.ts';
import type { FunctionResolver } from '../../../infra/local/functions.ts';

// The local API Gateway alone, with a handler that records the payload-2.0 event it gets and answers
// what the request asks for.
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-apigw-'));
const events: ApiGatewayV2Event[] = [];
const resolver: FunctionResolver = async (name) => {
  if (name !== 'ketnap-api') return undefined;
  return async (event: ApiGatewayV2Event) => {
    events.push(event);
    if (event.rawPath === '/boom') throw new Error('handler bug');
    if (event.rawPath === '/plain') return { hello: 'xin chào' };
    if (event.rawPath === '/png') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]).toString('base64'),
        isBase64Encoded: true,
      };
    }
    return {
      statusCode: 201,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-count': 2 },
      cookies: ['a=1; Path=/; HttpOnly', 'b=2; Path=/'],
      body: 'đã nhận',
    };
  };
};
let api: ApiServer;
let hooked = 0;

beforeAll(async () => {
  api = await startApi({ port: 0, dataDir, resolver });
  api.hooks.push((req, res) => {
    if (req.url !== '/hook') return false;
    hooked++;
    res.end('hooked');
    return true;
  });
});
afterAll(async () => {
  await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local API Gateway (HTTP API, payload 2.0)', () => {
  it('builds the event: raw path and query, multi-value query, lowercase headers, cookies apart, text body', async () => {
    const res = await fetch(`${api.endpoint}/ung-vien/tim?q=Nguy%E1%BB%85n&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'session=abc; lang=vi', 'X-Custom': 'v' },
      body: JSON.stringify({ ten: 'Nguyễn Hồng Quang' }),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('đã nhận');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(res.headers.get('x-count')).toBe('2');
    const e = events.at(-1) as ApiGatewayV2Event;
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/ung-vien/tim',
      rawQueryString: 'q=Nguy%E1%BB%85n&tag=a&tag=b',
      queryStringParameters: { q: 'Nguyễn', tag: 'a,b' },
      cookies: ['session=abc', 'lang=vi'],
      isBase64Encoded: false,
      body: JSON.stringify({ ten: 'Nguyễn Hồng Quang' }),
      requestContext: {
        http: { method: 'POST', path: '/ung-vien/tim', sourceIp: '127.0.0.1' },
        stage: '$default',
      },
    });
    expect(e.headers['x-custom']).toBe('v');
    expect(e.headers['content-type']).toBe('application/json');
    expect(e.headers.cookie).toBeUndefined();
  });

  it('base64-encodes a binary request body and decodes a base64 response', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const res = await fetch(`${api.endpoint}/png`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/pdf' },
      body: bytes,
    });
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]));
    expect(res.headers.get('content-type')).toBe('image/png');
    const e = events.at(-1) as ApiGatewayV2Event;
    expect(e.isBase64Encoded).toBe(true);
    expect(Buffer.from(e.body as string, 'base64')).toEqual(bytes);
  });

  it('a result without statusCode is JSON 200; a thrown error is a bare 500; GET has no body', async () => {
    const ok = await fetch(`${api.endpoint}/plain`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ hello: 'xin chào' });
    expect(events.at(-1)?.body).toBeUndefined();
    expect(events.at(-1)?.queryStringParameters).toBeUndefined();
    const boom = await fetch(`${api.endpoint}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('route hooks answer first (local identity stand-in); /outbox is served by the gateway', async () => {
    const n = events.length;
    expect(await (await fetch(`${api.endpoint}/hook`)).text()).toBe('hooked');
    expect(hooked).toBe(1);
    const outbox = await fetch(`${api.endpoint}/outbox`);
    expect(outbox.headers.get('content-type')).toContain('text/html');
    expect(await outbox.text()).toContain('Chưa có thư nào');
    expect(events.length).toBe(n);
  });

  it('answers 503 with a clear message while functions/api.ts does not exist', async () => {
    const bare = await startApi({ port: 0, dataDir, resolver: async () => undefined });
    try {
      const res = await fetch(`${bare.endpoint}/`);
      expect(res.status).toBe(503);
      expect((await res.json()).message).toContain('functions/api.ts');
    } finally {
      await bare.stop();
    }
  });
});
