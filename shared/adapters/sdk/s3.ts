// The S3 part of the AWS SDK that ketnap uses, loaded by clients.ts only when a request first needs it (a
// Lambda bundle keeps it in a chunk of its own: a cold start that touches no document does not parse it).
export {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
export { createPresignedPost } from '@aws-sdk/s3-presigned-post';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
