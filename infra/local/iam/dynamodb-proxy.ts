/**
 * The authorizing reverse proxy in front of DynamoDB Local: listens on 127.0.0.1, authenticates each request
 * (SigV4, body hash included), authorizes it with the gate (see dynamodb-actions.ts), and forwards what is
 * allowed to the JVM (a unix socket into its private network namespace, or a loopback port).
 */
import { Agent, request, type Server } from 'node:http';
import { closeServer, createServer, listen, readBody } from '../net.ts';
import { authenticate } from './auth.ts';
import { dynamoChecks } from './dynamodb-actions.ts';
import { jsonAuthError, jsonError } from './errors.ts';
import type { IamGate } from './gate.ts';

export type Upstream = { socketPath: string } | { port: number };

export interface DynamoProxy {
  port: number;
  endpoint: string;
  server: Server;
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

export async function startDynamoProxy(opts: {
  gate: IamGate;
  port: number;
  upstream: Upstream;
}): Promise<DynamoProxy> {
  const { gate } = opts;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer(async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, 20 * 1024 * 1024);
    } catch {
      return jsonError(res, 'ValidationException', 'Request too large', { coral: true, status: 413 });
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let parsed: unknown = {};
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      // DynamoDB Local answers SerializationException itself
    }
    const checks = dynamoChecks(op, parsed, gate.region, gate.account);
    const first = checks[0] ?? { action: `dynamodb:${op}`, resource: '*' };
    const who = authenticate(gate, req, { service: 'dynamodb', ...first }, { body });
    if (!who.ok) return jsonError(res, jsonAuthError(who.failure), who.message, { coral: true });
    if (checks.length > 0) {
      const d = gate.authorizeAll(who.principal.accessKeyId, checks);
      if (!d.allowed) return jsonError(res, 'AccessDeniedException', d.message, { coral: true });
    }
    const fault = gate.wire.run({
      service: 'DynamoDB',
      operation: op,
      principal: who.principal.name,
      userAgent: `${req.headers['user-agent'] ?? ''} ${req.headers['x-amz-user-agent'] ?? ''}`,
      ...(op === 'TransactWriteItems'
        ? { transactItems: (parsed as { TransactItems?: unknown[] }).TransactItems?.length ?? 0 }
        : {}),
    });
    if (fault) {
      res.writeHead(fault.statusCode, fault.headers);
      return res.end(fault.body);
    }
    const up = request(
      {
        ...('socketPath' in opts.upstream
          ? { socketPath: opts.upstream.socketPath }
          : { host: '127.0.0.1', port: opts.upstream.port }),
        agent,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'content-length': String(body.length) },
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 500, upRes.headers);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent)
        jsonError(res, 'InternalServerError', `DynamoDB Local unreachable: ${err.message}`, {
          coral: true,
          status: 500,
        });
      else res.destroy();
    });
    up.end(body);
  });
  const port = await listen(server, opts.port);
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    server,
    stop: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}
