// Provisioning of the embedded stack from the synthesized template (infra/local/assembly): the table with the
// key schema, indexes and TTL the template declares, the documents bucket with its CORS, and the state machines
// with their definitions and roles exactly as the template has them (created, or updated when their definition
// changed). Idempotent; called by startStack before the Step Functions service resumes.
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  SFNClient,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { LocalDeployment } from './assembly/template.ts';

/** CreateTable's input from the template's AWS::DynamoDB::Table properties. */
// biome-ignore lint/suspicious/noExplicitAny: template properties are CloudFormation JSON
function createTableFromTemplate(name: string, p: any) {
  return {
    TableName: name,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    BillingMode: p.BillingMode ?? 'PAY_PER_REQUEST',
    // biome-ignore lint/suspicious/noExplicitAny: idem
    GlobalSecondaryIndexes: (p.GlobalSecondaryIndexes ?? []).map((g: any) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
    })),
  };
}

/** Create the table, the bucket and the state machines of the embedded stack (idempotent). */
export async function provision(env: Record<string, string>, deployment: LocalDeployment): Promise<void> {
  const region = env.AWS_REGION ?? 'ap-southeast-1';
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
  };
  const ddb = new DynamoDBClient({ region, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB, credentials });
  const s3 = new S3Client({ region, endpoint: env.AWS_ENDPOINT_URL_S3, credentials, forcePathStyle: true });
  const sfn = new SFNClient({ region, endpoint: env.AWS_ENDPOINT_URL_SFN, credentials });
  try {
    const table = deployment.tables[0];
    if (!table) throw new Error('the template has no table');
    const TableName = table.name;
    try {
      await ddb.send(new CreateTableCommand(createTableFromTemplate(TableName, table.properties)));
      await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName });
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName }));
    const ttlSpec = table.properties.TimeToLiveSpecification as
      | { AttributeName: string; Enabled: boolean }
      | undefined;
    if (ttlSpec?.Enabled && ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: ttlSpec.AttributeName, Enabled: true },
        }),
      );
    }
    for (const bucket of deployment.buckets.filter((b) => b.name === env.BUCKET_NAME)) {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
      } catch (err) {
        const name = (err as Error).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
      }
      // the browser uploads straight to the bucket (presigned POST) from the web app's origin: the template's CORS
      const rules = (bucket.cors?.CorsRules ?? []) as {
        AllowedHeaders?: string[];
        AllowedMethods: string[];
        AllowedOrigins: string[];
        ExposedHeaders?: string[];
        MaxAge?: number;
      }[];
      if (rules.length > 0) {
        await s3.send(
          new PutBucketCorsCommand({
            Bucket: bucket.name,
            CORSConfiguration: {
              CORSRules: rules.map((r) => ({
                AllowedHeaders: r.AllowedHeaders,
                AllowedMethods: r.AllowedMethods,
                AllowedOrigins: r.AllowedOrigins,
                ExposeHeaders: r.ExposedHeaders,
                MaxAgeSeconds: r.MaxAge,
              })),
            },
          }),
        );
      }
    }
    for (const m of deployment.stateMachines) {
      const { arn, definition } = m;
      let current: string | undefined;
      try {
        current = (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition;
      } catch (err) {
        if ((err as Error).name !== 'StateMachineDoesNotExist') throw err;
      }
      if (current === undefined) {
        await sfn.send(
          new CreateStateMachineCommand({
            name: m.name,
            definition,
            roleArn: m.role.arn,
            type: 'STANDARD',
          }),
        );
      } else if (current !== definition) {
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition }));
      }
    }
  } finally {
    ddb.destroy();
    s3.destroy();
    sfn.destroy();
  }
}
