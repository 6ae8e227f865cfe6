import type { App } from 'aws-cdk-lib';

/**
 * Deployment parameters. Each one is read from CDK context (`cdk deploy -c senderAddress=...`) or from
 * cdk.json's "context" block; every one has an offline default so `npm run synth` works with no AWS
 * credentials and no flags.
 */
export interface KetnapConfig {
  /** AWS account; unset = environment-agnostic template (fine for synth, `cdk deploy` fills it in). */
  readonly account?: string;
  /**
   * Region. Vietnam's personal-data law (Decree 13/2023, Law on Personal Data Protection 2025) treats Party
   * membership as sensitive data: choose the region knowingly. Default ap-southeast-1 (Singapore).
   */
  readonly region: string;
  /** Sender address of every mail (SES). */
  readonly senderAddress: string;
  /** Mail domain verified in SES (DKIM records to publish). Must be the sender address's domain. */
  readonly domain: string;
  /** Public origin of the web app (CORS of the documents bucket, links in mail). Unset = the HTTP API's URL. */
  readonly appOrigin?: string;
  /**
   * S3-compatible document store outside AWS (e.g. a provider in Vietnam). When set, the documents bucket is
   * not created in AWS: functions get AWS_ENDPOINT_URL_S3 = this endpoint and BUCKET_NAME = documentsBucket.
   */
  readonly documentsEndpoint?: string;
  /** Bucket name at `documentsEndpoint` (required with it). */
  readonly documentsBucket?: string;
  /** Cognito hosted-login domain prefix (globally unique per region). */
  readonly authDomainPrefix?: string;
  /** Optional e-mail address that receives the workflow alarms. */
  readonly alarmEmail?: string;
  /** Powertools log level of every function. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export const DEFAULT_CONFIG: KetnapConfig = {
  region: 'ap-southeast-1',
  senderAddress: 'no-reply@ketnap.example',
  domain: 'ketnap.example',
  logLevel: 'INFO',
};

const KEYS = [
  'account',
  'region',
  'senderAddress',
  'domain',
  'appOrigin',
  'documentsEndpoint',
  'documentsBucket',
  'authDomainPrefix',
  'alarmEmail',
  'logLevel',
] as const;

/** Reads the parameters from CDK context, then checks them: a bad parameter stops the synth with a clear message. */
export function configFromContext(app: App, env: NodeJS.ProcessEnv = process.env): KetnapConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of KEYS) {
    const value = app.node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = String(value);
  }
  return checkConfig({
    ...DEFAULT_CONFIG,
    account: env.CDK_DEFAULT_ACCOUNT,
    ...(env.CDK_DEFAULT_REGION ? { region: env.CDK_DEFAULT_REGION } : {}),
    ...raw,
  } as KetnapConfig);
}

export function checkConfig(config: KetnapConfig): KetnapConfig {
  const problems: string[] = [];
  const at = config.senderAddress.lastIndexOf('@');
  if (at < 1) problems.push(`senderAddress "${config.senderAddress}" is not an e-mail address`);
  else if (config.senderAddress.slice(at + 1).toLowerCase() !== config.domain.toLowerCase()) {
    problems.push(`senderAddress "${config.senderAddress}" is not at domain "${config.domain}"`);
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(config.region))
    problems.push(`region "${config.region}" is not a region name`);
  if (config.appOrigin !== undefined && !/^https:\/\/[^/]+$/.test(config.appOrigin)) {
    problems.push(`appOrigin "${config.appOrigin}" must be https://host with no path`);
  }
  if (config.documentsEndpoint !== undefined) {
    if (!/^https:\/\/[^/]+\/?$/.test(config.documentsEndpoint)) {
      problems.push(`documentsEndpoint "${config.documentsEndpoint}" must be an https:// URL`);
    }
    if (!config.documentsBucket) problems.push('documentsEndpoint needs documentsBucket');
  }
  if (!['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(config.logLevel)) {
    problems.push(`logLevel "${config.logLevel}" is not DEBUG, INFO, WARN or ERROR`);
  }
  if (problems.length > 0) throw new Error(`ketnap: bad deployment parameters:\n- ${problems.join('\n- ')}`);
  return config;
}
