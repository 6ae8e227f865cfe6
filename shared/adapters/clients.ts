/**
 * AWS SDK clients, created once per process on first use and configured ONLY by the standard environment
 * (AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>, credentials). No "if local" branch: the embedded stack only sets
 * those variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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

export function config(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    tableName: env.TABLE_NAME ?? 'ketnap',
    bucketName: env.BUCKET_NAME ?? 'ketnap-documents',
    admissionArn: env.ADMISSION_STATE_MACHINE_ARN ?? '',
    probationArn: env.PROBATION_STATE_MACHINE_ARN ?? '',
    appBaseUrl: (env.APP_BASE_URL ?? 'http://127.0.0.1').replace(/\/$/, ''),
    mailFrom: env.MAIL_FROM ?? 'ketnap@localhost.localdomain',
    maxUploadBytes: Number(env.DOCUMENT_MAX_BYTES ?? 20 * 1024 * 1024),
  };
}

type Clients = { ddb: DynamoDBDocumentClient; s3: S3Client; sfn: SFNClient; ses: SESv2Client };
let cached: (Clients & { key: string }) | undefined;

/** The clients for the current environment (re-created when the endpoints change, e.g. a restarted test stack). */
export function clients(): Clients {
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
  cached = { key, ddb, s3: new S3Client({}), sfn: new SFNClient({}), ses: new SESv2Client({}) };
  return cached;
}
