// The app under test: built once by the global setup with the handlers in functions/ and the real
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

/** Every handler in functions/ (the real ones: the stack deploys what is there). */
export function functionEntries(): { names: string[]; missing: string[] } {
  const names = discoverFunctions();
  // a function listed in FUNCTION_NEEDS that functions/ lacks (the tests fail on it)
  const missing = Object.keys(FUNCTION_NEEDS).filter(
    (n) => !existsSync(join(PROJECT_ROOT, 'functions', `${n}.ts`)),
  );
  return { names, missing };
}

export interface SynthResult {
  outdir: string;
  ms: number;
  error?: string;
  missing: string[];
}

export function synthesize(outdir: string, config: KetnapConfig = TEST_CONFIG): SynthResult {
  const t0 = Date.now();
  const { names, missing } = functionEntries();
  try {
    const { app } = buildApp({ config, outdir, stack: { functionNames: names } });
    app.synth();
    return { outdir, ms: Date.now() - t0, missing };
  } catch (e) {
    return { outdir, ms: Date.now() - t0, error: (e as Error).message, missing };
  }
}
