/**
 * The document store (S3). The browser uploads straight to S3 with a presigned POST whose key the server
 * fixed; the app then checks what arrived (size, magic bytes), hashes it, and keeps or deletes it. The POST
 * policy's conditions are not trusted alone (the embedded S3 enforces them as S3 does; they are a first fence only).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { s3 } from './clients.ts';
import { config } from './config.ts';
import { requires } from './permissions.ts';

/** ASCII path segment for a form code ('CN-NTVĐ' → 'CN-NTVD'). */
export const formSlug = (formCode: string) =>
  formCode
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9-]/g, '_');

export const documentKey = (cellId: string, candidateId: string, formCode: string, docId: string) =>
  `cells/${cellId}/candidates/${candidateId}/${formSlug(formCode)}/${docId}`;

/**
 * Where the browser's presigned POST puts a file: beside the document's own key, never on it. Confirmation
 * copies the object to `documentKey`, which no POST policy names, so nothing can replace a confirmed document.
 */
export const uploadKey = (documentKey: string) => `${documentKey}.upload`;

/** The extensions a detected type may be served under. */
export const EXTENSIONS: Record<Sniffed, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** True when the file name's extension is one of the detected type's. */
export function extensionMatches(fileName: string, type: Sniffed): boolean {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  return ext !== undefined && EXTENSIONS[type].includes(ext);
}

/**
 * Copies an uploaded object to the key the server alone writes, as an opaque attachment (the type a browser
 * gets is set on each download link, from the type detected at confirmation).
 */
export async function copyObject(from: string, to: string): Promise<void> {
  requires('ketnap-iam:documents:s3:GetObject', 'ketnap-iam:documents:s3:PutObject');
  const { client, sdk } = await s3();
  const bucket = config().bucketName;
  await client.send(
    new sdk.CopyObjectCommand({
      Bucket: bucket,
      Key: to,
      CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      MetadataDirective: 'REPLACE',
      ContentType: 'application/octet-stream',
      ContentDisposition: 'attachment',
    }),
  );
}

export async function presignPost(key: string, contentType: string, maxBytes: number, expiresSeconds = 600) {
  requires('ketnap-iam:documents:s3:PutObject');
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
  requires('ketnap-iam:documents:s3:GetObject');
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
  requires('ketnap-iam:documents:s3:GetObject');
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

/** The key prefixes of the bucket's two areas: documents (`cells/`) and generated exports (`exports/`). */
export const DOCUMENTS_PREFIX = 'cells/';
export const EXPORTS_PREFIX = 'exports/';

function within(prefix: string, key: string): string {
  if (!key.startsWith(prefix)) throw new Error(`object key outside ${prefix}`);
  return key;
}

/** Writes a document the server itself produced (the demo seed's documents), under `cells/`. */
export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  requires('ketnap-iam:documents:s3:PutObject');
  const { client, sdk } = await s3();
  await client.send(
    new sdk.PutObjectCommand({
      Bucket: config().bucketName,
      Key: within(DOCUMENTS_PREFIX, key),
      Body: body,
      ContentType: contentType,
    }),
  );
}

/** Writes a generated export (a dossier ZIP too large for a response) under `exports/`. */
export async function putExport(key: string, body: Uint8Array, contentType: string): Promise<void> {
  requires('ketnap-iam:exports:s3:PutObject');
  const { client, sdk } = await s3();
  await client.send(
    new sdk.PutObjectCommand({
      Bucket: config().bucketName,
      Key: within(EXPORTS_PREFIX, key),
      Body: body,
      ContentType: contentType,
    }),
  );
}

export async function deleteObject(key: string): Promise<void> {
  requires('ketnap-iam:documents:s3:DeleteObject');
  const { client, sdk } = await s3();
  await client.send(new sdk.DeleteObjectCommand({ Bucket: config().bucketName, Key: key }));
}

type LinkOptions = { contentType?: string; inline?: boolean; expiresSeconds?: number };

/**
 * The GetObject input of a download link, served with the type detected at confirmation, never the
 * uploader's: `attachment` by default, `inline` to view a PDF or an image in the browser.
 */
function linkInput(key: string, fileName: string, opts: LinkOptions) {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\;]/g, '') || 'document';
  const safeType =
    opts.contentType && (opts.contentType in EXTENSIONS || opts.contentType === 'application/zip')
      ? opts.contentType
      : 'application/octet-stream';
  const inline = opts.inline === true && safeType in EXTENSIONS;
  return {
    Bucket: config().bucketName,
    Key: key,
    ResponseContentType: safeType,
    ResponseContentDisposition: `${inline ? 'inline' : 'attachment'}; filename="${ascii}"`,
    ResponseCacheControl: 'private, no-store',
  };
}

/** A short-lived GET link to a document under `cells/` (after the caller checked who may read it). */
export async function presignGet(key: string, fileName: string, opts: LinkOptions = {}): Promise<string> {
  requires('ketnap-iam:documents:s3:GetObject');
  const { client, sdk } = await s3();
  return sdk.getSignedUrl(
    client,
    new sdk.GetObjectCommand(linkInput(within(DOCUMENTS_PREFIX, key), fileName, opts)),
    {
      expiresIn: opts.expiresSeconds ?? 300,
    },
  );
}

/** A short-lived GET link to a generated export under `exports/`. */
export async function presignExport(key: string, fileName: string, opts: LinkOptions = {}): Promise<string> {
  requires('ketnap-iam:exports:s3:GetObject');
  const { client, sdk } = await s3();
  return sdk.getSignedUrl(
    client,
    new sdk.GetObjectCommand(linkInput(within(EXPORTS_PREFIX, key), fileName, opts)),
    {
      expiresIn: opts.expiresSeconds ?? 300,
    },
  );
}
