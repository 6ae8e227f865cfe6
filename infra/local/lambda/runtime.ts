// The Lambda service of the embedded stack: each function of the cloud assembly runs from its own asset, in its
// own execution environments (Node 22 processes, reused while warm, one invocation at a time each), with only
// the environment its template gives it plus what Lambda itself sets, its memory size and its timeout. Every
// invocation ends with a REPORT line, as in CloudWatch Logs.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalFunction } from '../assembly/template.ts';
import { type FunctionResolver, functionNameOf, type LambdaHandler } from '../functions.ts';

const BOOTSTRAP = join(dirname(fileURLToPath(import.meta.url)), 'bootstrap.mjs');

export interface InvokeReport {
  functionName: string;
  requestId: string;
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  /** set on a cold start: process start to handler imported */
  initMs?: number;
  status: 'success' | 'error' | 'timeout' | 'crash';
}

export interface RuntimeOptions {
  functions: LocalFunction[];
  /** What the AWS network is to a function here: AWS_ENDPOINT_URL_* and the SDK settings the stand-ins need. */
  serviceEnv: Record<string, string>;
  /** The function's credentials (tied to its role by the stand-ins' IAM gate). */
  credentials(fn: LocalFunction): { accessKeyId: string; secretAccessKey: string };
  /** Template variables the stand-ins replace by a local value (e.g. the outbox page), only where declared. */
  localOverrides?: Record<string, string>;
  /** Folder of the functions' log files (`<name>.log`: their output and REPORT lines). */
  logDir: string;
  /** REPORT lines and environment starts (default: silent). */
  log?: (line: string) => void;
  /** Execution environments per function at most (default 8); further invocations wait their turn. */
  maxConcurrency?: number;
  /** A warm environment with no invocation for this long is shut down (default 10 minutes). */
  idleMs?: number;
  /** Start this function's environments with the inspector on 127.0.0.1:9229 and source maps (debugging). */
  inspect?: string;
  /** Functions not in the assembly (test fixtures only), run in this process. */
  fallback?: FunctionResolver;
}

export class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Env {
  child: ChildProcess;
  fn: LocalFunction;
  cold: boolean;
  initMs: number;
  idleTimer?: NodeJS.Timeout;
  pending?: { id: string; resolve: (m: ResultMsg) => void; reject: (e: Error) => void };
  dead: boolean;
}

interface ResultMsg {
  type: 'result';
  id: string;
  ok: boolean;
  value?: unknown;
  error?: { errorType: string; errorMessage: string };
  durationMs: number;
  maxRssKb: number;
}

interface Pool {
  fn: LocalFunction;
  idle: Env[];
  count: number;
  waiters: (() => void)[];
}

export class LambdaRuntime {
  readonly functions = new Map<string, LocalFunction>();
  private readonly pools = new Map<string, Pool>();
  private readonly listeners: ((r: InvokeReport) => void)[] = [];
  private stopped = false;

  constructor(private readonly opts: RuntimeOptions) {
    for (const fn of opts.functions) this.functions.set(fn.name, fn);
    mkdirSync(opts.logDir, { recursive: true, mode: 0o700 });
  }

  /** Called with each invocation's report (the bench reads cold starts from these). */
  onReport(listener: (r: InvokeReport) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Resolver for the API Gateway, the Step Functions service and the scheduler: name or ARN → invoke. */
  readonly resolver: FunctionResolver = async (nameOrArn) => {
    const name = functionNameOf(nameOrArn);
    if (this.functions.has(name)) {
      const handler: LambdaHandler = (event) => this.invoke(name, event);
      return handler;
    }
    return this.opts.fallback ? await this.opts.fallback(nameOrArn) : undefined;
  };

  /** Invoke a function synchronously (RequestResponse): its result, or its error as LambdaError. */
  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    if (this.stopped) throw new LambdaError('Lambda.ServiceException', 'the embedded stack is stopping');
    const name = functionNameOf(nameOrArn);
    const fn = this.functions.get(name);
    if (!fn) throw new LambdaError('ResourceNotFoundException', `Function not found: ${name}`);
    const env = await this.acquire(fn);
    const requestId = randomUUID();
    const t0 = performance.now();
    const timeoutMs = fn.timeoutS * 1000;
    let timer: NodeJS.Timeout | undefined;
    let status = 'success' as InvokeReport['status'];
    let msg: ResultMsg | undefined;
    try {
      msg = await new Promise<ResultMsg>((resolve, reject) => {
        env.pending = { id: requestId, resolve, reject };
        timer = setTimeout(() => {
          status = 'timeout';
          reject(
            new LambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutS.toFixed(2)} seconds`),
          );
        }, timeoutMs);
        env.child.send({
          type: 'invoke',
          id: requestId,
          event,
          deadline: Date.now() + timeoutMs,
          functionArn: fn.arn,
        });
      });
      if (!msg.ok) {
        status = 'error';
        throw new LambdaError(msg.error?.errorType ?? 'Error', msg.error?.errorMessage ?? '');
      }
      return msg.value;
    } catch (err) {
      if (status === 'success') status = 'crash';
      throw err;
    } finally {
      clearTimeout(timer);
      env.pending = undefined;
      const durationMs = msg?.durationMs ?? performance.now() - t0;
      this.report(env, requestId, durationMs, msg?.maxRssKb, status);
      // a timed-out or crashed environment is not reused (Lambda resets it)
      if (status === 'timeout' || status === 'crash') this.discard(env);
      else this.release(env);
    }
  }

  /** Shuts the warm environments of a function down: its next invocation is a cold start. */
  reset(name: string): void {
    const pool = this.pools.get(name);
    if (!pool) return;
    for (const env of pool.idle.splice(0)) {
      clearTimeout(env.idleTimer);
      this.discard(env);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const pool of this.pools.values()) {
      for (const env of pool.idle) this.discard(env);
      pool.idle = [];
      for (const w of pool.waiters.splice(0)) w();
    }
  }

  private report(
    env: Env,
    requestId: string,
    durationMs: number,
    maxRssKb: number | undefined,
    status: InvokeReport['status'],
  ): void {
    const fn = env.fn;
    const r: InvokeReport = {
      functionName: fn.name,
      requestId,
      durationMs,
      billedMs: Math.max(1, Math.ceil(durationMs)),
      memoryMb: fn.memoryMb,
      maxMemoryUsedMb: Math.round((maxRssKb ?? 0) / 1024),
      ...(env.cold ? { initMs: env.initMs } : {}),
      status,
    };
    env.cold = false;
    const line =
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedMs} ms\t` +
      `Memory Size: ${fn.memoryMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB` +
      (r.initMs !== undefined ? `\tInit Duration: ${r.initMs.toFixed(2)} ms` : '') +
      (status === 'success' || status === 'error' ? '' : `\tStatus: ${status}`);
    this.writeLog(fn.name, line);
    this.opts.log?.(`[lambda] ${fn.name} ${line}`);
    for (const l of this.listeners) l(r);
  }

  private writeLog(name: string, text: string): void {
    try {
      appendFileSync(join(this.opts.logDir, `${name}.log`), text.endsWith('\n') ? text : `${text}\n`, {
        mode: 0o600,
      });
    } catch {
      // a full disk must not fail the invocation
    }
  }

  private pool(fn: LocalFunction): Pool {
    let p = this.pools.get(fn.name);
    if (!p) {
      p = { fn, idle: [], count: 0, waiters: [] };
      this.pools.set(fn.name, p);
    }
    return p;
  }

  private async acquire(fn: LocalFunction): Promise<Env> {
    const pool = this.pool(fn);
    for (;;) {
      const env = pool.idle.pop();
      if (env) {
        clearTimeout(env.idleTimer);
        if (!env.dead) return env;
        continue;
      }
      if (pool.count < (this.opts.maxConcurrency ?? Number(process.env.KETNAP_LAMBDA_CONCURRENCY || 8))) {
        pool.count++;
        try {
          return await this.start(fn);
        } catch (err) {
          pool.count--;
          pool.waiters.shift()?.();
          throw err;
        }
      }
      await new Promise<void>((resolve) => pool.waiters.push(resolve));
      if (this.stopped) throw new LambdaError('Lambda.ServiceException', 'the embedded stack is stopping');
    }
  }

  private release(env: Env): void {
    const pool = this.pool(env.fn);
    if (env.dead || this.stopped) {
      this.discard(env);
      return;
    }
    env.idleTimer = setTimeout(() => {
      const i = pool.idle.indexOf(env);
      if (i >= 0) pool.idle.splice(i, 1);
      this.discard(env);
    }, this.opts.idleMs ?? 600_000);
    env.idleTimer.unref();
    pool.idle.push(env);
    pool.waiters.shift()?.();
  }

  private discard(env: Env): void {
    if (!env.dead) {
      env.dead = true;
      env.child.kill('SIGKILL');
      const pool = this.pool(env.fn);
      pool.count--;
      pool.waiters.shift()?.();
    }
  }

  /** The environment Lambda gives a function: the template's variables, Lambda's own, and the credentials. */
  environmentOf(fn: LocalFunction): Record<string, string> {
    const creds = this.opts.credentials(fn);
    const region = this.opts.serviceEnv.AWS_REGION ?? 'ap-southeast-1';
    const env: Record<string, string> = {
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: fn.assetDir,
      _HANDLER: fn.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      ...this.opts.serviceEnv,
      ...fn.environment,
    };
    for (const [k, v] of Object.entries(this.opts.localOverrides ?? {})) if (k in fn.environment) env[k] = v;
    return env;
  }

  private start(fn: LocalFunction): Promise<Env> {
    const execArgv = [`--max-old-space-size=${Math.max(64, Math.floor(fn.memoryMb * 0.9))}`];
    if (this.opts.inspect === fn.name) execArgv.push('--inspect=127.0.0.1:9229', '--enable-source-maps');
    const child = fork(BOOTSTRAP, [], {
      cwd: fn.assetDir,
      env: this.environmentOf(fn),
      execPath: process.execPath,
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const env: Env = { child, fn, cold: true, initMs: 0, dead: false };
    const t0 = performance.now();
    const out = (d: Buffer) => this.writeLog(fn.name, d.toString());
    child.stdout?.on('data', out);
    child.stderr?.on('data', out);
    return new Promise<Env>((resolve, reject) => {
      let ready = false;
      const initTimer = setTimeout(
        () => {
          if (!ready) {
            child.kill('SIGKILL');
            reject(new LambdaError('Sandbox.Timedout', `init of ${fn.name} timed out`));
          }
        },
        Math.max(10_000, fn.timeoutS * 1000),
      );
      child.on(
        'message',
        (m: { type: string; initMs?: number; error?: { errorType: string; errorMessage: string } }) => {
          if (m.type === 'ready') {
            ready = true;
            clearTimeout(initTimer);
            // Lambda's Init Duration: the runtime's start to the handler imported (process start included)
            env.initMs = performance.now() - t0;
            this.writeLog(fn.name, `INIT_START pid ${child.pid}`);
            resolve(env);
          } else if (m.type === 'initError') {
            ready = true;
            clearTimeout(initTimer);
            reject(new LambdaError(m.error?.errorType ?? 'Runtime.Unknown', m.error?.errorMessage ?? ''));
          } else if (m.type === 'result' && env.pending && (m as ResultMsg).id === env.pending.id) {
            env.pending.resolve(m as ResultMsg);
          }
        },
      );
      child.on('exit', (code, signal) => {
        clearTimeout(initTimer);
        const wasDead = env.dead;
        if (!env.dead && ready) {
          env.dead = true;
          const pool = this.pool(fn);
          pool.count--;
          const i = pool.idle.indexOf(env);
          if (i >= 0) pool.idle.splice(i, 1);
          pool.waiters.shift()?.();
        }
        if (!ready)
          reject(new LambdaError('Runtime.ExitError', `${fn.name} exited during init (${code ?? signal})`));
        if (env.pending && !wasDead) {
          env.pending.reject(
            new LambdaError(
              'Runtime.ExitError',
              `RequestId: ${env.pending.id} Error: Runtime exited (${code ?? signal})`,
            ),
          );
        }
      });
    });
  }
}
