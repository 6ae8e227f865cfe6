import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type FunctionResolver, lambdaContext } from './functions.ts';
import { closeServer, createServer, listen, readBody } from './net.ts';
import { readOutbox } from './outbox.ts';
import { notFoundPage, outboxListPage, outboxMailPage } from './outbox-page.ts';

/** A route hook may answer a request itself (return true) before it reaches the API handler. */
export type RouteHook = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Content types API Gateway passes as text; any other body is base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const ct = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    ct.startsWith('text/') ||
    ct === 'application/json' ||
    ct.endsWith('+json') ||
    ct === 'application/xml' ||
    ct.endsWith('+xml') ||
    ct === 'application/javascript' ||
    ct === 'application/x-www-form-urlencoded' ||
    ct === 'application/graphql'
  );
}

function clfTime(d: Date): string {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${m}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** Build an API Gateway HTTP API (payload format 2.0) event from a Node request and its body. */
export function toApiEvent(req: IncomingMessage, body: Buffer, now = new Date()): ApiGatewayV2Event {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQueryString = q === -1 ? '' : rawUrl.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      cookies = values
        .flatMap((v) => v.split(';'))
        .map((c) => c.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  headers['x-forwarded-for'] ??= req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString) {
    queryStringParameters = {};
    for (const [k, v] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[k] = k in queryStringParameters ? `${queryStringParameters[k]},${v}` : v;
    }
  }
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // keep the raw path
  }
  const host = headers.host ?? '127.0.0.1';
  const event: ApiGatewayV2Event = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies?.length) event.cookies = cookies;
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (body.length > 0) {
    const asText = isTextContentType(headers['content-type']);
    event.body = asText ? body.toString('utf8') : body.toString('base64');
    event.isBase64Encoded = !asText;
  }
  return event;
}

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/** Write a Lambda result (payload 2.0 rules) to the response. */
export function writeApiResult(res: ServerResponse, result: unknown): void {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as StructuredResult;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
    for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {}))
      headers[k.toLowerCase()] = vs.map(String);
    if (r.cookies?.length) {
      const existing = headers['set-cookie'];
      headers['set-cookie'] = [...(existing ? [existing].flat() : []), ...r.cookies];
    }
    const body =
      r.body === undefined || r.body === null
        ? Buffer.alloc(0)
        : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
    headers['content-length'] = String(body.length);
    res.writeHead(r.statusCode, headers);
    res.end(body);
    return;
  }
  const json = result === undefined ? '' : JSON.stringify(result);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface ApiServer {
  port: number;
  endpoint: string;
  server: Server;
  hooks: RouteHook[];
  stop(): Promise<void>;
}

/**
 * The local API Gateway (HTTP API, `$default` route → `functionName`), plus the outbox pages
 * (`/outbox`, `/outbox/<id>`, `/outbox.json`) and route hooks (e.g. the local identity stand-in).
 */
export async function startApi(opts: {
  port: number;
  dataDir: string;
  resolver: FunctionResolver;
  functionName?: string;
}): Promise<ApiServer> {
  const functionName = opts.functionName ?? 'ketnap-api';
  const hooks: RouteHook[] = [];
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (path === '/outbox.json') {
          return sendText(res, 200, 'application/json', JSON.stringify(readOutbox(opts.dataDir)));
        }
        if (path === '/outbox' || path === '/outbox/') {
          return sendText(
            res,
            200,
            'text/html; charset=utf-8',
            outboxListPage(readOutbox(opts.dataDir), { ran: (req.url ?? '').includes('ran=1') }),
          );
        }
        if (path.startsWith('/outbox/')) {
          const id = decodeURIComponent(path.slice('/outbox/'.length));
          const mail = readOutbox(opts.dataDir).find((m) => m.id === id);
          return mail
            ? sendText(res, 200, 'text/html; charset=utf-8', outboxMailPage(mail))
            : sendText(res, 404, 'text/html; charset=utf-8', notFoundPage());
        }
      }
      for (const hook of hooks) {
        if (await hook(req, res)) return;
      }
      const handler = await opts.resolver(functionName);
      if (!handler) {
        return sendText(
          res,
          503,
          'application/json',
          JSON.stringify({
            message: `The API handler ${functionName} (functions/api.ts) does not exist yet.`,
          }),
        );
      }
      const body = await readBody(req, 10 * 1024 * 1024);
      const event = toApiEvent(req, body);
      let result: unknown;
      try {
        result = await handler(event, lambdaContext(functionName, 30_000));
      } catch (err) {
        console.error(`[api] ${functionName} failed: ${(err as Error).name}`);
        return sendText(res, 500, 'application/json', JSON.stringify({ message: 'Internal Server Error' }));
      }
      writeApiResult(res, result);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      if (!res.headersSent) {
        sendText(
          res,
          status,
          'application/json',
          JSON.stringify({ message: status === 413 ? 'Request Entity Too Large' : 'Internal Server Error' }),
        );
      } else res.destroy();
    }
  });
  const port = await listen(server, opts.port);
  return { port, endpoint: `http://127.0.0.1:${port}`, server, hooks, stop: () => closeServer(server) };
}
