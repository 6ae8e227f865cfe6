/**
 * Start-up benchmark: from the `npm start` command to the first answered request, on a fresh data folder
 * (demo data loading) and on a restart over existing data. The product's promise is 15 s on an idle machine of
 * this kind. Writes bench/startup.json; `bench/run.ts` folds it into the report.
 *
 *   npx tsx bench/startup.ts [--runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../infra/local/net.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

/** ms from spawning `npm start` until GET / on its port answers (any HTTP status). */
async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      KETNAP_PORT: String(port),
      KETNAP_DATA_DIR: dataDir,
      KETNAP_CRON: '0',
    },
  });
  try {
    for (;;) {
      if (performance.now() - t0 > 120_000) throw new Error('npm start did not answer in 120 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
        await res.arrayBuffer();
        return performance.now() - t0;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    // let the background demo-data load finish writing before a restart is timed
    await new Promise((r) => setTimeout(r, 15_000));
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {}
    await new Promise((r) => setTimeout(r, 3_000));
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {}
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

const fresh: number[] = [];
const restart: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'ketnap-startup-'));
  try {
    fresh.push(await startOnce(dir));
    restart.push(await startOnce(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const result = {
  what: 'npm start: first request answered (ms), median of runs',
  runs: RUNS,
  freshMs: Math.round(median(fresh)),
  restartMs: Math.round(median(restart)),
  targetMs: 15_000,
  met: median(fresh) <= 15_000 && median(restart) <= 15_000,
  samples: { fresh: fresh.map(Math.round), restart: restart.map(Math.round) },
};
writeFileSync(join(ROOT, 'bench', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
