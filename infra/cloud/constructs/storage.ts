import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type KeyAttribute, TABLE } from '../../../shared/adapters/table.ts';

export interface StorageProps {
  /** Origin allowed to POST documents straight from the browser (presigned POST). */
  readonly appOrigin: string;
  /** S3-compatible store outside AWS: when set, no documents bucket is created in AWS. */
  readonly external?: { readonly endpoint: string; readonly bucketName: string };
}

/** Where the documents are: an AWS bucket (with its key), or a bucket at an S3-compatible endpoint. */
export interface Documents {
  readonly bucketName: string;
  readonly bucket?: Bucket;
  readonly key?: Key;
  readonly endpoint?: string;
}

/** Days after which a document moves to a cheaper storage class (dossiers are rarely read after admission). */
export const DOCUMENTS_INFREQUENT_AFTER_DAYS = 180;

const attributeType = (a: KeyAttribute) => ({
  name: a.name,
  type: a.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * The data: the single table (its keys and indexes from shared/adapters/table.ts, so the cloud table equals
 * the local one) and the documents bucket.
 */
export class Storage extends Construct {
  readonly table: Table;
  /** ARNs of the table's indexes, named one by one (grants carry no `index/*` wildcard). */
  readonly indexArns: string[];
  readonly documents: Documents;
  readonly logsBucket?: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: attributeType(TABLE.partitionKey),
      sortKey: attributeType(TABLE.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      encryption: TableEncryption.AWS_MANAGED,
    });
    for (const index of TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attributeType(index.partitionKey),
        sortKey: attributeType(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    this.indexArns = TABLE.globalSecondaryIndexes.map((i) => `${this.table.tableArn}/index/${i.indexName}`);

    if (props.external) {
      this.documents = { bucketName: props.external.bucketName, endpoint: props.external.endpoint };
      return;
    }

    const key = new Key(this, 'DocumentsKey', {
      description: 'ketnap documents (dossiers of candidates: sensitive personal data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs: S3 delivers them only to an SSE-S3 bucket.
    this.logsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    const bucket = new Bucket(this, 'Documents', {
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'documents-to-infrequent-access',
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(DOCUMENTS_INFREQUENT_AFTER_DAYS),
            },
          ],
          noncurrentVersionTransitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // a large export's five-minute link is long gone after a day: the copy goes too
        {
          id: 'expire-exports',
          prefix: 'exports/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      cors: [
        {
          // the browser POSTs the file straight to S3 with the presigned POST's form fields
          allowedOrigins: [props.appOrigin],
          allowedMethods: [HttpMethods.POST],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3000,
        },
      ],
    });
    this.documents = { bucketName: bucket.bucketName, bucket, key };
  }
}
