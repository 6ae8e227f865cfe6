// The edge stack (finding 9 of the attack review): CloudFront + AWS WAF in front of the HTTP API, synthesized on
// its own (us-east-1) and checked by cdk-nag like the main stack.
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { EDGE_WAF_DEFAULTS, KetnapEdge } from '../../infra/cloud/constructs/waf.ts';

const app = new App();
const edge = new KetnapEdge(app, 'KetnapEdge', {
  env: { region: 'us-east-1' },
  apiUrl: 'https://abc123.execute-api.ap-southeast-1.amazonaws.com',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
const template = Template.fromStack(edge);

describe('edge: CloudFront and AWS WAF in front of the API', () => {
  it("limits each client IP, tighter on sign-in and approval links, and applies AWS's managed rule sets", () => {
    const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Scope: string; Rules: Record<string, unknown>[] };
    }[];
    expect(acl?.Properties.Scope).toBe('CLOUDFRONT');
    const rules = Object.fromEntries((acl?.Properties.Rules ?? []).map((r) => [r.Name, r]));
    expect(rules['per-client']).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: { AggregateKeyType: 'IP', Limit: EDGE_WAF_DEFAULTS.requestsPerClient },
      },
    });
    expect(JSON.stringify(rules['per-client-sensitive'])).toContain('"SearchString":"/a/"');
    expect(rules.AWSManagedRulesCommonRuleSet).toMatchObject({
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
    });
    expect(rules.AWSManagedRulesKnownBadInputsRuleSet).toBeDefined();
  });

  it('puts the web ACL on a distribution that caches nothing and forwards every method to the API', () => {
    const [dist] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: Record<string, unknown> };
    }[];
    const cfg = JSON.stringify(dist?.Properties.DistributionConfig);
    expect(cfg).toContain('"WebACLId"');
    expect(cfg).toContain('"ViewerProtocolPolicy":"redirect-to-https"');
    expect(cfg).toContain('"DELETE"');
    expect(cfg).toContain('"https-only"');
  });

  it('passes cdk-nag with no unacknowledged error', () => {
    app.synth();
    const errors = Annotations.fromStack(edge).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => e.entry.data)).toEqual([]);
  });
});
