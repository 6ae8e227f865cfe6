// `npm run bench`: every figure beside its reference, measured in the same run, written to bench/results.json
// and bench/results.md (the table for the README's performance section).
//
//   npm run bench -- [--n 1000] [--concurrency 50] [--only bundles,journey,reminders,api]
//                    [--reminder-sizes 1000,100000] [--api-seconds 10] [--api-candidates 100]
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiReport } from './api.ts';
import type { BundlesReport } from './bundles.ts';
import type { JourneyReport } from './journey.ts';
import { type MachineFacts, machineFacts } from './lib/machine.ts';
import type { RemindersReport } from './reminders.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '50' },
    only: { type: 'string', default: 'bundles,journey,reminders,api' },
    'reminder-sizes': { type: 'string', default: '1000,100000' },
    'api-seconds': { type: 'string', default: '10' },
    'api-candidates': { type: 'string', default: '100' },
    out: { type: 'string', default: join(root, 'bench') },
    /** keep the other sections of an earlier results.json, re-measure only those in --only */
    merge: { type: 'boolean', default: false },
  },
});
const only = new Set(values.only.split(','));
const n = Number(values.n);
const concurrency = Number(values.concurrency);

export interface BenchResults {
  machine: MachineFacts;
  command: string;
  /** the command each section was last measured with (sections can be re-measured alone with --merge) */
  commands?: Record<string, string>;
  bundles?: BundlesReport;
  journey?: JourneyReport;
  reminders?: RemindersReport;
  api?: ApiReport;
  failures: Record<string, string>;
}

const results: BenchResults = {
  ...(values.merge
    ? (JSON.parse(await readFile(join(values.out, 'results.json'), 'utf8')) as BenchResults)
    : {}),
  machine: machineFacts(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  failures: {},
};
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Writes what has been measured so far (after every section: a long run interrupted keeps its figures). */
async function save() {
  const { renderMarkdown } = await import('./report.ts');
  await writeFile(join(values.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(values.out, 'results.md'), renderMarkdown(results));
}

async function section(name: string, run: () => Promise<void>) {
  if (!only.has(name)) return;
  log(`${name}...`);
  const t = performance.now();
  try {
    await run();
    results.commands = { ...results.commands, [name]: results.command };
    log(`${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  } catch (error) {
    results.failures[name] = (error as Error).stack ?? String(error);
    log(`${name} FAILED: ${(error as Error).message}`);
  }
  await save();
}

async function tempDir(prefix: string, base = tmpdir()) {
  return mkdtemp(join(base, `ketnap-bench-${prefix}-`));
}

await section('bundles', async () => {
  const { benchBundles } = await import('./bundles.ts');
  results.bundles = await benchBundles();
});

await section('journey', async () => {
  const { benchJourney } = await import('./journey.ts');
  const dataDir = await tempDir('journey');
  try {
    results.journey = await benchJourney({ n, concurrency, dataDir });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

await section('reminders', async () => {
  const { startStack } = await import('../infra/local/stack.ts');
  // on tmpfs when there is one (as the integration tests do): DynamoDB Local's SQLite then takes the
  // 100,000-candidate seed ~10x faster than on this machine's disk, where each write waits for an fsync
  const dataDir = await tempDir('reminders', existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const stack = await startStack({ dataDir, applyEnv: true });
  try {
    const { benchReminders } = await import('./reminders.ts');
    const { handler } = await import('../functions/reminders.ts');
    results.reminders = await benchReminders({
      sizes: values['reminder-sizes'].split(',').map(Number),
      handler: handler as never,
    });
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

await section('api', async () => {
  const { benchApi, startRawServer } = await import('./api.ts');
  const { startStackProcess } = await import('./lib/stack-process.ts');
  const dataDir = await tempDir('api');
  const stack = await startStackProcess({ dataDir });
  let raw: Awaited<ReturnType<typeof startRawServer>> | undefined;
  try {
    // this process writes the data through the app services, against the child's stack
    Object.assign(process.env, stack.env);
    const { makeBenchCell, nameSuffix } = await import('./lib/driver.ts');
    const app = await import('../shared/app/index.ts');
    const cellId = 'hp-kkt'; // the local identity's secretary u-secretary-hp belongs to it
    await makeBenchCell(cellId);
    const secretary = { userId: 'u-secretary-hp', role: 'secretary' as const, cellIds: [cellId] };
    const count = Number(values['api-candidates']);
    let candidateId = '';
    for (let i = 0; i < count; i++) {
      const c = await app.referCandidate(secretary, {
        cellId,
        fullName: `Trần Thị Thử ${nameSuffix(i)}`,
        birthDate: '1996-07-01',
        referredOn: '2024-01-08',
        introduction: {
          path: 'union-plus-member',
          introducerMemberIds: ['m1'],
          togetherSince: together(['m1']),
        },
      });
      if (i === Math.floor(count / 2)) candidateId = c.id;
    }
    const { signIn } = await import('./lib/sign-in.ts');
    const cookie = `ketnap_session=${await signIn(stack.endpoints.api, secretary.userId)}`;
    raw = await startRawServer({
      DDB_ENDPOINT: stack.endpoints.dynamodb,
      TABLE: stack.env.TABLE_NAME ?? 'ketnap',
      PK: `CAND#${candidateId}`,
      SK: 'META',
      GSI_PK_VALUE: `CELL#${cellId}`,
    });
    results.api = await benchApi({
      apiUrl: stack.endpoints.api,
      cookie,
      rawUrl: raw.url,
      seconds: Number(values['api-seconds']),
      candidatesInCell: count,
      pairs: [
        { name: 'candidate page (HTML)', path: `/candidates/${candidateId}`, raw: '/get' },
        { name: 'candidate (JSON API)', path: `/api/candidates/${candidateId}`, raw: '/get' },
        { name: 'candidate list page (HTML)', path: '/candidates', raw: '/query' },
        { name: 'candidate list (JSON API)', path: '/api/candidates', raw: '/query' },
      ],
    });
  } finally {
    raw?.stop();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

log(`wrote ${join(values.out, 'results.json')} and results.md`);
process.exit(Object.keys(results.failures).length > 0 ? 1 : 0);
