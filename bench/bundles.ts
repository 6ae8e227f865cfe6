// Lambda cold starts: each deployed asset of the cloud assembly (what `cdk deploy` uploads), its size, and its
// Init Duration as the embedded stack's Lambda service reports it, against references bundled the same way: an
// empty handler, and what no handler that talks to AWS can avoid (a DynamoDB document client, and zod).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { buildLambda } from '../infra/cloud/bundle.ts';
import type { LocalFunction } from '../infra/local/assembly/template.ts';
import { median, ratio, round } from './lib/stats.ts';

const root = resolve(import.meta.dirname, '..');

export interface BundleResult {
  name: string;
  /** all code files (index.mjs and its chunks) */
  bytes: number;
  /** what a cold start loads: index.mjs and the chunks it imports statically */
  startupBytes: number;
  /** median Init Duration of the REPORT lines (process start to handler imported), ms */
  initMs: number;
  /** × the empty handler's */
  emptyRatio: number;
  /** × the floor: a handler that only creates a DynamoDB client and imports zod */
  floorRatio: number;
  withinTarget: boolean;
}

export interface BundlesReport {
  runs: number;
  target: string;
  /** references, measured the same way: an empty handler, and the least a handler that reads DynamoDB imports */
  references: BundleResult[];
  /** the deployed assets, from the cloud assembly */
  bundles: BundleResult[];
}

/** Code bytes of an asset folder, and of what its index.mjs imports statically (followed through the chunks). */
function assetBytes(dir: string): { bytes: number; startupBytes: number } {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.mjs'));
  const size = (f: string) => statSync(join(dir, f)).size;
  const seen = new Set<string>();
  const todo = ['index.mjs'];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (seen.has(f) || !existsSync(join(dir, f))) continue;
    seen.add(f);
    const code = readFileSync(join(dir, f), 'utf8');
    // static imports only: `import"./x.mjs"` and `from"./x.mjs"`; `import("./x.mjs")` is loaded on first use
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.mjs)["']/g))
      todo.push(normalize(join(dirname(f), m[1] as string)));
  }
  return {
    bytes: files.reduce((n, f) => n + size(f), 0),
    startupBytes: [...seen].reduce((n, f) => n + size(f), 0),
  };
}

/**
 * Cold starts of the deployed functions as Lambda reports them: each asset of the cloud assembly is started in a
 * fresh execution environment of the embedded stack's Lambda service, `runs` times, interleaved, and the Init
 * Duration of its REPORT line is taken. The references (an empty handler, a DynamoDB client alone, a DynamoDB
 * client with zod) are bundled by the same build and started the same way. The invocations themselves go to
 * endpoints nobody listens on: only the start is measured.
 */
export async function benchBundles(options: { runs?: number; outDir?: string } = {}): Promise<BundlesReport> {
  const runs = options.runs ?? 9;
  const outDir = options.outDir ?? join(root, '.tmp/bench/bundles');
  await mkdir(outDir, { recursive: true });
  const { ensureAssembly } = await import('../infra/local/assembly/synth.ts');
  const { readDeployment } = await import('../infra/local/assembly/template.ts');
  const { LambdaRuntime } = await import('../infra/local/lambda/runtime.ts');
  const assembly = await ensureAssembly((l) => console.log(l));
  const none = 'http://127.0.0.1:9';
  const deployment = readDeployment(assembly.dir, {
    region: 'ap-southeast-1',
    account: '000000000000',
    apiEndpoint: none,
    identity: { issuer: `${none}/identity`, oauthUrl: none, audience: 'ketnap' },
    secretValue: () => 'bench-link-secret-0123456789abcdef',
  });
  const api = deployment.functions.find((f) => f.name === 'ketnap-api');
  if (!api) throw new Error('no api function in the assembly');
  const fixture = (f: string) => join(root, 'bench/fixtures', f);
  const references: LocalFunction[] = [];
  for (const [name, file] of [
    ['(empty handler)', 'empty-handler.ts'],
    ['(DynamoDB client only)', 'ddb-handler.ts'],
    ['(DynamoDB client + zod)', 'ddb-zod-handler.ts'],
  ] as const) {
    const dir = join(outDir, file.replace(/\.ts$/, ''));
    await rm(dir, { recursive: true, force: true });
    await buildLambda(fixture(file), dir);
    references.push({ ...api, logicalId: name, name, assetDir: dir, memoryMb: 512 });
  }
  const all = [...references, ...deployment.functions];
  const logDir = join(outDir, 'logs');
  const rt = new LambdaRuntime({
    functions: all,
    serviceEnv: {
      AWS_ENDPOINT_URL_DYNAMODB: none,
      AWS_ENDPOINT_URL_S3: none,
      AWS_ENDPOINT_URL_SFN: none,
      AWS_ENDPOINT_URL_SESV2: none,
    },
    credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
    logDir,
    maxConcurrency: 1,
  });
  const samples = new Map<string, number[]>(all.map((f) => [f.name, []]));
  rt.onReport((r) => {
    if (r.initMs !== undefined) samples.get(r.functionName)?.push(r.initMs);
  });
  try {
    // interleaved, so a noisy moment on the shared machine hits them all alike; each run a fresh environment
    for (let i = 0; i < runs; i++) {
      for (const f of all) {
        await rt.invoke(f.name, { bench: true }).catch(() => undefined);
        rt.reset(f.name);
      }
    }
  } finally {
    await rt.stop();
  }
  const med = (name: string) => round(median(samples.get(name) ?? []));
  const empty = med('(empty handler)');
  const floor = med('(DynamoDB client + zod)');
  const result = (f: LocalFunction, isReference: boolean): BundleResult => {
    const initMs = med(f.name);
    const floorRatio = ratio(initMs, floor);
    return {
      name: f.name,
      ...assetBytes(f.assetDir),
      initMs,
      emptyRatio: ratio(initMs, empty),
      floorRatio,
      withinTarget: isReference || floorRatio <= 1.25,
    };
  };
  return {
    runs,
    target:
      'every deployed function starts within 1.25x the floor (a handler with a DynamoDB client and zod), Init Duration of the REPORT lines',
    references: references.map((f) => result(f, true)),
    bundles: deployment.functions.map((f) => result(f, false)),
  };
}
