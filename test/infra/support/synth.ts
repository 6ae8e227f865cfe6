// The app under test: built once by the global setup with the real handlers in functions/ and the real
// workflows/, synthesized (bundling with the local esbuild, cdk-nag at synth) into a temp folder that every
// test file reads. No AWS credentials are used or needed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../../infra/cloud/app.ts';
import type { KetnapConfig } from '../../../infra/cloud/config.ts';
import { PROJECT_ROOT } from '../../../infra/cloud/constructs/ketnap-function.ts';
import { discoverFunctions, FUNCTION_NEEDS } from '../../../infra/cloud/functions.ts';

export const TEST_CONFIG: KetnapConfig = {
  account: '123456789012',
  region: 'ap-southeast-1',
  senderAddress: 'ketnap@chibo.example.vn',
  domain: 'chibo.example.vn',
  appOrigin: 'https://ketnap.chibo.example.vn',
  authDomainPrefix: 'ketnap-test',
  alarmEmail: 'ops@chibo.example.vn',
  logLevel: 'INFO',
};

export const STACK_NAME = 'Ketnap';

/** Every function the stack needs; the real handler when it exists (a stand-in only until it lands). */
export function functionEntries(): { names: string[]; entries: Record<string, string>; standIns: string[] } {
  const names = [...new Set([...discoverFunctions(), ...Object.keys(FUNCTION_NEEDS)])].sort();
  const entries: Record<string, string> = {};
  const standIns: string[] = [];
  for (const name of names) {
    const real = join(PROJECT_ROOT, 'functions', `${name}.ts`);
    if (existsSync(real)) entries[name] = real;
    else {
      entries[name] = join(PROJECT_ROOT, 'test/infra/fixtures', `${name}.ts`);
      standIns.push(name);
    }
  }
  return { names, entries, standIns };
}

export interface SynthResult {
  outdir: string;
  ms: number;
  error?: string;
  standIns: string[];
}

export function synthesize(outdir: string, config: KetnapConfig = TEST_CONFIG): SynthResult {
  const t0 = Date.now();
  const { names, entries, standIns } = functionEntries();
  try {
    const { app } = buildApp({ config, outdir, stack: { functionNames: names, entries } });
    app.synth();
    return { outdir, ms: Date.now() - t0, standIns };
  } catch (e) {
    return { outdir, ms: Date.now() - t0, error: (e as Error).message, standIns };
  }
}
