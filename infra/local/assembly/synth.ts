// The cloud assembly that the embedded stack runs: `cdk synth` of infra/cloud/app.ts into
// `.ketnap-build/cdk.out`, for the local account and region, remade only when an input changed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { withFileLock } from '../../cloud/lock.ts';
import { ACCOUNT, REGION, REPO_ROOT } from '../functions.ts';

/** Where the local assembly lives (ignored by git, kept across restarts). */
export const BUILD_DIR = join(REPO_ROOT, '.ketnap-build');
export const ASSEMBLY_DIR = join(BUILD_DIR, 'cdk.out');
const STAMP = 'inputs.sha256';

/** What a synth reads: the handlers, the shared code, the workflows, the CDK app and the locked dependencies. */
const INPUT_DIRS = ['functions', 'shared', 'workflows', join('infra', 'cloud')];
const INPUT_FILES = ['package-lock.json', 'cdk.json', 'tsconfig.json'];

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (!name.endsWith('.md')) out.push(p);
  }
}

/** sha256 over the path and bytes of every input file. */
export function inputsHash(root = REPO_ROOT): string {
  const files: string[] = [];
  for (const d of INPUT_DIRS) walk(join(root, d), files);
  for (const f of INPUT_FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash('sha256');
  h.update(`${REGION}/${ACCOUNT}\n`);
  for (const f of files) {
    h.update(relative(root, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

export interface AssemblyResult {
  dir: string;
  /** false when the cached assembly was still current */
  synthesized: boolean;
  ms: number;
}

/**
 * Ensure `.ketnap-build/cdk.out` holds the synth of the current sources (the same app `cdk deploy` deploys, for
 * account 000000000000 in ap-southeast-1). A synth runs in a child process on Node 22 (aws-cdk-lib stays out of
 * the stack's process); its bundles come from the per-function bundle cache (infra/cloud/bundle.ts), so a
 * change to one handler's sources rebuilds that bundle only. Progress goes to `log`.
 */
export async function ensureAssembly(log: (line: string) => void = () => {}): Promise<AssemblyResult> {
  mkdirSync(BUILD_DIR, { recursive: true });
  return withFileLock(join(BUILD_DIR, 'cdk.out.lock'), () => synthIfChanged(log));
}

async function synthIfChanged(log: (line: string) => void): Promise<AssemblyResult> {
  const t0 = Date.now();
  const hash = inputsHash();
  const stampFile = join(ASSEMBLY_DIR, STAMP);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) {
    return { dir: ASSEMBLY_DIR, synthesized: false, ms: Date.now() - t0 };
  }
  log('[stack] sources changed: synthesizing the cloud assembly (cdk synth, bundles cached by input)...');
  const tmp = `${ASSEMBLY_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra', 'cloud', 'app.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CDK_OUTDIR: tmp,
        CDK_CONTEXT_JSON: JSON.stringify({ account: ACCOUNT, region: REGION }),
        CDK_DEFAULT_REGION: REGION,
        CDK_DEFAULT_ACCOUNT: ACCOUNT,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (/Bundling|bundl/i.test(line)) log(`[synth] ${line.trim()}`);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n'))
        if (/Bundling asset/.test(line)) log(`[synth] ${line.trim()}`);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`cdk synth failed (exit ${code}):\n${err.slice(-4000)}`)),
    );
  });
  writeFileSync(join(tmp, STAMP), hash);
  rmSync(ASSEMBLY_DIR, { recursive: true, force: true });
  renameSync(tmp, ASSEMBLY_DIR);
  const ms = Date.now() - t0;
  log(`[stack] cloud assembly ready (${(ms / 1000).toFixed(1)} s)`);
  return { dir: ASSEMBLY_DIR, synthesized: true, ms };
}
