// The data: the table equals the local one (keys, indexes, TTL from shared/adapters/table.ts) with PITR,
// deletion protection and RETAIN; the documents bucket is versioned, KMS-encrypted with a rotating CMK,
// private, TLS-only, access-logged, tiered after 180 days, and accepts presigned POSTs from the app only.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createTableInput, TABLE } from '../../shared/adapters/table.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { type Json, resourcesOf, synthesized } from './support/template.ts';

const { template, json } = synthesized();

describe('table', () => {
  const [[tableId, table]] = resourcesOf(json, 'AWS::DynamoDB::Table') as [[string, Json]];

  it('is the only table, kept on stack deletion', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('has the keys, attributes and indexes of the embedded stack’s table', () => {
    const local = createTableInput();
    const p = table.Properties;
    expect(p.KeySchema).toEqual(local.KeySchema);
    const sortByName = (a: { AttributeName: string }, b: { AttributeName: string }) =>
      a.AttributeName.localeCompare(b.AttributeName);
    expect([...p.AttributeDefinitions].sort(sortByName)).toEqual(
      [...local.AttributeDefinitions].sort(sortByName),
    );
    expect(p.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(p.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
    ]);
  });

  it('is on demand, with point-in-time recovery, deletion protection and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(tableId).toMatch(/^StorageTable/);
  });
});

describe('documents bucket', () => {
  const buckets = resourcesOf(json, 'AWS::S3::Bucket');
  const [docId, docs] = buckets.find(([id]) => id.startsWith('StorageDocuments')) as [string, Json];
  const [logsId, logs] = buckets.find(([id]) => id.startsWith('StorageAccessLogs')) as [string, Json];

  it('exists with its access-log bucket, both kept on stack deletion', () => {
    expect(buckets).toHaveLength(2);
    expect(docs.DeletionPolicy).toBe('Retain');
    expect(logs.DeletionPolicy).toBe('Retain');
  });

  it('is versioned and blocks every kind of public access', () => {
    expect(docs.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    for (const b of [docs, logs]) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('is encrypted with a customer-managed KMS key that rotates', () => {
    const rule = docs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    const keyId = rule.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    expect(json.Resources[keyId].Type).toBe('AWS::KMS::Key');
    expect(json.Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    expect(rule.BucketKeyEnabled).toBe(true);
  });

  it('refuses plain HTTP (bucket policy denies aws:SecureTransport = false)', () => {
    for (const id of [docId, logsId]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('logs every access to the log bucket', () => {
    expect(docs.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: 'documents/',
    });
  });

  it('moves documents to Standard-IA after 180 days', () => {
    const rules = docs.Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 180 }],
      }),
    );
  });

  it('accepts a presigned POST from the app’s origin only', () => {
    expect(docs.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedOrigins: [TEST_CONFIG.appOrigin], AllowedMethods: ['POST'] }),
    ]);
  });
});
