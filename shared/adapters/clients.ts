/**
 * AWS SDK clients, created once per process on first use and configured ONLY by the standard environment
 * (AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>, credentials). No "if local" branch: the embedded stack only sets
 * those variables.
 *
 * DynamoDB is imported eagerly: every handler reads the table on every call. S3, Step Functions and SES are
 * loaded on first use (`await s3()`, `sfn()`, `ses()`), so a cold start that needs none of them does not pay
 * for them (in a Lambda bundle they live in chunks of their own: see infra/cloud/bundle.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

export type Config = {
  tableName: string;
  bucketName: string;
  admissionArn: string;
  probationArn: string;
  appBaseUrl: string;
  mailFrom: string;
  /** largest accepted upload, bytes (DOCUMENT_MAX_BYTES, default 20 MB) */
  maxUploadBytes: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Each setting: its environment variable, its schema, and a default only where the product has one. */
const SETTINGS: { [K in keyof Config]: { env: string; schema: z.ZodType<Config[K]>; default?: string } } = {
  tableName: { env: 'TABLE_NAME', schema: z.string().min(1) },
  bucketName: { env: 'BUCKET_NAME', schema: z.string().min(3) },
  admissionArn: { env: 'ADMISSION_STATE_MACHINE_ARN', schema: z.string().startsWith('arn:') },
  probationArn: { env: 'PROBATION_STATE_MACHINE_ARN', schema: z.string().startsWith('arn:') },
  appBaseUrl: { env: 'APP_BASE_URL', schema: z.url().transform((u) => u.replace(/\/$/, '')) },
  mailFrom: { env: 'MAIL_FROM', schema: z.string().min(3) },
  maxUploadBytes: {
    env: 'DOCUMENT_MAX_BYTES',
    schema: z.coerce.number().int().positive(),
    default: String(20 * 1024 * 1024),
  },
};

/**
 * The function's configuration, read from its environment when a setting is used and parsed with zod. A setting
 * whose variable the function was not given (its template lacks it) throws ConfigError naming the variable:
 * there are no silent defaults that would happen to match the embedded stack's names.
 */
export function config(env: NodeJS.ProcessEnv = process.env): Config {
  const out = {} as Config;
  for (const [key, s] of Object.entries(SETTINGS) as [keyof Config, (typeof SETTINGS)[keyof Config]][]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      get() {
        const raw = env[s.env] ?? s.default;
        if (raw === undefined || raw === '')
          throw new ConfigError(
            `${s.env} is not set for this function: infra/cloud/functions.ts gives each function the variables it uses`,
          );
        const parsed = s.schema.safeParse(raw);
        if (!parsed.success) throw new ConfigError(`${s.env} is not valid for this function`);
        return parsed.data;
      },
    });
  }
  return out;
}

type S3Sdk = typeof import('./sdk/s3.ts');
type SfnSdk = typeof import('./sdk/sfn.ts');
type SesSdk = typeof import('./sdk/ses.ts');

type Clients = {
  key: string;
  ddb: DynamoDBDocumentClient;
  s3?: InstanceType<S3Sdk['S3Client']>;
  sfn?: InstanceType<SfnSdk['SFNClient']>;
  ses?: InstanceType<SesSdk['SESv2Client']>;
};
let cached: Clients | undefined;

/** The endpoints the clients were made for (re-created when they change, e.g. a restarted test stack). */
function current(): Clients {
  const key = [
    process.env.AWS_REGION,
    process.env.AWS_ENDPOINT_URL_DYNAMODB,
    process.env.AWS_ENDPOINT_URL_S3,
    process.env.AWS_ENDPOINT_URL_SFN,
    process.env.AWS_ENDPOINT_URL_SESV2,
  ].join('|');
  if (cached?.key === key) return cached;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  cached = { key, ddb };
  return cached;
}

/** The DynamoDB document client (synchronous: it is always loaded). */
export function clients(): { ddb: DynamoDBDocumentClient } {
  return current();
}

/** The S3 client and the S3 commands/presigners, loaded on first use. */
export async function s3(): Promise<{ client: InstanceType<S3Sdk['S3Client']>; sdk: S3Sdk }> {
  const sdk = await import('./sdk/s3.ts');
  const c = current();
  c.s3 ??= new sdk.S3Client({});
  return { client: c.s3, sdk };
}

/** The Step Functions client and commands, loaded on first use. */
export async function sfn(): Promise<{ client: InstanceType<SfnSdk['SFNClient']>; sdk: SfnSdk }> {
  const sdk = await import('./sdk/sfn.ts');
  const c = current();
  c.sfn ??= new sdk.SFNClient({});
  return { client: c.sfn, sdk };
}

/** The SES v2 client and commands, loaded on first use. */
export async function ses(): Promise<{ client: InstanceType<SesSdk['SESv2Client']>; sdk: SesSdk }> {
  const sdk = await import('./sdk/ses.ts');
  const c = current();
  c.ses ??= new sdk.SESv2Client({});
  return { client: c.ses, sdk };
}
