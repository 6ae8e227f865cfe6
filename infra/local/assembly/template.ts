// Reads the synthesized template and its asset manifest into what the embedded stack deploys: functions (their
// own asset folder, handler, memory, timeout, environment, role), roles with their policies, the table, the
// buckets, the state machines and the schedules, with every intrinsic resolved to its local value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped until resolved
type Json = any;

export interface LocalContext {
  region: string;
  account: string;
  /** The local API's base URL (the HTTP API's ApiEndpoint). */
  apiEndpoint: string;
  /** The sign-in stand-in: the Cognito issuer URL and the hosted-login domain map to these. */
  identity?: { issuer: string; oauthUrl: string; audience: string };
  /** Values of `{{resolve:secretsmanager:<arn>:SecretString...}}` dynamic references, by secret ARN. */
  secretValue?: (secretArn: string) => string;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Json[];
}

export interface LocalRole {
  logicalId: string;
  name: string;
  arn: string;
  policies: PolicyDocument[];
}

export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** The asset folder in the cloud assembly: exactly the files `cdk deploy` uploads. */
  assetDir: string;
  handler: string;
  runtime: string;
  memoryMb: number;
  timeoutS: number;
  environment: Record<string, string>;
  role: LocalRole;
}

export interface LocalStateMachine {
  name: string;
  arn: string;
  definition: string;
  role: LocalRole;
}

export interface LocalTable {
  name: string;
  arn: string;
  properties: Json;
}

export interface LocalSchedule {
  name: string;
  expression: string;
  timeZone: string;
  targetArn: string;
  input: string;
  role: LocalRole;
}

export interface LocalDeployment {
  functions: LocalFunction[];
  roles: LocalRole[];
  tables: LocalTable[];
  buckets: { logicalId: string; name: string; arn: string; properties: Json; cors?: Json }[];
  stateMachines: LocalStateMachine[];
  schedules: LocalSchedule[];
  secrets: { logicalId: string; arn: string }[];
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const LAMBDA_DEFAULTS = { memoryMb: 128, timeoutS: 3 };

/** Local physical names, stable across restarts (the data folder keeps the table and bucket by these names). */
function physicalName(logicalId: string, r: Json): string {
  const p = r.Properties ?? {};
  switch (r.Type) {
    case 'AWS::DynamoDB::Table':
      return p.TableName ?? 'ketnap';
    case 'AWS::S3::Bucket':
      return (
        p.BucketName ??
        (logicalId.startsWith('StorageDocuments') ? 'ketnap-documents' : logicalId.toLowerCase())
      );
    case 'AWS::Lambda::Function':
      return p.FunctionName ?? logicalId;
    case 'AWS::StepFunctions::StateMachine':
      return p.StateMachineName ?? logicalId;
    case 'AWS::IAM::Role':
      return p.RoleName ?? `Ketnap-${logicalId}`;
    case 'AWS::Logs::LogGroup':
      return p.LogGroupName ?? `/ketnap/${logicalId}`;
    case 'AWS::Scheduler::Schedule':
      return p.Name ?? logicalId;
    default:
      return logicalId;
  }
}

/** Resolves CloudFormation intrinsics against the local deployment; anything it does not know throws. */
export function createResolver(template: Json, ctx: LocalContext) {
  const resources: Record<string, Json> = template.Resources ?? {};
  const arnOf = (id: string): string => {
    const r = resources[id];
    if (!r) throw new TemplateError(`no resource ${id}`);
    const name = physicalName(id, r);
    const { region, account } = ctx;
    switch (r.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${region}:${account}:key/${id}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${region}:${account}:secret:${id}-local`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${account}:${id}`;
      case 'AWS::Cognito::UserPool':
        return `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_${id}`;
      case 'AWS::Scheduler::Schedule':
        return `arn:aws:scheduler:${region}:${account}:schedule/default/${name}`;
      default:
        throw new TemplateError(`no local ARN for ${r.Type} (${id})`);
    }
  };
  const ref = (id: string): string => {
    switch (id) {
      case 'AWS::Region':
        return ctx.region;
      case 'AWS::AccountId':
        return ctx.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'Ketnap';
    }
    const r = resources[id];
    if (!r) throw new TemplateError(`Ref to unknown ${id}`);
    switch (r.Type) {
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SecretsManager::Secret':
      case 'AWS::SNS::Topic':
        return arnOf(id);
      case 'AWS::Cognito::UserPool':
        return `${ctx.region}_${id}`;
      case 'AWS::Cognito::UserPoolClient':
        return ctx.identity?.audience ?? id;
      case 'AWS::Cognito::UserPoolDomain':
        return r.Properties?.Domain ?? id;
      case 'AWS::ApiGatewayV2::Api':
        return id;
      case 'AWS::SES::EmailIdentity':
        return r.Properties?.EmailIdentity ?? id;
      default:
        return physicalName(id, r);
    }
  };
  const getAtt = (id: string, attr: string): string => {
    const r = resources[id];
    if (!r) throw new TemplateError(`GetAtt of unknown ${id}`);
    if (attr === 'Arn') return arnOf(id);
    if (r.Type === 'AWS::ApiGatewayV2::Api' && attr === 'ApiEndpoint') return ctx.apiEndpoint;
    if (r.Type === 'AWS::Cognito::UserPool' && attr === 'ProviderURL')
      return `https://cognito-idp.${ctx.region}.amazonaws.com/${ref(id)}`;
    if (r.Type === 'AWS::StepFunctions::StateMachine' && attr === 'Name') return physicalName(id, r);
    throw new TemplateError(`no local value for GetAtt ${id}.${attr} (${r.Type})`);
  };

  const resolve = (v: Json): Json => {
    if (typeof v === 'string') return dynamicRefs(v);
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 1) {
        const k = keys[0] as string;
        const a = v[k];
        if (k === 'Ref') return ref(a);
        if (k === 'Fn::GetAtt') return getAtt(a[0], a[1]);
        if (k === 'Fn::Join') return (resolve(a[1]) as string[]).join(a[0]);
        if (k === 'Fn::Select') return (resolve(a[1]) as Json[])[Number(resolve(a[0]))];
        if (k === 'Fn::Split') return String(resolve(a[1])).split(a[0]);
        if (k === 'Fn::Sub') {
          const [text, vars] = typeof a === 'string' ? [a, {}] : [a[0], resolve(a[1])];
          return String(text).replace(/\$\{([^}]+)\}/g, (_m: string, name: string) => {
            if (name in vars) return vars[name];
            const [id, att] = name.split('.');
            return att ? getAtt(id as string, att) : ref(id as string);
          });
        }
        if (k.startsWith('Fn::') || k === 'Condition')
          throw new TemplateError(`intrinsic ${k} is not resolved by the embedded stack`);
      }
      return Object.fromEntries(keys.map((k) => [k, resolve(v[k])]));
    }
    return v;
  };

  const dynamicRefs = (s: string): string =>
    s.replace(/\{\{resolve:secretsmanager:([^}]+)\}\}/g, (_m, spec: string) => {
      const arn = /^(arn:aws:secretsmanager:[^:]+:[^:]+:secret:[^:]+)/.exec(spec)?.[1];
      if (!arn || !ctx.secretValue)
        throw new TemplateError('a secretsmanager reference the stack cannot resolve');
      return ctx.secretValue(arn);
    });

  /** AWS service URLs that the stand-ins serve locally (as DNS would send them to AWS). */
  const localUrl = (s: string): string => {
    if (!ctx.identity) return s;
    const issuer = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[A-Za-z0-9_-]+/;
    const hosted = /^https:\/\/[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com/;
    return s.replace(issuer, ctx.identity.issuer).replace(hosted, ctx.identity.oauthUrl);
  };

  return {
    resolve,
    ref,
    getAtt,
    arnOf,
    physicalName: (id: string) => physicalName(id, resources[id]),
    localUrl,
  };
}

/** Reads `<dir>/<stack>.template.json` and its assets manifest into the local deployment. */
export function readDeployment(dir: string, ctx: LocalContext, stackName = 'Ketnap'): LocalDeployment {
  const template: Json = JSON.parse(readFileSync(join(dir, `${stackName}.template.json`), 'utf8'));
  const assets: Json = JSON.parse(readFileSync(join(dir, `${stackName}.assets.json`), 'utf8'));
  const r = createResolver(template, ctx);
  const resources: Record<string, Json> = template.Resources;
  const entries = Object.entries(resources);

  const roles = new Map<string, LocalRole>();
  for (const [id, res] of entries) {
    if (res.Type !== 'AWS::IAM::Role') continue;
    const inline = (res.Properties.Policies ?? []).map((p: Json) => r.resolve(p.PolicyDocument));
    if ((res.Properties.ManagedPolicyArns ?? []).length > 0)
      throw new TemplateError(`role ${id} has managed policies, which the embedded stack does not evaluate`);
    roles.set(id, { logicalId: id, name: r.physicalName(id), arn: r.arnOf(id), policies: inline });
  }
  for (const [id, res] of entries) {
    if (res.Type !== 'AWS::IAM::Policy') continue;
    const doc = r.resolve(res.Properties.PolicyDocument) as PolicyDocument;
    for (const roleRef of res.Properties.Roles ?? []) {
      const role = roles.get(roleRef.Ref);
      if (!role) throw new TemplateError(`policy ${id} attaches to a role that is not in the template`);
      role.policies.push(doc);
    }
  }
  const roleOf = (v: Json, what: string): LocalRole => {
    const id = v?.['Fn::GetAtt']?.[0] ?? v?.Ref;
    const role = id && roles.get(id);
    if (!role) throw new TemplateError(`${what}: role not found in the template`);
    return role;
  };

  const functions: LocalFunction[] = [];
  for (const [id, res] of entries) {
    if (res.Type !== 'AWS::Lambda::Function') continue;
    const p = res.Properties;
    const key: string = typeof p.Code?.S3Key === 'string' ? p.Code.S3Key : '';
    const hash = key.replace(/\.zip$/, '');
    const source = assets.files?.[hash]?.source;
    if (source?.packaging !== 'zip')
      throw new TemplateError(`function ${id}: its code asset ${hash} is not in the assembly`);
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.Environment?.Variables ?? {}))
      environment[k] = r.localUrl(String(r.resolve(v)));
    functions.push({
      logicalId: id,
      name: r.physicalName(id),
      arn: r.arnOf(id),
      assetDir: join(dir, source.path),
      handler: p.Handler,
      runtime: p.Runtime,
      memoryMb: p.MemorySize ?? LAMBDA_DEFAULTS.memoryMb,
      timeoutS: p.Timeout ?? LAMBDA_DEFAULTS.timeoutS,
      environment,
      role: roleOf(p.Role, `function ${id}`),
    });
  }

  const stateMachines: LocalStateMachine[] = entries
    .filter(([, res]) => res.Type === 'AWS::StepFunctions::StateMachine')
    .map(([id, res]) => ({
      name: r.physicalName(id),
      arn: r.arnOf(id),
      definition: String(r.resolve(res.Properties.DefinitionString)),
      role: roleOf(res.Properties.RoleArn, `state machine ${id}`),
    }));

  const schedules: LocalSchedule[] = entries
    .filter(([, res]) => res.Type === 'AWS::Scheduler::Schedule')
    .map(([id, res]) => {
      const p = res.Properties;
      return {
        name: r.physicalName(id),
        expression: p.ScheduleExpression,
        timeZone: p.ScheduleExpressionTimezone ?? 'UTC',
        targetArn: String(r.resolve(p.Target.Arn)),
        input: String(p.Target.Input ?? '{}'),
        role: roleOf(p.Target.RoleArn, `schedule ${id}`),
      };
    });

  return {
    functions,
    roles: [...roles.values()],
    tables: entries
      .filter(([, res]) => res.Type === 'AWS::DynamoDB::Table')
      .map(([id, res]) => ({ name: r.physicalName(id), arn: r.arnOf(id), properties: res.Properties })),
    buckets: entries
      .filter(([, res]) => res.Type === 'AWS::S3::Bucket')
      .map(([id, res]) => ({
        logicalId: id,
        name: r.physicalName(id),
        arn: r.arnOf(id),
        properties: res.Properties,
        ...(res.Properties?.CorsConfiguration ? { cors: r.resolve(res.Properties.CorsConfiguration) } : {}),
      })),
    stateMachines,
    schedules,
    secrets: entries
      .filter(([, res]) => res.Type === 'AWS::SecretsManager::Secret')
      .map(([id]) => ({ logicalId: id, arn: r.arnOf(id) })),
  };
}
