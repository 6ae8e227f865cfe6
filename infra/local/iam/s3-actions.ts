/** S3 REST requests (path-style) as IAM checks, the way S3 authorizes them. */
import type { Check } from './gate.ts';
import { queryPairs } from './sigv4.ts';

export interface S3Target {
  bucket?: string;
  key?: string;
  query: Map<string, string>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function s3Target(url: string): S3Target {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new Map(queryPairs(q < 0 ? '' : url.slice(q + 1)));
  const m = /^\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!m) return { query };
  const key = m[2] === undefined || m[2] === '' ? undefined : decode(m[2]);
  return { bucket: decode(m[1] as string), key, query };
}

const objArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** Sub-resources of a bucket request → [GET action, PUT action, DELETE action]. */
const BUCKET_SUB: Record<string, [string, string, string]> = {
  cors: ['s3:GetBucketCORS', 's3:PutBucketCORS', 's3:PutBucketCORS'],
  website: ['s3:GetBucketWebsite', 's3:PutBucketWebsite', 's3:DeleteBucketWebsite'],
  location: ['s3:GetBucketLocation', 's3:GetBucketLocation', 's3:GetBucketLocation'],
  policy: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  acl: ['s3:GetBucketAcl', 's3:PutBucketAcl', 's3:PutBucketAcl'],
  tagging: ['s3:GetBucketTagging', 's3:PutBucketTagging', 's3:PutBucketTagging'],
  versioning: ['s3:GetBucketVersioning', 's3:PutBucketVersioning', 's3:PutBucketVersioning'],
  versions: ['s3:ListBucketVersions', 's3:ListBucketVersions', 's3:ListBucketVersions'],
  uploads: [
    's3:ListBucketMultipartUploads',
    's3:ListBucketMultipartUploads',
    's3:ListBucketMultipartUploads',
  ],
  lifecycle: ['s3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
  notification: ['s3:GetBucketNotification', 's3:PutBucketNotification', 's3:PutBucketNotification'],
};

/**
 * The checks of a request; `copySource` is the decoded x-amz-copy-source header, `deleteKeys` the keys of a
 * multi-object delete. Browser POST uploads (POST on a bucket) are checked by post-policy.ts, not here.
 */
export function s3Checks(
  method: string,
  t: S3Target,
  copySource?: string,
  deleteKeys: string[] = [],
): Check[] {
  const m = method.toUpperCase();
  if (!t.bucket) return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
  const b = t.bucket;
  if (t.key === undefined) {
    const sub = Object.keys(BUCKET_SUB).find((s) => t.query.has(s));
    if (sub) {
      const [g, p, d] = BUCKET_SUB[sub] as [string, string, string];
      return [{ action: m === 'PUT' ? p : m === 'DELETE' ? d : g, resource: bucketArn(b) }];
    }
    if (m === 'PUT') return [{ action: 's3:CreateBucket', resource: bucketArn(b) }];
    if (m === 'DELETE') return [{ action: 's3:DeleteBucket', resource: bucketArn(b) }];
    if (m === 'POST' && t.query.has('delete'))
      return deleteKeys.map((k) => ({ action: 's3:DeleteObject', resource: objArn(b, k) }));
    // GET (ListObjects/ListObjectsV2) and HEAD (HeadBucket) need s3:ListBucket
    return [
      {
        action: 's3:ListBucket',
        resource: bucketArn(b),
        context: {
          's3:prefix': t.query.get('prefix'),
          's3:delimiter': t.query.get('delimiter'),
          's3:max-keys': t.query.get('max-keys'),
        },
      },
    ];
  }
  const k = t.key;
  const res = objArn(b, k);
  if (m === 'GET' || m === 'HEAD') {
    if (t.query.has('acl')) return [{ action: 's3:GetObjectAcl', resource: res }];
    if (t.query.has('tagging')) return [{ action: 's3:GetObjectTagging', resource: res }];
    return [{ action: t.query.has('versionId') ? 's3:GetObjectVersion' : 's3:GetObject', resource: res }];
  }
  if (m === 'PUT') {
    if (t.query.has('tagging')) return [{ action: 's3:PutObjectTagging', resource: res }];
    if (t.query.has('acl')) return [{ action: 's3:PutObjectAcl', resource: res }];
    if (copySource !== undefined) {
      const src = copySource.replace(/^\//, '').split('?')[0] ?? '';
      return [
        { action: 's3:GetObject', resource: `arn:aws:s3:::${src}` },
        { action: 's3:PutObject', resource: res },
      ];
    }
    return [{ action: 's3:PutObject', resource: res }];
  }
  if (m === 'DELETE') {
    if (t.query.has('uploadId')) return [{ action: 's3:AbortMultipartUpload', resource: res }];
    return [
      { action: t.query.has('versionId') ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: res },
    ];
  }
  // POST ?uploads / ?uploadId (multipart upload): PutObject
  return [{ action: 's3:PutObject', resource: res }];
}
