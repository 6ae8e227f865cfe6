import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/local/functions.ts';
import type { StackEndpoints } from '../../infra/local/stack.ts';

export interface ChildStack {
  child: ChildProcess;
  env: Record<string, string>;
  endpoints: StackEndpoints;
  /** pid of the DynamoDB Local JVM (from its pid file). */
  javaPid(): number;
  /** kill -9 the whole process group (node, tsx, Java) and wait until it is gone. */
  killHard(): Promise<void>;
  stop(): Promise<void>;
}

const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);

/**
 * Start a full embedded stack in a CHILD process group (test/integration/stack/child-stack.ts) on `dataDir`,
 * for tests that kill it. Resolves once it printed its env.
 */
export function startChildStack(dataDir: string, timeoutMs = 60_000): Promise<ChildStack> {
  const child = spawn(
    bin('tsx'),
    [join(REPO_ROOT, 'test', 'integration', 'stack', 'child-stack.ts'), dataDir],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}` },
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {}
      reject(new Error(`child stack did not start in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const info = JSON.parse(out.slice(0, nl)) as { env: Record<string, string>; endpoints: StackEndpoints };
      resolve({
        child,
        env: info.env,
        endpoints: info.endpoints,
        javaPid: () =>
          (
            JSON.parse(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')) as {
              pid: number;
            }
          ).pid,
        async killHard() {
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {}
          await exited;
        },
        async stop() {
          try {
            process.kill(-(child.pid as number), 'SIGTERM');
          } catch {}
          const t = setTimeout(() => {
            try {
              process.kill(-(child.pid as number), 'SIGKILL');
            } catch {}
          }, 10_000);
          await exited;
          clearTimeout(t);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child stack exited (${code}) before it was ready\n${stderr}`));
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
