// Minimal provisioning by engineer A until engineer C replaces this file (C owns it).
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const gsi = (n: number) => ({
  IndexName: `GSI${n}`,
  KeySchema: [
    { AttributeName: `GSI${n}PK`, KeyType: 'HASH' as const },
    { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** Create the table and the bucket of the embedded stack (idempotent). */
export async function provision(env: Record<string, string>): Promise<void> {
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
  };
  const ddb = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials,
  });
  const s3 = new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    credentials,
    forcePathStyle: true,
  });
  try {
    const TableName = env.TABLE_NAME ?? 'ketnap';
    try {
      await ddb.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'].map(
            (AttributeName) => ({
              AttributeName,
              AttributeType: 'S' as const,
            }),
          ),
          GlobalSecondaryIndexes: [gsi(1), gsi(2), gsi(3)],
        }),
      );
      await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName });
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    try {
      await s3.send(new CreateBucketCommand({ Bucket: env.BUCKET_NAME ?? 'ketnap-documents' }));
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}
