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

type Metafile = import('esbuild').Metafile;

/** The output files reachable from the handler's index.mjs by its static and dynamic imports. */
function reachable(outputs: Metafile['outputs'], kinds: readonly string[]): Set<string> {
  const entry = Object.keys(outputs).find((p) => /(^|[\\/])index\.mjs$/.test(p));
  const seen = new Set<string>();
  const todo = entry ? [entry] : [];
  while (todo.length > 0) {
    const path = todo.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const i of outputs[path]?.imports ?? [])
      if (kinds.includes(i.kind) && !i.external) todo.push(i.path);
  }
  return seen;
}

/**
 * esbuild makes a chunk for every `import()` target in the module graph, even when the code holding the
 * `import()` was tree-shaken away: such a chunk is never loaded, yet its code (and the shared chunks it pulls
 * in) would sit in the asset, with the IAM declarations of operations the function cannot run
 * (infra/cloud/grants.ts). A first build, not written, finds those dead targets; the real build leaves them
 * out (their `import()` is gone from the code anyway, which the real build's metafile confirms).
 */
async function deadDynamicImports(options: BuildOptions): Promise<Set<string>> {
  const { build } = await import('esbuild');
  const probe = await build({ ...options, write: false, metafile: true });
  const outputs = probe.metafile.outputs;
  const alive = reachable(outputs, ['import-statement', 'dynamic-import']);
  const dead = new Set<string>();
  for (const [path, o] of Object.entries(outputs))
    if (path.endsWith('.mjs') && !alive.has(path) && o.entryPoint) dead.add(resolve(o.entryPoint));
  return dead;
}

/** Leaves the dead `import()` targets out of the build (as externals nothing refers to); `left` gets their specifiers. */
function withoutDeadImports(dead: ReadonlySet<string>, left: Set<string>): Plugin {
  return {
    name: 'without-dead-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'without-dead-imports') return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'without-dead-imports',
        });
        if (!dead.has(resolve(r.path))) return undefined;
        left.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundles one handler into `outdir` (index.mjs, chunks/*.mjs, source maps). */
export async function buildLambda(entry: string, outdir: string): Promise<LambdaBundle> {
  const { build } = await import('esbuild');
  const options = lambdaBuildOptions(entry, outdir);
  const dead = await deadDynamicImports(options);
  const left = new Set<string>();
  const result = await build({
    ...options,
    plugins: [...(options.plugins ?? []), withoutDeadImports(dead, left)],
    metafile: true,
  });
  // nothing left refers to a target left out (its import() was tree-shaken, as the probe showed)
  for (const [path, o] of Object.entries(result.metafile.outputs))
    for (const i of o.imports)
      if (i.external && left.has(i.path))
        throw new Error(`bundling ${entry}: ${path} still imports ${i.path}, left out as dead`);
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
  // the static import closure of the entry
  const seen = reachable(outputs, ['import-statement']);
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
