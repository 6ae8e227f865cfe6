// How a Lambda handler is bundled: one definition, used by the CDK stack (KetnapFunction) and by the bench
// (bench/bundles.ts), so the bench measures exactly what is deployed.
//
// - ESM for Node 22, minified, with a source map, the AWS SDK inside (not the runtime's copy);
// - code splitting: what a handler reaches only through `import()` (the XLSX/ZIP exporters, the S3, Step
//   Functions and SES clients, the SDK's own credential providers other than the environment's) lands in chunk
//   files that Node parses only when a request first needs them. A cold start pays for what it uses;
// - zod without its 40-odd bundled locales (260 KB of a 450 KB zod): ketnap writes its own vi/en messages and
//   never reads `z.locales`; only English stays, the locale zod configures at import.
//
//   npx tsx infra/cloud/bundle.ts <entry.ts> <outdir>     (what the CDK asset's local bundling runs)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
import { withFileLockSync } from './lock.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ZOD_LOCALES_STUB = join(ROOT, 'infra/cloud/zod-locales.js');

/** Replaces zod's `locales/index.js` (every language) with a module that has English only. */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: ZOD_LOCALES_STUB } : undefined,
    );
  },
};

export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies inside an ESM bundle still call require() for Node's built-ins.
    banner: { js: "import{createRequire as __kcr}from'node:module';const require=__kcr(import.meta.url);" },
    plugins: [zodEnglishOnly],
    logLevel: 'error',
  };
}

export interface LambdaBundle {
  /** bytes of all code files (index.mjs and chunks; source maps not counted) */
  bytes: number;
  files: number;
  /** bytes of the code a cold start loads: index.mjs and the chunks it imports statically */
  startupBytes: number;
}

/** Bundles one handler into `outdir` (index.mjs, chunks/*.mjs, source maps). */
export async function buildLambda(entry: string, outdir: string): Promise<LambdaBundle> {
  const { build } = await import('esbuild');
  const result = await build({ ...lambdaBuildOptions(entry, outdir), metafile: true });
  // what the bundle was built from, for the cache (bundleCached): every input file with its hash
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .map((p) => resolve(ROOT, p))
      .filter((p) => existsSync(p))
      .map((p) => [relative(ROOT, p), fileHash(p)]),
  );
  writeFileSync(
    join(outdir, INPUTS_FILE),
    JSON.stringify({ options: OPTIONS_HASH, entry: relative(ROOT, entry), inputs }),
  );
  const outputs = result.metafile.outputs;
  const code = Object.entries(outputs).filter(([path]) => path.endsWith('.mjs'));
  // (dynamic-import chunks have an entryPoint too: the handler's is the one named index.mjs)
  const entryPath = code.find(([path]) => /(^|[\\/])index\.mjs$/.test(path))?.[0];
  // the static import closure of the entry
  const seen = new Set<string>();
  const todo = entryPath ? [entryPath] : [];
  while (todo.length > 0) {
    const path = todo.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const i of outputs[path]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
  }
  return {
    bytes: code.reduce((n, [, o]) => n + o.bytes, 0),
    files: code.length,
    startupBytes: [...seen].reduce((n, path) => n + (outputs[path]?.bytes ?? 0), 0),
  };
}

/** Names the cache record written beside a bundle (not code: it is not part of what the function loads). */
const INPUTS_FILE = '.inputs.json';
/** Changes whenever the build itself changes (this file, the zod stub, esbuild's version). */
const OPTIONS_HASH = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(ZOD_LOCALES_STUB))
  .update(readFileSync(join(ROOT, 'node_modules/esbuild/package.json')))
  .digest('hex');

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The cache folder of a function's bundle (outside cdk.out, which a synth may replace). */
export const BUNDLE_CACHE = join(ROOT, '.ketnap-build', 'bundles');

/** True when `dir` holds a bundle of `entry` built by this build from inputs that are unchanged since. */
export function bundleIsFresh(entry: string, dir: string): boolean {
  try {
    const rec = JSON.parse(readFileSync(join(dir, INPUTS_FILE), 'utf8')) as {
      options: string;
      entry: string;
      inputs: Record<string, string>;
    };
    if (rec.options !== OPTIONS_HASH || rec.entry !== relative(ROOT, entry)) return false;
    if (!existsSync(join(dir, 'index.mjs'))) return false;
    return Object.entries(rec.inputs).every(([p, h]) => {
      const abs = resolve(ROOT, p);
      return existsSync(abs) && fileHash(abs) === h;
    });
  } catch {
    return false;
  }
}

/**
 * The bundle of one handler in its own folder, rebuilt only when one of the files it was built from changed
 * (or the build itself did). Each function has its own folder, so its own CDK asset: the asset hash is the
 * hash of that folder's files (CDK's SOURCE hashing), never shared between two entries.
 */
export function bundleCached(entry: string, name = basename(entry).replace(/\.[cm]?[jt]s$/, '')): string {
  const dir = join(BUNDLE_CACHE, name);
  if (bundleIsFresh(entry, dir)) return dir;
  mkdirSync(BUNDLE_CACHE, { recursive: true });
  return withFileLockSync(`${dir}.lock`, () => (bundleIsFresh(entry, dir) ? dir : rebuild(entry, dir)));
}

function rebuild(entry: string, dir: string): string {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  buildLambdaSync(entry, tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

/** For the CDK's synchronous local bundling: the same build, in a child process (esbuild plugins are async). */
export function buildLambdaSync(entry: string, outdir: string): void {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), entry, outdir],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`bundling ${entry} failed: ${run.stderr || run.error?.message}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    process.stderr.write('usage: tsx infra/cloud/bundle.ts <entry.ts> <outdir>\n');
    process.exit(2);
  }
  await buildLambda(resolve(entry), resolve(outdir));
}
