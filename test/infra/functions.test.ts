// The functions: one per handler in functions/, named ketnap-<name>, Node 22 on arm64, traced, JSON logs into
// a log group with a retention, the Powertools environment (no event logging), and an ESM bundle that is
// minified, has a source map, and carries its own AWS SDK (and no CDK).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { discoverFunctions, FUNCTION_NEEDS } from '../../infra/cloud/functions.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { functionResource, type Json, resourcesOf, synthesized } from './support/template.ts';

const { json, outdir } = synthesized();
const names = discoverFunctions();

describe('the functions deployed', () => {
  it('are exactly the handlers in functions/, each with its needs written down', () => {
    const deployed = resourcesOf(json, 'AWS::Lambda::Function')
      .map(([, r]) => r.Properties.FunctionName as string)
      .sort();
    expect(deployed).toEqual(names.map((n) => `ketnap-${n}`));
    expect(Object.keys(FUNCTION_NEEDS).sort()).toEqual(names);
    for (const n of ['api', 'reminders', 'wf-await', 'wf-notify', 'wf-continue', 'wf-record'])
      expect(names).toContain(n);
  });

  it('every function the stack lists exists in functions/', () => {
    expect(inject('ketnapSynth').missing).toEqual([]);
  });
});

describe('the bundles', () => {
  it('load as ES modules in Node.js 22 and export a handler function', () => {
    const files = names.map((name) => {
      const key = functionResource(json, name)[1].Properties.Code.S3Key as string;
      return [name, join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs')];
    });
    const script = `const files = ${JSON.stringify(files)};
      const out = {};
      for (const [name, file] of files) out[name] = typeof (await import(file)).handler;
      console.log(JSON.stringify({ node: process.versions.node, out }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'ap-southeast-1' },
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() as string);
    expect(result.node).toMatch(/^22\./);
    expect(result.out).toEqual(Object.fromEntries(names.map((n) => [n, 'function'])));
  });
});

describe.each(names)('ketnap-%s', (name) => {
  const [id, fn] = functionResource(json, name);
  const p = fn.Properties as Json;

  it('runs Node.js 22 on arm64 with active tracing', () => {
    expect(p.Runtime).toBe('nodejs22.x');
    expect(p.Architectures).toEqual(['arm64']);
    expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    expect(p.Handler).toBe('index.handler');
    expect(p.Timeout).toBeLessThanOrEqual(300);
  });

  it('logs JSON into its own log group with a retention', () => {
    expect(p.LoggingConfig.LogFormat).toBe('JSON');
    const groupId = p.LoggingConfig.LogGroup.Ref as string;
    const group = json.Resources[groupId] as Json;
    expect(group.Properties.LogGroupName).toBe(`/aws/lambda/ketnap-${name}`);
    expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('has the Powertools environment, never logging the event', () => {
    const env = p.Environment.Variables as Json;
    expect(env).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'ketnap',
      POWERTOOLS_LOG_LEVEL: TEST_CONFIG.logLevel,
      POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      NODE_OPTIONS: '--enable-source-maps',
    });
    if (FUNCTION_NEEDS[name]?.table) expect(env.TABLE_NAME).toBeDefined();
    // no AWS credentials or endpoints are configured: the runtime's role and the regional endpoints are used
    for (const k of Object.keys(env))
      expect(k).not.toMatch(/^AWS_(ACCESS|SECRET|SESSION|ENDPOINT_URL_(DYNAMODB|SFN|SESV2))/);
  });

  it('is an ESM bundle, minified, with a source map, the AWS SDK inside and no CDK', () => {
    const hash = (p.Code.S3Key as string).replace(/\.zip$/, '');
    const dir = join(outdir, `asset.${hash}`);
    const file = join(dir, 'index.mjs');
    expect(existsSync(file), `${id}: ${file}`).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(file, 'utf8');
    // minified: long lines (template literals of the pages keep their line breaks) and short names
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    // the SDK is bundled: it is among the bundle's sources, and no import of it is left for the runtime
    const sources = (JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] })
      .sources;
    expect(sources.some((s) => s.includes('node_modules/@aws-sdk/client-'))).toBe(true);
    expect(sources.some((s) => s.includes('node_modules/aws-cdk-lib/'))).toBe(false);
    expect(code.match(/\bfrom\s*["']@(aws-sdk|smithy)\/[^"']*/g) ?? []).toEqual([]);
    expect(code.match(/\bimport\(["']@(aws-sdk|smithy)\/[^"']*/g) ?? []).toEqual([]);
    // ESM: the handler is exported with an export statement
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    // small enough for a quick cold start; aws-cdk-lib inside would make it ~40 MB
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
  });
});
