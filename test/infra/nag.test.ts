// cdk-nag's AWS Solutions rules run at every synth (Validations.of(app).addPlugins): the app synthesizes
// with no unacknowledged finding, every acknowledgement carries its reason, and the check does bite.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, inject, it } from 'vitest';
import { STACK_NAME } from './support/synth.ts';
import type { Json } from './support/template.ts';

const result = inject('ketnapSynth');

describe('cdk-nag (AwsSolutions)', () => {
  it('the app synthesizes with no unacknowledged finding', () => {
    // a failing rule makes the synth throw "Validation failed"; its report names each finding
    let report = '';
    if (result.error) {
      try {
        report = readFileSync(join(result.outdir, 'validation-report.json'), 'utf8');
      } catch {}
    }
    expect(result.error, report).toBeUndefined();
  });

  it('every acknowledgement says why, in the code', () => {
    const metadata = JSON.parse(
      readFileSync(join(result.outdir, `${STACK_NAME}.metadata.json`), 'utf8'),
    ) as Record<string, { type: string; data: Record<string, string> }[]>;
    const acks: [string, string, string][] = [];
    for (const [path, entries] of Object.entries(metadata)) {
      for (const e of entries) {
        if (e.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [rule, reason] of Object.entries(e.data)) {
          // CDK itself acknowledges a CloudFormation-Validate warning on the log bucket's ACL (W3045)
          if (rule.startsWith('CloudFormation-Validate::')) continue;
          acks.push([path, rule, reason]);
        }
      }
    }
    expect(acks.length).toBeGreaterThan(0);
    for (const [path, rule, reason] of acks) {
      expect(rule, path).toMatch(/AwsSolutions-/);
      expect(reason.length, `${path} ${rule}`).toBeGreaterThan(40);
    }
    // the acknowledged rules, all of them: a new one must be added here on purpose
    const rules = [
      ...new Set(acks.map(([, rule]) => rule.replace(/^Annotation::/, '').replace(/\[.*\]$/, ''))),
    ].sort();
    expect(rules).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
    ]);
    // IAM5 is acknowledged only for X-Ray/log delivery `*` resources and for `<function>:*` / `cells/*`
    for (const [path, rule] of acks.filter(([, r]) => r.includes('IAM5'))) {
      expect(rule, path).toMatch(
        /IAM5\[Resource::(\*|<[A-Za-z0-9]+\.Arn>:\*|<StorageDocuments[A-Za-z0-9]+\.Arn>\/(cells|exports)\/\*)\]$/,
      );
    }
  });

  it('bites: an unacknowledged finding fails the synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ketnap-nag-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Bad');
      new Bucket(stack, 'NoLogsNoTls');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Json;
      const rules = report.pluginReports.flatMap((p: Json) => p.violations.map((v: Json) => v.ruleName));
      expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
