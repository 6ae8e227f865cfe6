import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { bundleCached } from '../bundle.ts';
import type { Mail } from './mail.ts';
import { ketnapLogGroup, powertoolsEnvironment } from './observability.ts';
import type { Documents, Storage } from './storage.ts';

/** The repository root: the project root of every bundle. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Table actions by access mode: what the adapters use (Get, BatchGet, Query, Put, Update, TransactWrite), no
 * Scan, no Delete. A transaction is authorised per item action (PutItem, UpdateItem, ConditionCheckItem).
 */
export const TABLE_ACTIONS = {
  RO: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  RW: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ],
} as const;

/**
 * Document actions by access mode; a presigned POST is signed with the function's role, so it needs PutObject;
 * RW also deletes (a file that lies about its type is removed after its check).
 */
export const DOCUMENT_ACTIONS = {
  RO: ['s3:GetObject'],
  RW: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
} as const;

/** The key prefix every document lives under (`cells/<cellId>/...`). */
export const DOCUMENT_PREFIX = 'cells/';

/** The key prefix of generated exports too large for a Lambda response (`exports/<cellId>/...`). */
export const EXPORT_PREFIX = 'exports/';

/** Completing a human step's callback (no heartbeats: the waiting tasks have timeouts, not heartbeats). */
export const TASK_RESPONSE_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure'];

export interface KetnapFunctionProps {
  /** `functions/<name>.ts` becomes the Lambda function `ketnap-<name>`. */
  readonly name: string;
  /** Defaults to `<repo>/functions/<name>.ts`. */
  readonly entry?: string;
  readonly logLevel: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly description?: string;
}

/**
 * A ketnap Lambda function with the house defaults: Node 22 on arm64, an ESM bundle (minified, source maps,
 * the AWS SDK bundled rather than taken from the runtime), active tracing, JSON logs into a log group with a
 * retention, the Powertools environment, and an own role that starts with nothing but writing its own logs.
 * Every other permission comes from a `bind*` helper that adds the environment variable and the grant together.
 */
export class KetnapFunction extends LambdaFunction {
  readonly ketnapName: string;

  constructor(scope: Construct, id: string, props: KetnapFunctionProps) {
    const functionName = `ketnap-${props.name}`;
    const logGroup = ketnapLogGroup(scope, `${id}Logs`, `/aws/lambda/${functionName}`);
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Role of ${functionName}: only what this function uses`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      functionName,
      description: props.description ?? `ketnap ${props.name}`,
      code: bundledCode(props.entry ?? join(PROJECT_ROOT, 'functions', `${props.name}.ts`), props.name),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      role,
      environment: { ...powertoolsEnvironment(props.logLevel), ...props.environment },
    });
    this.ketnapName = props.name;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 LTS is the pinned runtime of ketnap (the embedded stack and CI run the same major).',
    });
    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords, which have no resource-level permissions.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; it is the only * resource.',
    });
  }

  /** TABLE_NAME, and the table actions of the mode on the table and its indexes (named, no wildcard). */
  bindTable(storage: Storage, mode: keyof typeof TABLE_ACTIONS): this {
    this.addEnvironment('TABLE_NAME', storage.table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS[mode]],
        resources: [storage.table.tableArn, ...storage.indexArns],
      }),
    );
    return this;
  }

  /** dynamodb:DeleteItem on the table itself: the mailer releases its send-once claim when SES refused a mail;
   * the api deletes a person removed from the pool (their data is not kept). */
  bindTableDelete(storage: Storage): this {
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:DeleteItem'], resources: [storage.table.tableArn] }),
    );
    return this;
  }

  /** dynamodb:Scan on the table itself (no index): for a job that really must scan. */
  bindTableScan(storage: Storage): this {
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [storage.table.tableArn] }),
    );
    return this;
  }

  /** BUCKET_NAME (and the S3 endpoint for an S3-compatible store), and object actions on `cells/*` only. */
  bindDocuments(documents: Documents, mode: keyof typeof DOCUMENT_ACTIONS): this {
    this.addEnvironment('BUCKET_NAME', documents.bucketName);
    if (documents.endpoint) this.addEnvironment('AWS_ENDPOINT_URL_S3', documents.endpoint);
    if (!documents.bucket) return this;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...DOCUMENT_ACTIONS[mode]],
        resources: [documents.bucket.arnForObjects(`${DOCUMENT_PREFIX}*`)],
      }),
    );
    if (documents.key) grantKey(this, documents.key, mode);
    return this;
  }

  /**
   * Large exports: s3:PutObject and s3:GetObject (the presigned download) on `exports/*` of the documents
   * bucket, where the bucket's lifecycle rule deletes them after a day.
   */
  bindExports(documents: Documents): this {
    if (!documents.bucket) return this;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [documents.bucket.arnForObjects(`${EXPORT_PREFIX}*`)],
      }),
    );
    Validations.of(this.role as Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(documents.bucket.node.defaultChild as never)}.Arn>/${EXPORT_PREFIX}*]`,
      reason:
        'Generated exports are keyed exports/<cellId>/...: the grant is limited to that prefix of the one bucket.',
    });
    Validations.of(this.role as Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(documents.bucket.node.defaultChild as never)}.Arn>/${DOCUMENT_PREFIX}*]`,
      reason:
        'Documents are keyed cells/<cellId>/<candidateId>/...: the grant is limited to that prefix of the one bucket.',
    });
    return this;
  }

  /**
   * `<envName>` = the state machine's ARN, and states:StartExecution on that state machine only. The ARN is built from the
   * name (not referenced), so a workflow's own task may start the other workflow without a dependency cycle.
   */
  bindStartExecution(stateMachineArn: string, envName: string): this {
    this.addEnvironment(envName, stateMachineArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn] }),
    );
    return this;
  }

  /** states:SendTaskSuccess/Failure on a state machine: only where a human step's callback is completed. */
  bindTaskResponse(stateMachineArn: string): this {
    this.addToRolePolicy(
      new PolicyStatement({ actions: TASK_RESPONSE_ACTIONS, resources: [stateMachineArn] }),
    );
    return this;
  }

  /** MAIL_FROM, and ses:SendEmail from that one address of the verified identity. */
  bindMail(mail: Mail): this {
    this.addEnvironment('MAIL_FROM', mail.senderAddress);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: mail.identityArns,
        conditions: { StringEquals: { 'ses:FromAddress': mail.senderAddress } },
      }),
    );
    return this;
  }

  /**
   * `<envName>` = the secret's ARN (never its value: the function reads it from Secrets Manager at cold start,
   * so no console or GetFunctionConfiguration shows it), and secretsmanager:GetSecretValue on that secret only.
   */
  bindSecret(secret: ISecret, envName: string): this {
    this.addEnvironment(envName, secret.secretArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
    if (secret.encryptionKey) secret.encryptionKey.grantDecrypt(this);
    return this;
  }
}

/**
 * The handler bundled by infra/cloud/bundle.ts (the bench measures the same build): ESM for Node 22, minified,
 * source maps, the AWS SDK inside, code split so a cold start parses only what it uses. Built locally with
 * esbuild, never in Docker.
 */
function bundledCode(entry: string, name: string): Code {
  // Each function is bundled into its own folder (cached by the hash of its inputs), and that folder is the
  // asset: six functions are six assets. (CDK caches an asset's bundling by its source path and options, so a
  // shared source folder with a `tryBundle` per function gave all six functions the first one's code.)
  return Code.fromAsset(bundleCached(entry, name), { exclude: ['.inputs.json'] });
}

function grantKey(fn: KetnapFunction, key: IKey, mode: 'RO' | 'RW'): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: mode === 'RO' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
    }),
  );
}
