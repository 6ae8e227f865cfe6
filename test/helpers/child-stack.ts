import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/local/functions.ts';
import type { StackEndpoints } from '../../infra/local/stack.ts';

export interface ChildStack {
  child: ChildProcess;
  endpoints: StackEndpoints;
  /** ms from spawning `npm start` to its "ketnap is running" line. */
  readyAfterMs: number;
  /** What it printed until then (its [stack] step lines). */
  startLog: string;
  /** pid of the DynamoDB Local JVM (from its pid file). */
  javaPid(): number;
  /** pid of the Node process running infra/local/main.ts (the JVM's parent). */
  mainPid(): number;
  /** kill -9 the whole process group (npm, tsx, node, Java) and wait until it is gone. */
  killHard(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Run `npm start` (infra/local/main.ts) in its own process group on `dataDir` with ephemeral ports, the
 * test fixture functions added (KETNAP_EXTRA_FUNCTION_DIRS), for tests that kill it. Resolves once it
 * printed its URL and endpoints.
 */
export function startChildStack(dataDir: string, timeoutMs = 90_000): Promise<ChildStack> {
  const t0 = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      KETNAP_PORT: '0',
      KETNAP_DATA_DIR: dataDir,
      KETNAP_EXTRA_FUNCTION_DIRS: join(REPO_ROOT, 'test', 'fixtures', 'functions'),
    },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const group = child.pid as number;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {}
  };
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  });
  const javaPid = () =>
    (JSON.parse(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')) as { pid: number })
      .pid;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      reject(new Error(`npm start did not print its endpoints in ${timeoutMs} ms\n${log}`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
      const url = /ketnap is running: (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
      const svc =
        /services: dynamodb (\S+)\s+s3 (\S+)\s+stepfunctions (\S+)\s+sesv2 (\S+)\s+lambda (\S+)/.exec(log);
      if (!url || !svc) return;
      clearTimeout(timer);
      const readyAfterMs = Date.now() - t0;
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        child,
        readyAfterMs,
        startLog: log,
        endpoints: {
          api: url,
          dynamodb: svc[1] as string,
          s3: svc[2] as string,
          sfn: svc[3] as string,
          sesv2: svc[4] as string,
          lambda: svc[5] as string,
        },
        javaPid,
        mainPid: () =>
          Number(
            readFileSync(`/proc/${javaPid()}/stat`, 'utf8')
              .replace(/^.*\) /, '')
              .split(' ')[1],
          ),
        async killHard() {
          killGroup('SIGKILL');
          await exited;
        },
        async stop() {
          killGroup('SIGTERM');
          const t = setTimeout(() => killGroup('SIGKILL'), 10_000);
          await exited;
          clearTimeout(t);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was ready\n${log}`));
    });
  });
}

/** Whether a process runs (a zombie waiting for its reaper counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

/** Wait until a process is gone; false if it still runs after `ms`. */
export async function waitDead(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
