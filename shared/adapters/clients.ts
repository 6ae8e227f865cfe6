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
import { config } from './config.ts';

// The configuration's home is config.ts; re-exported here for the modules that import it with the clients.
export { type Config, ConfigError, config } from './config.ts';

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
  const c = config();
  const key = [
    c.awsRegion,
    c.awsEndpointUrlDynamodb,
    c.awsEndpointUrlS3,
    c.awsEndpointUrlSfn,
    c.awsEndpointUrlSesv2,
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
