/**
 * The authorizing reverse proxy in front of DynamoDB Local: listens on 127.0.0.1, authenticates each request
 * (SigV4, body hash included), authorizes it with the gate (see dynamodb-actions.ts), and forwards what is
 * allowed to the JVM (a unix socket into its private network namespace, or a loopback port).
 *
 * It also makes an acknowledged transaction durable, as DynamoDB's is. DynamoDB Local answers
 * TransactWriteItems (and PartiQL's ExecuteTransaction) before its SQLite COMMIT has run: the commit is a job
 * put on the database's single job queue and not waited for (SQLiteDBAccess.commitTransaction). A kill -9 in
 * that gap loses a write the caller was told had succeeded (seen: about 1 in 4 transactions killed right after
 * their answer). Every other call waits for its own job, and the queue runs its jobs in order, so the proxy
 * holds a successful transaction's answer until one more call (ListTables) has come back through the queue.
 */
import { Agent, request, type Server } from 'node:http';
import { closeServer, createServer, HOST, listen, readBody } from '../net.ts';
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

/** The largest request or answer body the proxy reads whole. */
const MAX_BODY = 20 * 1024 * 1024;

/** The calls DynamoDB Local answers before their commit has run (see above). */
const COMMITTED_LATER = new Set(['TransactWriteItems', 'ExecuteTransaction']);

/**
 * One ListTables call straight to the JVM (DynamoDB Local reads the signature but does not verify it); true on
 * HTTP 200. It goes through the database's job queue, behind any commit queued before it.
 */
export function listTablesUpstream(upstream: Upstream, opts: { agent?: Agent; timeoutMs?: number } = {}) {
  return new Promise<boolean>((resolve) => {
    const req = request(
      {
        ...('socketPath' in upstream
          ? { socketPath: upstream.socketPath }
          : { host: HOST, port: upstream.port }),
        ...(opts.agent ? { agent: opts.agent } : {}),
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${TARGET_PREFIX}ListTables`,
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        },
        timeout: opts.timeoutMs ?? 2000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end('{"Limit":1}');
  });
}

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
      body = await readBody(req, MAX_BODY);
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
        const status = upRes.statusCode ?? 500;
        if (!(COMMITTED_LATER.has(op) && status === 200)) {
          res.writeHead(status, upRes.headers);
          upRes.pipe(res);
          upRes.on('error', () => res.destroy());
          return;
        }
        // answer only once the commit has run (see the top of this file)
        readBody(upRes, MAX_BODY).then(
          async (answer) => {
            if (!(await listTablesUpstream(opts.upstream, { agent, timeoutMs: 30_000 })))
              return res.destroy();
            res.writeHead(status, upRes.headers);
            res.end(answer);
          },
          () => res.destroy(),
        );
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
