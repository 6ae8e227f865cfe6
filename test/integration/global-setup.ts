import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../../infra/local/functions.ts';
import { type Stack, type StackEndpoints, startStack } from '../../infra/local/stack.ts';
import { reportDenials } from '../helpers/iam.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The embedded stack started once for the integration project. */
    ketnapStack: { env: Record<string, string>; endpoints: StackEndpoints; dataDir: string };
  }
}

/**
 * Starts ONE embedded stack (temp data folder, ephemeral ports, no seed, no cron) for the whole
 * integration project. ketnap's functions run as deployed (their assets from the synthesized cloud assembly, each in
 * its own processes, with its own environment and role); test/fixtures/functions/ serve the fixture workflows. Its clock can be
 * moved forward (test/helpers/stack.ts `advanceClock`) to reach long task timeouts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // tmpfs when there is one: DynamoDB Local writes ~3x faster there (the reminder load test writes 20,000 items).
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ketnap-it-'));
  // every stack of the run (this one, and those tests start) reports its IAM denials here
  const denials = mkdtempSync(join(tmpdir(), 'ketnap-iam-'));
  process.env.KETNAP_IAM_DENIALS = join(denials, 'denials.jsonl');
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      seed: false,
      cron: false,
      advancableClock: true,
      // ketnap's functions run from the cloud assembly's assets; the test fixtures' functions from sources
      functionDirs: [join(REPO_ROOT, 'test', 'fixtures', 'functions')],
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(denials, { recursive: true, force: true });
    throw err;
  }
  project.provide('ketnapStack', { env: stack.env, endpoints: stack.endpoints, dataDir });
  return async () => {
    await stack.stop();
    // KETNAP_KEEP_DATA=1 keeps the folder (the functions' logs are in <dataDir>/logs) to read after a failure
    if (process.env.KETNAP_KEEP_DATA === '1') console.log(`integration: data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
    try {
      reportDenials(join(denials, 'denials.jsonl'));
    } finally {
      rmSync(denials, { recursive: true, force: true });
    }
  };
}
