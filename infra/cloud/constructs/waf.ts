// Abuse limits at the edge: a CloudFront distribution in front of the HTTP API, with an AWS WAF web ACL (AWS WAF
// cannot attach to an HTTP API; a CloudFront web ACL lives in us-east-1, so both are in a stack of that region).
// Why CloudFront rather than a REST API: docs/deploy.md, "Abuse limits".
import { Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The web ACL's settings, each a number a deployment may change (all per client IP, per five minutes). */
export interface EdgeWafSettings {
  /** requests of one client IP in any five minutes, on any path (AWS WAF evaluates rate rules per 5 min) */
  readonly requestsPerClient: number;
  /** requests of one client IP to sign-in, sign-out and approval links (`/auth/`, `/logout`, `/a/`) */
  readonly sensitiveRequestsPerClient: number;
}

export const EDGE_WAF_DEFAULTS: EdgeWafSettings = {
  // a secretary working through a dossier makes a few requests a second at most
  requestsPerClient: 1_000,
  // guessing link ids or hammering sign-in: a person opens a handful of links a day
  sensitiveRequestsPerClient: 100,
};

const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName: `ketnap-${name}`,
  sampledRequestsEnabled: true,
});

const managed = (priority: number, name: string, excluded: string[] = []): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(excluded.length
        ? { ruleActionOverrides: excluded.map((r) => ({ name: r, actionToUse: { count: {} } })) }
        : {}),
    },
  },
  visibilityConfig: visibility(name),
});

const startsWith = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: path,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/**
 * The web ACL (scope CLOUDFRONT, so in us-east-1): AWS's common rule set and known-bad-inputs rule set, a
 * per-client-IP rate limit on every path and a stricter one on sign-in and approval links. The common rule
 * set's body-size rule only counts: the app refuses bodies over 256 KB itself, and documents never pass here
 * (the browser posts them straight to S3).
 */
export class EdgeWaf extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, settings: EdgeWafSettings = EDGE_WAF_DEFAULTS) {
    super(scope, id);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'ketnap-edge',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('edge'),
      rules: [
        {
          name: 'per-client-sensitive',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: settings.sensitiveRequestsPerClient,
              scopeDownStatement: {
                orStatement: { statements: [startsWith('/auth/'), startsWith('/a/'), startsWith('/logout')] },
              },
            },
          },
          visibilityConfig: visibility('per-client-sensitive'),
        },
        {
          name: 'per-client',
          priority: 1,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: settings.requestsPerClient } },
          visibilityConfig: visibility('per-client'),
        },
        managed(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
  }
}

export interface KetnapEdgeProps extends StackProps {
  /** The HTTP API's URL (https://<id>.execute-api.<region>.amazonaws.com), from the main stack. */
  readonly apiUrl: string;
  readonly settings?: EdgeWafSettings;
}

/**
 * The edge stack (us-east-1): the web ACL and the CloudFront distribution that applies it in front of the HTTP
 * API. Nothing is cached (every page depends on the session); all methods, cookies, query strings and headers
 * but Host go to the API.
 */
export class KetnapEdge extends Stack {
  readonly waf: EdgeWaf;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: KetnapEdgeProps) {
    super(scope, id, props);
    this.waf = new EdgeWaf(this, 'Waf', props.settings);
    const apiHost = Fn.select(2, Fn.split('/', props.apiUrl));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'ketnap: the web app and its API behind AWS WAF',
      webAclId: this.waf.webAcl.attrArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Members may travel: no country is refused; the WAF limits each client instead.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront access logs would keep every path, and an approval link id in a path is a credential; the WAF keeps metrics and sampled requests, the API keeps route-level access logs without paths.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate cannot pin TLS 1.2; with a custom domain (appOrigin) the distribution uses TLSv1.2_2021 as configured.',
      },
    );
  }
}
