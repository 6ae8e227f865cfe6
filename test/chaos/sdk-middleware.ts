// SDK middleware installed process-wide: every AWS SDK v3 client (DynamoDB, S3, SFN, SESv2, the document
// client) created in this process, before or after installation, gets our middleware on its stack the first
// time it sends. Used by the benchmark (counting calls) and the chaos runs (injecting faults). The handlers
// stay untouched: this is the only place that reaches into the SDK, and only tests and the bench load it.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as esmClient from '@smithy/core/client';
import { HttpResponse } from '@smithy/core/protocols';
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeHandlerOutput,
  HandlerExecutionContext,
  MetadataBearer,
} from '@smithy/types';
import { faultInjector, prng } from '../../infra/local/wire.ts';

type SendFn = (this: SdkClient, ...args: unknown[]) => unknown;
interface SdkClient {
  middlewareStack: { add(mw: unknown, options: Record<string, unknown>): void };
  config?: { serviceId?: string };
}

export interface SdkCall {
  /** 'DynamoDB', 'S3', 'SFN', 'SESv2', ... */
  service: string;
  /** 'TransactWriteItems', 'PutObject', ... */
  operation: string;
  /** the request as serialised on the wire (headers, body) */
  request: { headers: Record<string, string>; body?: unknown; method?: string; path?: string };
}

/**
 * A transport-level hook: called for every HTTP attempt (retries included), just before the request is sent.
 * Return a raw HTTP response to answer it without sending, or undefined to let it through.
 */
export type Hook = (call: SdkCall) => RawResponse | undefined;
export interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const hooks = new Set<Hook>();
const patched = new WeakSet<object>();

function serviceOf(context: HandlerExecutionContext): string {
  const name = String(context.clientName ?? '');
  return name.replace(/Client$/, '').replace(/^DynamoDBDocument$/, 'DynamoDB') || 'unknown';
}

function ketnapHooksMiddleware(
  next: DeserializeHandler<object, MetadataBearer>,
  context: HandlerExecutionContext,
) {
  return async function ketnapHooks(
    args: DeserializeHandlerArguments<object>,
  ): Promise<DeserializeHandlerOutput<MetadataBearer>> {
    const request = args.request as SdkCall['request'];
    const call: SdkCall = {
      service: serviceOf(context),
      operation: String(context.commandName ?? '').replace(/Command$/, ''),
      request,
    };
    for (const hook of hooks) {
      const answer = hook(call);
      if (answer) {
        // Hand the SDK a raw response: its own deserialiser turns it into the service's error and its own
        // retry strategy decides what to do, exactly as with a real throttled or failing endpoint.
        return {
          response: new HttpResponse({
            statusCode: answer.statusCode,
            headers: answer.headers,
            body: Readable.from([Buffer.from(answer.body)]),
          }),
        } as unknown as DeserializeHandlerOutput<MetadataBearer>;
      }
    }
    return next(args);
  };
}

function patch(ClientClass: { prototype: { send: SendFn } } | undefined) {
  if (!ClientClass || patched.has(ClientClass)) return;
  patched.add(ClientClass);
  const original = ClientClass.prototype.send;
  const stacks = new WeakSet<object>();
  ClientClass.prototype.send = function sendWithKetnapHooks(this: SdkClient, ...args: unknown[]) {
    const stack = this.middlewareStack;
    if (stack && !stacks.has(stack)) {
      stacks.add(stack);
      // Innermost: after the deserialiser and the retry strategy, right before the HTTP handler.
      stack.add(ketnapHooksMiddleware, {
        step: 'deserialize',
        priority: 'low',
        name: 'ketnapHooks',
        override: true,
      });
    }
    return original.apply(this, args);
  };
}

/** Installs the hook machinery (idempotent) and adds a hook; returns a function removing it. */
export function addSdkHook(hook: Hook): () => void {
  // The SDK resolves @smithy/core to its CommonJS build under Node; patch that one and the ESM one if distinct.
  const require = createRequire(import.meta.url);
  patch(require('@smithy/core/client').Client);
  patch((esmClient as unknown as { Client: { prototype: { send: SendFn } } }).Client);
  hooks.add(hook);
  return () => hooks.delete(hook);
}

// Counting happens on the stand-ins' wire (infra/local/wire.ts), where every process's calls pass.
export { type CallCounts, UNCOUNTED_AGENT } from '../../infra/local/wire.ts';

// ---------------------------------------------------------------------------------------------------------
// Fault injection

export interface FaultOptions {
  /** probability (0..1) that an attempt to a targeted service fails; default 0.1 */
  rate?: number;
  /** services to fail; default DynamoDB and S3 */
  services?: string[];
  /** deterministic pseudo-random sequence */
  seed?: number;
}

export type { FaultStats } from '../../infra/local/wire.ts';
export { prng };

/**
 * Makes `rate` of the HTTP attempts to DynamoDB and S3 fail before they are sent, half as throttling
 * (DynamoDB ThrottlingException, S3 503 SlowDown), half as 500s. The SDK's retry strategy sees a real
 * error response; what its retries don't absorb reaches the application.
 */
export function injectSdkFaults(options: FaultOptions = {}) {
  const services = new Set(options.services ?? ['DynamoDB', 'S3']);
  return faultInjector(addSdkHook, (call) => services.has(call.service), options.rate ?? 0.1, options.seed);
}
