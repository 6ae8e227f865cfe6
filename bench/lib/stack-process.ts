// Runs the embedded stack as a child process (bench/lib/stack-child.ts) and talks to it: its env and
// endpoints, SDK call counts, peak memory of its process tree, SIGKILL and restart on the same data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StackEndpoints, StackPorts } from '../../infra/local/stack.ts';
import type { CallCounts, FaultStats } from '../../infra/local/wire.ts';

const root = resolve(import.meta.dirname, '../..');
const NODE = join(root, 'node_modules/.bin/node');

export interface StackProcessOptions {
  dataDir: string;
  ports?: Partial<StackPorts>;
  seed?: boolean;
  cron?: boolean;
  countSdk?: boolean;
  faultRate?: number;
  faultSeed?: number;
  /** start with the faults paused (turn them on with setFaults(true)) */
  faultsPaused?: boolean;
  /** ms to wait for the stack to come up */
  startTimeoutMs?: number;
}

export interface StackProcess {
  pid: number;
  env: Record<string, string>;
  endpoints: StackEndpoints;
  counts(): Promise<{ counts: CallCounts | null; faults: FaultStats | null }>;
  resetCounts(): Promise<void>;
  setFaults(on: boolean): Promise<void>;
  /** peak resident memory (VmHWM) in MiB: the Node process, and its whole process tree (DynamoDB Local's JVM) */
  peakMemory(): { nodeMiB: number; treeMiB: number };
  kill(): Promise<void>;
  stop(): Promise<void>;
  exited: Promise<void>;
}

export function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export async function startStackProcess(options: StackProcessOptions): Promise<StackProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_ENDPOINT_URL')) delete env[k];
  if (options.countSdk) env.KETNAP_COUNT_SDK = '1';
  if (options.faultRate) {
    env.KETNAP_FAULT_RATE = String(options.faultRate);
    env.KETNAP_FAULT_SEED = String(options.faultSeed ?? 1);
    if (options.faultsPaused) env.KETNAP_FAULTS_PAUSED = '1';
  }
  const args = [
    '--import',
    'tsx',
    join(root, 'bench/lib/stack-child.ts'),
    JSON.stringify({
      dataDir: options.dataDir,
      ports: options.ports,
      seed: options.seed ?? false,
      cron: options.cron ?? false,
    }),
  ];
  // Its own process group: a chaos kill takes the Node process and everything it started.
  const child: ChildProcess = spawn(NODE, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const pid = child.pid ?? 0;
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  void exited.then(() => process.off('exit', killGroup));

  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const started = await new Promise<{ env: Record<string, string>; endpoints: StackEndpoints }>(
    (ok, fail) => {
      let buffer = '';
      const timer = setTimeout(() => {
        killGroup();
        fail(new Error(`stack did not start in time\n${stderr}`));
      }, options.startTimeoutMs ?? 180_000);
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString();
        const line = buffer.split('\n').find((l) => l.startsWith('KETNAP_STACK '));
        if (line) {
          clearTimeout(timer);
          ok(JSON.parse(line.slice('KETNAP_STACK '.length)));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`stack exited during start (${code ?? signal})\n${stderr}`));
      });
    },
  );
  child.stdout?.resume();

  let nextId = 0;
  const ask = <T>(message: Record<string, unknown>) =>
    new Promise<T>((ok, fail) => {
      const id = ++nextId;
      const onMessage = (m: { id?: number; body?: unknown }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        ok(m.body as T);
      };
      child.on('message', onMessage);
      if (!child.connected) return fail(new Error('stack process is gone'));
      child.send({ ...message, id });
    });

  let peakNode = 0;
  let peakTree = 0;
  const sample = () => {
    const node = statusKiB(pid, 'VmHWM');
    const tree = node + descendants(pid).reduce((sum, p) => sum + statusKiB(p, 'VmHWM'), 0);
    peakNode = Math.max(peakNode, node);
    peakTree = Math.max(peakTree, tree);
  };
  const sampler = setInterval(sample, 1000);
  sampler.unref();
  void exited.then(() => clearInterval(sampler));

  return {
    pid,
    env: started.env,
    endpoints: started.endpoints,
    counts: () => ask({ type: 'counts' }),
    resetCounts: async () => {
      await ask({ type: 'reset' });
    },
    setFaults: async (on) => {
      await ask({ type: 'faults', on });
    },
    peakMemory() {
      sample();
      return { nodeMiB: Math.round(peakNode / 1024), treeMiB: Math.round(peakTree / 1024) };
    },
    async kill() {
      killGroup();
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(killGroup, 15_000);
      await exited;
      clearTimeout(force);
      killGroup();
    },
    exited,
  };
}
