import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');
export const REGION = 'ap-southeast-1';
export const ACCOUNT = '000000000000';

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes any event
export type LambdaHandler = (event: any, context: LambdaContext) => unknown;

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

/** Finds the handler of a Lambda function name (`ketnap-<name>` → `<dir>/<name>.ts`). */
export type FunctionResolver = (functionName: string) => Promise<LambdaHandler | undefined>;

/** `arn:aws:lambda:r:a:function:ketnap-x:alias`, `ketnap-x` or `a:function:ketnap-x` → `ketnap-x`. */
export function functionNameOf(nameOrArn: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(nameOrArn);
  return m?.[1] ?? nameOrArn;
}

export function moduleNameOf(functionName: string): string {
  return functionName.startsWith('ketnap-') ? functionName.slice('ketnap-'.length) : functionName;
}

export function createResolver(dirs: string[] = [FUNCTIONS_DIR]): FunctionResolver {
  const cache = new Map<string, Promise<LambdaHandler | undefined>>();
  return (nameOrArn: string) => {
    const mod = moduleNameOf(functionNameOf(nameOrArn));
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(mod)) return Promise.resolve(undefined);
    let hit = cache.get(mod);
    if (!hit) {
      hit = (async () => {
        for (const dir of dirs) {
          for (const ext of ['.ts', '.js']) {
            const file = join(dir, `${mod}${ext}`);
            if (existsSync(file)) {
              const m = (await import(pathToFileURL(file).href)) as { handler?: LambdaHandler };
              if (typeof m.handler !== 'function') throw new Error(`${file} does not export a handler`);
              return m.handler;
            }
          }
        }
        return undefined;
      })();
      hit.catch(() => cache.delete(mod));
      cache.set(mod, hit);
    }
    return hit;
  };
}

export function lambdaContext(functionName: string, timeoutMs = 900_000): LambdaContext {
  const deadline = Date.now() + timeoutMs;
  const noop = () => {};
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

export class FunctionNotFoundError extends Error {
  override name = 'Lambda.ResourceNotFoundException';
}

/** Invoke a function in-process, like Lambda would (returns its result, rethrows its error). */
export async function invokeFunction(
  resolver: FunctionResolver,
  nameOrArn: string,
  event: unknown,
): Promise<unknown> {
  const functionName = functionNameOf(nameOrArn);
  const handler = await resolver(functionName);
  if (!handler) throw new FunctionNotFoundError(`Function not found: ${functionName}`);
  return await handler(event, lambdaContext(functionName));
}
