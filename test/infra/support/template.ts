import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { STACK_NAME } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON; tests read it loosely
export type Json = Record<string, any>;

/** The synthesized stack of the global setup; throws the synth's error (e.g. a cdk-nag failure) if it had one. */
export function synthesized(): { template: Template; json: Json; outdir: string } {
  const result = inject('ketnapSynth');
  if (result.error) throw new Error(`synth failed: ${result.error}`);
  const json = JSON.parse(readFileSync(join(result.outdir, `${STACK_NAME}.template.json`), 'utf8')) as Json;
  return { template: Template.fromJSON(json), json, outdir: result.outdir };
}

/** Resources of a type, by logical id. */
export function resourcesOf(json: Json, type: string): [string, Json][] {
  return Object.entries(json.Resources as Json).filter(([, r]) => r.Type === type) as [string, Json][];
}

/** The logical id and resource of the function `ketnap-<name>`. */
export function functionResource(json: Json, name: string): [string, Json] {
  const found = resourcesOf(json, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties.FunctionName === `ketnap-${name}`,
  );
  if (!found) throw new Error(`no function ketnap-${name} in the template`);
  return found;
}
