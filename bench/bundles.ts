// Lambda bundles: each functions/*.ts bundled exactly as the cloud stack ships it (infra/cloud/bundle.ts: ESM,
// node22, minified, AWS SDK inside, code split), its size, and how long a fresh Node 22 process takes to import
// it, against an empty handler. Two more references show what no handler that talks to AWS can avoid: a
// handler that only creates a DynamoDB document client, and one that also validates its input with zod.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildLambda } from '../infra/cloud/bundle.ts';
import { median, ratio, round } from './lib/stats.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
export const NODE22 = join(root, 'node_modules/.bin/node');

export interface BundleResult {
  name: string;
  /** all code files (index.mjs and its chunks) */
  bytes: number;
  /** what a cold start loads: index.mjs and the chunks it imports statically */
  startupBytes: number;
  /** median ms from process start to handler imported (what a Lambda cold start pays for the code) */
  coldReadyMs: number;
  /** median ms of the import itself */
  importMs: number;
  readyRatio: number;
  importRatio: number;
  withinTarget: boolean;
}

export interface BundlesReport {
  runs: number;
  target: string;
  empty: { bytes: number; coldReadyMs: number; importMs: number };
  /** references: the least a handler that reads DynamoDB (and validates with zod) imports */
  floors?: BundleResult[];
  bundles: BundleResult[];
}

/** The environment a handler sees on Lambda, with endpoints nobody listens on: importing must not do I/O. */
function probeEnv(): NodeJS.ProcessEnv {
  const none = 'http://127.0.0.1:9';
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: none,
    AWS_ENDPOINT_URL_S3: none,
    AWS_ENDPOINT_URL_SFN: none,
    AWS_ENDPOINT_URL_SESV2: none,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    TABLE_NAME: 'ketnap',
    BUCKET_NAME: 'ketnap-documents',
    ADMISSION_STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:ketnap-admission',
    PROBATION_STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:ketnap-probation',
    APP_BASE_URL: 'http://127.0.0.1:9',
    MAIL_FROM: 'ketnap@localhost.localdomain',
    AUTH_ISSUER: 'http://127.0.0.1:9',
    AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    AUTH_AUDIENCE: 'ketnap',
    LINK_SECRET: 'bench-link-secret-0123456789abcdef',
    NODE_ENV: 'production',
  };
}

async function probe(file: string) {
  const { stdout } = await run(NODE22, [join(root, 'bench/lib/import-probe.mjs'), pathToFileURL(file).href], {
    env: probeEnv(),
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { start: number; ready: number; importMs: number };
}

export async function benchBundles(options: { runs?: number; outDir?: string } = {}): Promise<BundlesReport> {
  const runs = options.runs ?? 9;
  const outDir = options.outDir ?? join(root, '.tmp/bench/bundles');
  await mkdir(outDir, { recursive: true });
  const names = (await readdir(join(root, 'functions')))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const fixture = (f: string) => join(root, 'bench/fixtures', f);
  const entries = [
    { name: '(empty handler)', dir: '_empty', entry: fixture('empty-handler.ts'), floor: false },
    { name: '(DynamoDB client only)', dir: '_floor-ddb', entry: fixture('ddb-handler.ts'), floor: true },
    {
      name: '(DynamoDB client + zod)',
      dir: '_floor-ddb-zod',
      entry: fixture('ddb-zod-handler.ts'),
      floor: true,
    },
    ...names.map((name) => ({ name, dir: name, entry: join(root, 'functions', `${name}.ts`), floor: false })),
  ];
  type Built = (typeof entries)[number] & { file: string; bytes: number; startupBytes: number };
  const built: Built[] = [];
  for (const e of entries) {
    const dir = join(outDir, e.dir);
    await rm(dir, { recursive: true, force: true });
    const b = await buildLambda(e.entry, dir);
    built.push({ ...e, file: join(dir, 'index.mjs'), bytes: b.bytes, startupBytes: b.startupBytes });
  }
  // Interleave the runs over all bundles so a noisy moment on the shared machine hits them all alike.
  const samples = new Map<string, { ready: number[]; importMs: number[] }>(
    built.map((b) => [b.name, { ready: [], importMs: [] }]),
  );
  for (let i = 0; i < runs; i++) {
    for (const b of built) {
      const p = await probe(b.file);
      const s = samples.get(b.name);
      s?.ready.push(p.ready);
      s?.importMs.push(p.importMs);
    }
  }
  const med = (name: string) => {
    const s = samples.get(name);
    if (!s) throw new Error(name);
    return { coldReadyMs: round(median(s.ready)), importMs: round(median(s.importMs)) };
  };
  const empty = { bytes: built[0]?.bytes ?? 0, ...med('(empty handler)') };
  const result = (b: Built): BundleResult => {
    const m = med(b.name);
    const readyRatio = ratio(m.coldReadyMs, empty.coldReadyMs);
    return {
      name: b.name,
      bytes: b.bytes,
      startupBytes: b.startupBytes,
      ...m,
      readyRatio,
      importRatio: ratio(m.importMs, empty.importMs),
      withinTarget: readyRatio <= 1.5,
    };
  };
  return {
    runs,
    target: 'every bundle ready within 1.5x the empty handler (ms from process start to handler imported)',
    empty,
    floors: built
      .slice(1)
      .filter((b) => b.floor)
      .map(result),
    bundles: built
      .slice(1)
      .filter((b) => !b.floor)
      .map(result),
  };
}
