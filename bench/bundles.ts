// Lambda bundles: each functions/*.ts bundled the way the cloud stack ships it (ESM, node22, minified,
// AWS SDK inside), its size, and how long a fresh Node 22 process takes to import it, against an empty handler.
import { execFile } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median, ratio, round } from './lib/stats.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
export const NODE22 = join(root, 'node_modules/.bin/node');

export interface BundleResult {
  name: string;
  bytes: number;
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

export async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    legalComments: 'none',
    mainFields: ['module', 'main'],
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'error',
  });
  return (await stat(outfile)).size;
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
  const entries = [
    { name: '(empty handler)', entry: join(root, 'bench/fixtures/empty-handler.ts') },
    ...names.map((name) => ({ name, entry: join(root, 'functions', `${name}.ts`) })),
  ];
  const built = [];
  for (const e of entries) {
    const file = join(outDir, `${e.name === '(empty handler)' ? '_empty' : e.name}.mjs`);
    built.push({ ...e, file, bytes: await bundle(e.entry, file) });
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
  return {
    runs,
    target: 'every bundle ready within 1.5x the empty handler (ms from process start to handler imported)',
    empty,
    bundles: built.slice(1).map((b) => {
      const m = med(b.name);
      const readyRatio = ratio(m.coldReadyMs, empty.coldReadyMs);
      return {
        name: b.name,
        bytes: b.bytes,
        ...m,
        readyRatio,
        importRatio: ratio(m.importMs, empty.importMs),
        withinTarget: readyRatio <= 1.5,
      };
    }),
  };
}
