import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
import type { ResourceKind } from '../../../shared/adapters/permissions.ts';
import { bundleCached } from '../bundle.ts';
import { checkWiring, type Declared, declarationsInBundle } from '../grants.ts';
import type { Mail } from './mail.ts';
import { ketnapLogGroup, powertoolsEnvironment } from './observability.ts';
import type { Documents, Storage } from './storage.ts';

/** The repository root: the project root of every bundle. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The key prefix every document lives under (`cells/<cellId>/...`). */
export const DOCUMENT_PREFIX = 'cells/';

/** The key prefix of generated exports too large for a Lambda response (`exports/<cellId>/...`). */
export const EXPORT_PREFIX = 'exports/';

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
 * Every other permission comes from a `bind*` helper that wires the function to a resource (its environment
 * variable) and allows on it the actions the function's code declares (`declared`, read out of its bundle:
 * shared/adapters/permissions.ts); `checkWiring` then fails the synth when the code declares an action on a
 * resource the function is not wired to, or is wired to one its code never uses.
 */
export class KetnapFunction extends LambdaFunction {
  readonly ketnapName: string;
  /** The IAM actions the bundled code declares, by resource kind. */
  readonly declared: Declared;
  private readonly wired = new Set<ResourceKind>();
  private keyGranted = false;

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
    // Each function is bundled into its own folder (cached by the hash of its inputs), and that folder is the
    // asset: six functions are six assets. (CDK caches an asset's bundling by its source path and options, so
    // a shared source folder with a `tryBundle` per function gave all six functions the first one's code.)
    const bundle = bundleCached(
      props.entry ?? join(PROJECT_ROOT, 'functions', `${props.name}.ts`),
      props.name,
    );
    super(scope, id, {
      functionName,
      description: props.description ?? `ketnap ${props.name}`,
      code: Code.fromAsset(bundle, { exclude: ['.inputs.json'] }),
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
    this.declared = declarationsInBundle(bundle);
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

  /** The actions the code declares on `kind` (wiring the function to it); empty when it declares none. */
  private use(kind: ResourceKind): string[] {
    this.wired.add(kind);
    return [...(this.declared.get(kind) ?? [])];
  }

  /**
   * TABLE_NAME; the table actions the code declares on the table, and its index Query (if declared) on the
   * named indexes (no `index/*`).
   */
  bindTable(storage: Storage): this {
    this.addEnvironment('TABLE_NAME', storage.table.tableName);
    const onTable = this.use('table');
    if (onTable.length > 0)
      this.addToRolePolicy(new PolicyStatement({ actions: onTable, resources: [storage.table.tableArn] }));
    if (this.declared.has('indexes')) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: this.use('indexes'), resources: [...storage.indexArns] }),
      );
    }
    return this;
  }

  /**
   * BUCKET_NAME (and the S3 endpoint for an S3-compatible store), and the object actions the code declares on
   * documents, on `cells/*` only. A presigned POST is signed with the function's role, so it needs PutObject.
   */
  bindDocuments(documents: Documents): this {
    this.addEnvironment('BUCKET_NAME', documents.bucketName);
    if (documents.endpoint) this.addEnvironment('AWS_ENDPOINT_URL_S3', documents.endpoint);
    const actions = this.use('documents');
    if (!documents.bucket || actions.length === 0) return this;
    this.addToRolePolicy(
      new PolicyStatement({ actions, resources: [documents.bucket.arnForObjects(`${DOCUMENT_PREFIX}*`)] }),
    );
    this.grantKey(documents);
    this.acknowledgePrefix(
      documents,
      DOCUMENT_PREFIX,
      'Documents are keyed cells/<cellId>/<candidateId>/...',
    );
    return this;
  }

  /**
   * Large exports: the actions the code declares on exports (PutObject, GetObject for the presigned download),
   * on `exports/*` of the documents bucket, where the bucket's lifecycle rule deletes them after a day.
   */
  bindExports(documents: Documents): this {
    const actions = this.use('exports');
    if (!documents.bucket || actions.length === 0) return this;
    this.addToRolePolicy(
      new PolicyStatement({ actions, resources: [documents.bucket.arnForObjects(`${EXPORT_PREFIX}*`)] }),
    );
    this.grantKey(documents);
    this.acknowledgePrefix(documents, EXPORT_PREFIX, 'Generated exports are keyed exports/<cellId>/...');
    return this;
  }

  /**
   * `<envName>` = the state machine's ARN, and states:StartExecution (as the code declares) on that state
   * machine only. The ARN is built from the name (not referenced), so a workflow's own task may start the other
   * workflow without a dependency cycle.
   */
  bindStartExecution(stateMachineArn: string, envName: string): this {
    this.addEnvironment(envName, stateMachineArn);
    const actions = this.use('startWorkflows');
    if (actions.length > 0)
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [stateMachineArn] }));
    return this;
  }

  /**
   * The task results the code declares (SendTaskSuccess, SendTaskFailure; no heartbeats: the waiting tasks have
   * timeouts) on a state machine: only where a human step's callback is completed.
   */
  bindTaskResponse(stateMachineArn: string): this {
    const actions = this.use('answerWorkflows');
    if (actions.length > 0)
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [stateMachineArn] }));
    return this;
  }

  /** MAIL_FROM, and ses:SendEmail (as the code declares) from that one address of the verified identity. */
  bindMail(mail: Mail): this {
    this.addEnvironment('MAIL_FROM', mail.senderAddress);
    const actions = this.use('mail');
    if (actions.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions,
          resources: mail.identityArns,
          conditions: { StringEquals: { 'ses:FromAddress': mail.senderAddress } },
        }),
      );
    }
    return this;
  }

  /**
   * `<envName>` = the secret's ARN (never its value: the function reads it from Secrets Manager at cold start,
   * so no console or GetFunctionConfiguration shows it), and secretsmanager:GetSecretValue (as the code
   * declares) on that secret only.
   */
  bindSecret(secret: ISecret, envName: string): this {
    this.addEnvironment(envName, secret.secretArn);
    const actions = this.use('linkSecret');
    if (actions.length > 0) {
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [secret.secretArn] }));
      if (secret.encryptionKey) secret.encryptionKey.grantDecrypt(this);
    }
    return this;
  }

  /** Fails the synth unless every resource kind the code declares is wired and every wired one is used. */
  checkWiring(): this {
    checkWiring(this.ketnapName, this.declared, this.wired);
    return this;
  }

  /**
   * The bucket key's grants that go with the object actions the code declares: kms:Decrypt to read, and
   * kms:GenerateDataKey where it writes (PutObject, a presigned POST, a copy).
   */
  private grantKey(documents: Documents): void {
    if (!documents.key || this.keyGranted) return;
    const s3 = [...(this.declared.get('documents') ?? []), ...(this.declared.get('exports') ?? [])];
    const writes = s3.includes('s3:PutObject');
    this.addToRolePolicy(
      new PolicyStatement({
        actions: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [documents.key.keyArn],
      }),
    );
    this.keyGranted = true;
  }

  private acknowledgePrefix(documents: Documents, prefix: string, why: string): void {
    if (!documents.bucket) return;
    Validations.of(this.role as Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(documents.bucket.node.defaultChild as never)}.Arn>/${prefix}*]`,
      reason: `${why}: the grant is limited to that prefix of the one bucket.`,
    });
  }
}
