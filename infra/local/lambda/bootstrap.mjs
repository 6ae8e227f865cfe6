// The Lambda runtime inside one execution environment of the embedded stack: a Node 22 process started with
// the function's own environment, cwd = its asset folder (LAMBDA_TASK_ROOT). It imports the handler named by
// _HANDLER ("index.handler" -> index.mjs|index.js|index.cjs, export handler) as Lambda's Node runtime does,
// then runs one invocation at a time, sent by the parent over IPC (infra/local/lambda/runtime.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const spec = process.env._HANDLER ?? 'index.handler';
const dot = spec.lastIndexOf('.');
const moduleName = spec.slice(0, dot);
const exportName = spec.slice(dot + 1);

function serializeError(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    errorType: e.name || 'Error',
    errorMessage: e.message,
    trace: (e.stack ?? '').split('\n'),
  };
}

async function loadHandler() {
  for (const ext of ['.mjs', '.js', '.cjs']) {
    const file = join(root, `${moduleName}${ext}`);
    if (existsSync(file)) {
      const mod = await import(pathToFileURL(file).href);
      const fn = mod[exportName] ?? mod.default?.[exportName];
      if (typeof fn !== 'function') {
        const e = new Error(`${spec} is undefined or not exported`);
        e.name = 'Runtime.HandlerNotFound';
        throw e;
      }
      return fn;
    }
  }
  const e = new Error(`Cannot find module '${moduleName}'`);
  e.name = 'Runtime.ImportModuleError';
  throw e;
}

// the stack died (even by kill -9): its IPC channel closes, and the environment goes with it
process.on('disconnect', () => process.exit(0));

const initStart = performance.now();
let handler;
try {
  handler = await loadHandler();
  process.send({ type: 'ready', initMs: performance.now() - initStart });
} catch (err) {
  process.send({ type: 'initError', error: serializeError(err) });
  process.exit(1);
}

const fnName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
process.on('message', async (msg) => {
  if (msg?.type !== 'invoke') return;
  const deadline = msg.deadline;
  const context = {
    functionName: fnName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: msg.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: msg.id,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  const t0 = performance.now();
  let reply;
  try {
    const value = await handler(msg.event, context);
    reply = { type: 'result', id: msg.id, ok: true, value: value === undefined ? null : value };
  } catch (err) {
    reply = { type: 'result', id: msg.id, ok: false, error: serializeError(err) };
  }
  reply.durationMs = performance.now() - t0;
  reply.maxRssKb = process.resourceUsage().maxRSS;
  try {
    process.send(reply);
  } catch (err) {
    // a result that cannot be serialised is the function's error, as in Lambda
    process.send({
      type: 'result',
      id: msg.id,
      ok: false,
      error: serializeError(err),
      durationMs: reply.durationMs,
      maxRssKb: reply.maxRssKb,
    });
  }
});
