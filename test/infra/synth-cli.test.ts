// `npm run synth` (cdk.json: tsx infra/cloud/app.ts) works offline: no AWS credentials, no network lookups,
// bundling with the local esbuild (no Docker), cdk-nag passing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/cloud/constructs/ketnap-function.ts';
import type { Json } from './support/template.ts';

describe('cdk synth (the CLI, offline)', () => {
  it('produces the template with no AWS credentials', { timeout: 240_000 }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ketnap-cli-'));
    try {
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env))
        if (!k.startsWith('AWS_') && !k.startsWith('CDK_')) env[k] = v;
      env.AWS_EC2_METADATA_DISABLED = 'true';
      env.AWS_CONFIG_FILE = join(outdir, 'no-config');
      env.AWS_SHARED_CREDENTIALS_FILE = join(outdir, 'no-credentials');
      const t0 = Date.now();
      const run = spawnSync(
        'npx',
        ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir],
        {
          cwd: PROJECT_ROOT,
          env,
          encoding: 'utf8',
          timeout: 230_000,
        },
      );
      const ms = Date.now() - t0;
      expect(run.status, `${run.stdout}\n${run.stderr}`.slice(-4000)).toBe(0);
      const template = JSON.parse(readFileSync(join(outdir, 'Ketnap.template.json'), 'utf8'));
      const resources = Object.values(template.Resources) as {
        Type: string;
        Properties: Json;
      }[];
      expect(resources.length).toBeGreaterThan(50);
      // no appOrigin given: the app's origin is the HTTP API's own URL (CORS of the bucket, links in mail)
      const api = Object.entries(template.Resources).find(
        ([, r]) => (r as { Type: string }).Type === 'AWS::ApiGatewayV2::Api',
      )?.[0];
      const bucket = resources.find((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.CorsConfiguration);
      expect(JSON.stringify(bucket?.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins)).toContain(
        `"${api}"`,
      );
      const apiFn = resources.find(
        (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'ketnap-api',
      );
      expect(JSON.stringify(apiFn?.Properties.Environment.Variables.APP_BASE_URL)).toContain(`"${api}"`);
      expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
      console.log(`cdk synth (CLI, offline): ${(ms / 1000).toFixed(1)} s`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
