// The API under 50 concurrent connections (autocannon): the candidate page and the candidate list, p50 and
// p99, against a raw DynamoDB Local GetItem and Query served the same way (bench/lib/raw-dynamo-server.ts).
// The stack and the raw server each run in a process of their own; autocannon runs in this one.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { ratio } from './lib/stats.ts';

const root = resolve(import.meta.dirname, '..');

export interface Latency {
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function hammer(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<Latency> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
  });
  return {
    path: new URL(url).pathname,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function startRawServer(env: Record<string, string>) {
  const child = spawn(
    join(root, 'node_modules/.bin/node'),
    ['--import', 'tsx', join(root, 'bench/lib/raw-dynamo-server.ts')],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const port = await new Promise<number>((ok, fail) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = d.toString().match(/RAW_SERVER (\d+)/);
      if (m) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`raw server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      process.off('exit', kill);
      child.kill('SIGTERM');
    },
  };
}

export interface ApiPair {
  name: string;
  subject: Latency;
  reference: Latency;
  p50Ratio: number;
  p99Ratio: number;
  withinTarget: boolean;
}

export interface ApiReport {
  connections: number;
  seconds: number;
  candidatesInCell: number;
  target: string;
  pairs: ApiPair[];
}

/**
 * Measures each subject path of the API against its raw reference, one after the other (never at once:
 * they share two cores). A warm-up pass first, so neither side pays for JIT or connection set-up.
 */
export async function benchApi(options: {
  apiUrl: string;
  cookie: string;
  rawUrl: string;
  pairs: { name: string; path: string; raw: '/get' | '/query' }[];
  connections?: number;
  seconds?: number;
  candidatesInCell: number;
}): Promise<ApiReport> {
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 10;
  const headers = { cookie: options.cookie };
  const pairs: ApiPair[] = [];
  for (const p of options.pairs) {
    await hammer(`${options.apiUrl}${p.path}`, { connections, seconds: 3, headers });
    await hammer(`${options.rawUrl}${p.raw}`, { connections, seconds: 3 });
    const subject = await hammer(`${options.apiUrl}${p.path}`, { connections, seconds, headers });
    const reference = await hammer(`${options.rawUrl}${p.raw}`, { connections, seconds });
    const p99Ratio = ratio(subject.p99, reference.p99);
    pairs.push({
      name: p.name,
      subject,
      reference,
      p50Ratio: ratio(subject.p50, reference.p50),
      p99Ratio,
      withinTarget: p99Ratio <= 5 && subject.requests > 0 && subject.non2xx === 0 && subject.errors === 0,
    });
  }
  return {
    connections,
    seconds,
    candidatesInCell: options.candidatesInCell,
    target: 'API p99 within 5x the raw DynamoDB Local call at the same concurrency',
    pairs,
  };
}
