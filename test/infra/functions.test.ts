// The functions: one per handler in functions/, named ketnap-<name>, Node 22 on arm64, traced, JSON logs into
// a log group with a retention, the Powertools environment (no event logging), and an ESM bundle that is
// minified, has a source map, and carries its own AWS SDK (and no CDK).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { powertoolsEnvironment } from '../../infra/cloud/constructs/observability.ts';
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

  it('map stack traces to the sources at run time only at log level DEBUG', () => {
    expect(powertoolsEnvironment('DEBUG').NODE_OPTIONS).toBe('--enable-source-maps');
    expect(powertoolsEnvironment('INFO').NODE_OPTIONS).toBeUndefined();
  });

  it('every function the stack lists exists in functions/', () => {
    expect(inject('ketnapSynth').missing).toEqual([]);
  });
});

describe('the bundles', () => {
  it("are one asset per function, each built from that function's own handler", () => {
    const keys = names.map((name) => functionResource(json, name)[1].Properties.Code.S3Key as string);
    expect(new Set(keys).size).toBe(names.length);
    for (const [i, name] of names.entries()) {
      const dir = join(outdir, `asset.${(keys[i] as string).replace(/\.zip$/, '')}`);
      const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      const handlers = map.sources.filter((s) => /(^|\/)functions\/[^/]+\.ts$/.test(s));
      expect(
        handlers.map((s) => s.replace(/^.*functions\//, '')),
        name,
      ).toEqual([`${name}.ts`]);
    }
  });

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
      POWERTOOLS_METRICS_NAMESPACE: 'ketnap',
      POWERTOOLS_LOG_LEVEL: TEST_CONFIG.logLevel,
      POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    });
    // source maps are read at run time only when debugging (they cost a cold start 50-100 ms)
    expect(env.NODE_OPTIONS).toBe(TEST_CONFIG.logLevel === 'DEBUG' ? '--enable-source-maps' : undefined);
    if (FUNCTION_NEEDS[name]?.table) expect(env.TABLE_NAME).toBeDefined();
    // no AWS credentials or endpoints are configured: the runtime's role and the regional endpoints are used
    for (const k of Object.keys(env))
      expect(k).not.toMatch(/^AWS_(ACCESS|SECRET|SESSION|ENDPOINT_URL_(DYNAMODB|SFN|SESV2))/);
  });

  it('is an ESM bundle, minified, code split, with source maps, the AWS SDK inside and no CDK', () => {
    const hash = (p.Code.S3Key as string).replace(/\.zip$/, '');
    const dir = join(outdir, `asset.${hash}`);
    const file = join(dir, 'index.mjs');
    expect(existsSync(file), `${id}: ${file}`).toBe(true);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => join(dir, f));
    for (const f of files) expect(existsSync(`${f}.map`), `${f}.map`).toBe(true);
    const entry = readFileSync(file, 'utf8');
    // minified: long lines over all the files (template literals of the pages keep their line breaks)
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all.length / all.split('\n').length).toBeGreaterThan(1000);
    // the SDK is bundled: it is among the bundle's sources, and no import of it is left for the runtime
    const sources = files.flatMap(
      (f) => (JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] }).sources,
    );
    expect(sources.some((s) => s.includes('node_modules/@aws-sdk/client-dynamodb'))).toBe(true);
    expect(sources.some((s) => s.includes('node_modules/aws-cdk-lib/'))).toBe(false);
    // zod is there without its other-language locales (infra/cloud/bundle.ts)
    expect(sources.some((s) => s.includes('node_modules/zod/v4/locales/vi.js'))).toBe(false);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code.match(/\bfrom\s*["']@(aws-sdk|smithy)\/[^"']*/g) ?? []).toEqual([]);
      expect(code.match(/\bimport\(["']@(aws-sdk|smithy)\/[^"']*/g) ?? []).toEqual([]);
      // chunks are imported by relative path only: nothing is left to resolve from node_modules
      // (minified import statements: `import"x"`, `import{a as b}from"x"`; quoted prose in messages has spaces)
      const bare = /(?:^|[;}\n])import(?:[{*][^;"']*?from)?["'](?!\.\.?\/|node:)[^"']+["']/g;
      expect(code.match(bare) ?? [], f).toEqual([]);
    }
    // ESM: the handler is exported with an export statement
    expect(entry).toMatch(/export\s*\{[^}]*\bhandler\b/);
    // small enough for a quick cold start; aws-cdk-lib inside would make it ~40 MB
    expect(files.reduce((n, f) => n + statSync(f).size, 0)).toBeLessThan(5 * 1024 * 1024);
  });
});
