import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ketnapLogGroup } from './observability.ts';

export interface ApiProps {
  /** The `ketnap-api` function: every page and JSON route ($default). */
  readonly handler: IFunction;
}

/**
 * Access log line: the request id, method, status and timings. No path (an approval link's id is in it), no
 * source IP, no user: nothing that identifies a person or grants access.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The HTTP API: one `$default` route to the api function, which serves pages (cookie session) and the JSON
 * API. Authentication is in the handler, not in an API Gateway authoriser; see docs/deploy.md "Why the API
 * verifies tokens itself".
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Http', {
      apiName: 'ketnap',
      description: 'ketnap web app and JSON API',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Handler', props.handler),
    });
    const accessLogs = ketnapLogGroup(this, 'AccessLogs', '/aws/apigateway/ketnap');
    this.stage = this.httpApi.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    for (const route of this.httpApi.node.findAll()) {
      if (route.node.id === 'DefaultRoute') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'The $default route serves pages reached without a session (sign-in, approval links opened from mail) and the session travels in an HttpOnly cookie an API Gateway JWT authoriser cannot read: the handler verifies the Cognito-signed JWT itself (issuer, audience, expiry, JWKS signature) on every protected route.',
        });
      }
    }
  }

  /** The API's URL (https://<id>.execute-api.<region>.amazonaws.com). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
