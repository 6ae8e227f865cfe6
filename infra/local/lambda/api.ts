// The Lambda API of the embedded stack: `Invoke` (POST /2015-03-31/functions/{name}/invocations), as the AWS
// SDK's Lambda client and `aws lambda invoke` call it. Tests and the bench invoke a deployed function through it.
import { createServer } from 'node:http';
import { closeServer, listen } from '../net.ts';
import { LambdaError, type LambdaRuntime } from './runtime.ts';

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaApi(opts: {
  port: number;
  runtime: () => Promise<LambdaRuntime>;
}): Promise<{ port: number; endpoint: string; stop(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const m = INVOKE.exec((req.url ?? '').split('?')[0] ?? '');
    if (req.method !== 'POST' || !m) {
      return send(
        404,
        { Type: 'User', message: 'Unknown operation' },
        { 'x-amzn-errortype': 'UnknownOperation' },
      );
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let event: unknown = null;
    try {
      event = raw ? JSON.parse(raw) : {};
    } catch {
      return send(
        400,
        { Type: 'User', message: 'Could not parse request body into json' },
        {
          'x-amzn-errortype': 'InvalidRequestContentException',
        },
      );
    }
    const runtime = await opts.runtime();
    const name = decodeURIComponent(m[1] as string);
    const async = req.headers['x-amz-invocation-type'] === 'Event';
    const run = runtime.invoke(name, event);
    if (async) {
      run.catch(() => {});
      return send(202, '');
    }
    try {
      const value = await run;
      send(200, value === undefined ? null : value, { 'x-amz-executed-version': '$LATEST' });
    } catch (err) {
      const e = err as Error;
      if (e instanceof LambdaError && e.name === 'ResourceNotFoundException') {
        return send(
          404,
          { Type: 'User', message: e.message },
          { 'x-amzn-errortype': 'ResourceNotFoundException' },
        );
      }
      send(
        200,
        { errorType: e.name, errorMessage: e.message },
        { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
      );
    }
  });
  const port = await listen(server, opts.port);
  return { port, endpoint: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
