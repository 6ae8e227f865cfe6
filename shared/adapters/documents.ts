/**
 * The document store (S3). The browser uploads straight to S3 with a presigned POST whose key the server
 * fixed; the app then checks what arrived (size, magic bytes), hashes it, and keeps or deletes it. The POST
 * policy's conditions are not trusted alone (the embedded S3 enforces them as S3 does; they are a first fence only).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { config, s3 } from './clients.ts';

/** ASCII path segment for a form code ('CN-NTVĐ' → 'CN-NTVD'). */
export const formSlug = (formCode: string) =>
  formCode
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9-]/g, '_');

export const documentKey = (cellId: string, candidateId: string, formCode: string, docId: string) =>
  `cells/${cellId}/candidates/${candidateId}/${formSlug(formCode)}/${docId}`;

export async function presignPost(key: string, contentType: string, maxBytes: number, expiresSeconds = 600) {
  const { client, sdk } = await s3();
  return sdk.createPresignedPost(client, {
    Bucket: config().bucketName,
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: expiresSeconds,
  });
}

export async function headObject(key: string): Promise<{ size: number } | undefined> {
  try {
    const { client, sdk } = await s3();
    const res = await client.send(new sdk.HeadObjectCommand({ Bucket: config().bucketName, Key: key }));
    return { size: res.ContentLength ?? 0 };
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw err;
  }
}

export type Sniffed = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type by magic bytes: PDF `%PDF-`, JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`; else undefined. */
export function sniff(head: Uint8Array): Sniffed | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/** Reads the object once: its first bytes (for the type) and its SHA-256. */
export async function inspectObject(
  key: string,
): Promise<{ head: Uint8Array; sha256: string; size: number }> {
  const { client, sdk } = await s3();
  const res = await client.send(new sdk.GetObjectCommand({ Bucket: config().bucketName, Key: key }));
  const hash = createHash('sha256');
  const head: number[] = [];
  let size = 0;
  for await (const chunk of res.Body as Readable) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
    for (let i = 0; i < buf.length && head.length < 16; i++) head.push(buf[i] as number);
  }
  return { head: Uint8Array.from(head), sha256: hash.digest('hex'), size };
}

/** Writes an object the server itself produced (demo documents, large exports). */
export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  const { client, sdk } = await s3();
  await client.send(
    new sdk.PutObjectCommand({ Bucket: config().bucketName, Key: key, Body: body, ContentType: contentType }),
  );
}

export async function deleteObject(key: string): Promise<void> {
  const { client, sdk } = await s3();
  await client.send(new sdk.DeleteObjectCommand({ Bucket: config().bucketName, Key: key }));
}

/** A short-lived GET link (after the caller checked who may read it). */
export async function presignGet(key: string, fileName: string, expiresSeconds = 300): Promise<string> {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'document';
  const { client, sdk } = await s3();
  return sdk.getSignedUrl(
    client,
    new sdk.GetObjectCommand({
      Bucket: config().bucketName,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${ascii}"`,
    }),
    { expiresIn: expiresSeconds },
  );
}
