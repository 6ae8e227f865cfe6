// Provisioning of the embedded stack: the table from shared/adapters/table.ts (with its GSIs and
// TTL), the documents bucket, and the two state machines rendered from workflows/ (created, or updated when
// their definition changed). Idempotent; called by startStack before the Step Functions service resumes.
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
import { createTableInput, TABLE } from '../../shared/adapters/table.ts';
import { localAsl } from '../../workflows/asl/index.ts';

const MACHINES = [
  { name: 'admission', envVar: 'ADMISSION_STATE_MACHINE_ARN' },
  { name: 'probation', envVar: 'PROBATION_STATE_MACHINE_ARN' },
] as const;

/** Create the table, the bucket and the state machines of the embedded stack (idempotent). */
export async function provision(env: Record<string, string>): Promise<void> {
  const region = env.AWS_REGION ?? 'ap-southeast-1';
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
  };
  const ddb = new DynamoDBClient({ region, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB, credentials });
  const s3 = new S3Client({ region, endpoint: env.AWS_ENDPOINT_URL_S3, credentials, forcePathStyle: true });
  const sfn = new SFNClient({ region, endpoint: env.AWS_ENDPOINT_URL_SFN, credentials });
  try {
    const TableName = env.TABLE_NAME ?? 'ketnap';
    try {
      await ddb.send(new CreateTableCommand(createTableInput(TableName)));
      await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName });
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
    try {
      await s3.send(new CreateBucketCommand({ Bucket: env.BUCKET_NAME ?? 'ketnap-documents' }));
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
    // the browser uploads straight to the bucket (presigned POST) from the web app's origin
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: env.BUCKET_NAME ?? 'ketnap-documents',
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [env.APP_BASE_URL ?? '*'],
              AllowedMethods: ['POST', 'GET', 'HEAD'],
              AllowedHeaders: ['*'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    );
    const account = /:(\d{12}):/.exec(env.ADMISSION_STATE_MACHINE_ARN ?? '')?.[1] ?? '000000000000';
    for (const m of MACHINES) {
      const arn = env[m.envVar] ?? `arn:aws:states:${region}:${account}:stateMachine:ketnap-${m.name}`;
      const definition = localAsl(m.name, region, account);
      let current: string | undefined;
      try {
        current = (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition;
      } catch (err) {
        if ((err as Error).name !== 'StateMachineDoesNotExist') throw err;
      }
      if (current === undefined) {
        await sfn.send(
          new CreateStateMachineCommand({
            name: arn.split(':').pop() ?? `ketnap-${m.name}`,
            definition,
            roleArn: `arn:aws:iam::${account}:role/ketnap-workflows`,
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
