// vitest globalSetup of the `infra` project: one in-process synth shared by every test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type SynthResult, synthesize } from './support/synth.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    ketnapSynth: SynthResult;
  }
}

export default function setup(project: TestProject) {
  const outdir = mkdtempSync(join(tmpdir(), 'ketnap-cdk-'));
  const result = synthesize(outdir);
  project.provide('ketnapSynth', result);
  console.log(
    `infra: in-process synth (bundling + cdk-nag) ${(result.ms / 1000).toFixed(1)} s${result.error ? ' FAILED' : ''}`,
  );
  return () => rmSync(outdir, { recursive: true, force: true });
}
