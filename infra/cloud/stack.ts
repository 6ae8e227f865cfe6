import { ArnFormat, CfnOutput, Lazy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { KetnapConfig } from './config.ts';
import { Api } from './constructs/api.ts';
import { Auth } from './constructs/auth.ts';
import { KetnapFunction } from './constructs/ketnap-function.ts';
import { Mail } from './constructs/mail.ts';
import { Reminders } from './constructs/reminders.ts';
import { Storage } from './constructs/storage.ts';
import { WORKFLOW_NAMES, type WorkflowName, Workflows } from './constructs/workflows.ts';
import { discoverFunctions, needsOf } from './functions.ts';

/** Builds a workflow's chain in `scope` from the functions (by name: `wf-notify`, ...). */
export type WorkflowDefinitions = Record<
  WorkflowName,
  (scope: Construct, functions: Readonly<Record<string, IFunction>>) => IChainable
>;

export interface KetnapStackProps extends StackProps {
  readonly config: KetnapConfig;
  readonly workflows: WorkflowDefinitions;
  /** Function names to deploy (default: every handler in functions/). */
  readonly functionNames?: readonly string[];
  /** Override of a function's entry file (tests), by name. */
  readonly entries?: Readonly<Record<string, string>>;
}

const ARN_ENV: Record<WorkflowName, string> = {
  admission: 'ADMISSION_STATE_MACHINE_ARN',
  probation: 'PROBATION_STATE_MACHINE_ARN',
};

/** ketnap on AWS: one stack composed of one construct per concern. */
export class KetnapStack extends Stack {
  readonly storage: Storage;
  readonly mail: Mail;
  readonly auth: Auth;
  readonly api: Api;
  readonly workflows: Workflows;
  readonly reminders: Reminders;
  readonly functions: Record<string, KetnapFunction> = {};
  readonly appOrigin: string;

  constructor(scope: Construct, id: string, props: KetnapStackProps) {
    super(scope, id, {
      description:
        'ketnap: admission of new Party members (Step Functions, Lambda, DynamoDB, S3, SES, Cognito)',
      ...props,
    });
    const { config } = props;

    // The app's origin: the configured one, else the HTTP API's own URL (resolved lazily: the API comes later).
    let api: Api | undefined;
    this.appOrigin =
      config.appOrigin ??
      Lazy.string({
        produce: () => {
          if (!api) throw new Error('ketnap: the API is not built yet');
          return api.url;
        },
      });

    this.storage = new Storage(this, 'Storage', {
      appOrigin: this.appOrigin,
      ...(config.documentsEndpoint && config.documentsBucket
        ? { external: { endpoint: config.documentsEndpoint, bucketName: config.documentsBucket } }
        : {}),
    });
    this.mail = new Mail(this, 'Mail', { senderAddress: config.senderAddress, domain: config.domain });
    this.auth = new Auth(this, 'Auth', {
      appOrigin: this.appOrigin,
      domainPrefix: config.authDomainPrefix ?? `ketnap-${this.account}`,
    });
    const linkSecret = new Secret(this, 'LinkSecret', {
      description: 'ketnap: HMAC key of the CSRF tokens on approval pages',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(linkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An HMAC key for short-lived CSRF tokens, read by the api function from Secrets Manager (cached five minutes); a rotation would void every open form, so it is rotated by hand.',
    });

    const machineArn = (name: WorkflowName) =>
      this.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: `ketnap-${name}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    const names = props.functionNames ?? discoverFunctions();
    for (const name of names) {
      const needs = needsOf(name);
      const fn = new KetnapFunction(this, `Fn-${name}`, {
        name,
        logLevel: config.logLevel,
        ...(props.entries?.[name] ? { entry: props.entries[name] } : {}),
        ...(needs.memorySize ? { memorySize: needs.memorySize } : {}),
        ...(needs.timeout ? { timeout: needs.timeout } : {}),
        ...(needs.environment ? { environment: { ...needs.environment } } : {}),
      });
      if (needs.table) fn.bindTable(this.storage);
      if (needs.documents) fn.bindDocuments(this.storage.documents);
      if (needs.exports) fn.bindExports(this.storage.documents);
      for (const wf of needs.startExecution ?? []) fn.bindStartExecution(machineArn(wf), ARN_ENV[wf]);
      for (const wf of needs.taskResponse ?? []) fn.bindTaskResponse(machineArn(wf));
      if (needs.mail) fn.bindMail(this.mail);
      if (needs.auth) {
        fn.addEnvironment('AUTH_ISSUER', this.auth.issuer);
        fn.addEnvironment('AUTH_JWKS_URL', this.auth.jwksUrl);
        fn.addEnvironment('AUTH_AUDIENCE', this.auth.audience);
        // sign-in by authorization code + PKCE at Cognito's hosted pages (shared/web/oidc.ts)
        fn.addEnvironment('AUTH_OAUTH_URL', this.auth.domain.baseUrl());
      }
      if (needs.linkSecret) fn.bindSecret(linkSecret, 'LINK_SECRET_ARN');
      if (needs.appBaseUrl) fn.addEnvironment('APP_BASE_URL', this.appOrigin);
      // the grants came from what the code declares: it must declare nothing it is not wired to, and use
      // everything it is wired to
      fn.checkWiring();
      this.functions[name] = fn;
    }

    const required = (name: string) => {
      const fn = this.functions[name];
      if (!fn) throw new Error(`ketnap: functions/${name}.ts is missing`);
      return fn;
    };

    this.workflows = new Workflows(this, 'Workflows', {
      definitions: {
        admission: (scope) => props.workflows.admission(scope, this.functions),
        probation: (scope) => props.workflows.probation(scope, this.functions),
      },
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    // the workflow ARNs the functions were given are built from the names: check they match
    for (const wf of WORKFLOW_NAMES) {
      const sm = this.workflows.stateMachines[wf];
      if ((sm.node.defaultChild as { stateMachineName?: string }).stateMachineName !== `ketnap-${wf}`) {
        throw new Error(`ketnap: state machine ${wf} is not named ketnap-${wf}`);
      }
    }

    api = new Api(this, 'Api', { handler: required('api') });
    this.api = api;
    this.reminders = new Reminders(this, 'Reminders', { handler: required('reminders') });

    new CfnOutput(this, 'AppUrl', { value: this.appOrigin, description: 'Open the web app here' });
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'LoginDomain', { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: this.storage.documents.bucketName });
    new CfnOutput(this, 'AlarmTopic', { value: this.workflows.alarmTopic.topicArn });
  }
}
