import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { authenticate } from './iam/auth.ts';
import { s3Error } from './iam/errors.ts';
import type { IamGate } from './iam/gate.ts';
import { boundaryOf, parseMultipart } from './iam/multipart.ts';
import { checkPostUpload } from './iam/post-policy.ts';
import { s3Checks, s3Target } from './iam/s3-actions.ts';
import { closeServer, createServer, listen, readBody } from './net.ts';

/** Largest browser POST body read (S3 refuses what its policy's content-length-range does not allow). */
const MAX_POST_BYTES = 64 * 1024 * 1024;
/**
 * The same request for s3rver, whose SigV4 support checks only that the access key exists: the credential
 * (verified here) is replaced by s3rver's own key `local`, so it serves signed-only features (response header
 * overrides of presigned GETs). A body already read (POST) is replayed.
 */
function forS3rver(req: IncomingMessage, body?: Buffer): IncomingMessage {
  const url = req.url ?? '/';
  req.url = url.replace(/([?&]X-Amz-Credential=)[^%&/]*(%2F|\/)/i, '$1local$2');
  const auth = req.headers.authorization;
  if (typeof auth === 'string')
    req.headers.authorization = auth.replace(/Credential=[^/,\s]*\//, 'Credential=local/');
  if (!body) return req;
  const replay = Readable.from([body]) as unknown as IncomingMessage;
  for (const prop of [
    'headers',
    'rawHeaders',
    'method',
    'url',
    'httpVersion',
    'httpVersionMajor',
    'httpVersionMinor',
    'socket',
    'connection',
  ] as const) {
    Object.defineProperty(replay, prop, { value: req[prop as keyof IncomingMessage], writable: true });
  }
  return replay;
}

/**
 * s3rver persisted under `<dataDir>/s3`, behind the gate: each request is authenticated (SigV4 header or
 * presigned query, signature verified), mapped to IAM actions (iam/s3-actions.ts) and authorized; browser POST
 * uploads are checked against their signed policy (iam/post-policy.ts). s3rver then serves it unsigned.
 */
export async function startS3(opts: {
  dataDir: string;
  port: number;
  gate: IamGate;
}): Promise<{ port: number; endpoint: string; stop(): Promise<void> }> {
  const { gate } = opts;
  const directory = join(opts.dataDir, 's3');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // requests reach s3rver signed with this key pair once the gate verified their own
  const require = createRequire(import.meta.url);
  const account = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  account.DUMMY_ACCOUNT.createKeyPair('local', 'local');
  const instance = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory,
    silent: true,
    allowMismatchedSignatures: false,
    vhostBuckets: false,
  });
  await instance.configureBuckets();
  const s3rver = instance.callback() as (req: IncomingMessage, res: ServerResponse) => void;

  const deny = (res: ServerResponse, message: string) => s3Error(res, 403, 'AccessDenied', message);

  const server = createServer(async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    // CORS preflights carry no credentials, on AWS too
    if (method === 'OPTIONS') return s3rver(req, res);
    const target = s3Target(req.url ?? '/');
    if (method === 'POST' && target.bucket && target.key === undefined && ![...target.query.keys()].length) {
      let body: Buffer;
      try {
        body = await readBody(req, MAX_POST_BYTES);
      } catch {
        return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
          MaxSizeAllowed: MAX_POST_BYTES,
        });
      }
      const boundary = boundaryOf(req.headers['content-type']);
      let parts: ReturnType<typeof parseMultipart>;
      try {
        if (!boundary) throw new Error('not multipart');
        parts = parseMultipart(body, boundary);
      } catch {
        return s3Error(
          res,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          {
            Condition: 'Bucket POST must be of the enclosure-type multipart/form-data',
          },
        );
      }
      const r = checkPostUpload({ gate, bucket: target.bucket, parts });
      if (!r.ok) {
        gate.recordDenial(
          r.principal,
          's3:PutObject',
          `arn:aws:s3:::${target.bucket}`,
          'post-policy',
          `${r.code}: ${r.message}`,
        );
        return s3Error(res, r.status, r.code, r.message, r.extra);
      }
      const p = gate.principal(r.principal);
      const d = gate.authorize(p?.accessKeyId ?? '', 's3:PutObject', [
        `arn:aws:s3:::${target.bucket}/${r.key}`,
      ]);
      if (!d.allowed) return deny(res, d.message);
      return s3rver(forS3rver(req, body), res);
    }
    let body: Buffer | undefined;
    let deleteKeys: string[] = [];
    if (method === 'POST' && target.query.has('delete')) {
      body = await readBody(req);
      deleteKeys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) =>
        (m[1] ?? '').replace(
          /&(lt|gt|amp|quot|apos);/g,
          (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] as string,
        ),
      );
    }
    const copyHeader = req.headers['x-amz-copy-source'];
    const copySource = typeof copyHeader === 'string' ? decodeURIComponent(copyHeader) : undefined;
    const checks = s3Checks(method, target, copySource, deleteKeys);
    const first = checks[0] ?? { action: 's3:ListAllMyBuckets', resource: '*' };
    const who = authenticate(gate, req, { service: 's3', ...first }, { s3: true });
    if (!who.ok) {
      switch (who.failure) {
        case 'missing':
          return deny(res, 'Access Denied');
        case 'unknown-key':
          return s3Error(
            res,
            403,
            'InvalidAccessKeyId',
            'The AWS Access Key Id you provided does not exist in our records.',
            { AWSAccessKeyId: who.accessKeyId ?? '' },
          );
        case 'mismatch':
          return s3Error(res, 403, 'SignatureDoesNotMatch', who.message, {
            AWSAccessKeyId: who.accessKeyId ?? '',
          });
        case 'expired':
          return deny(res, 'Request has expired');
        case 'skewed':
          return s3Error(res, 403, 'RequestTimeTooSkewed', who.message);
        default:
          return s3Error(res, 400, 'AuthorizationHeaderMalformed', who.message);
      }
    }
    if (checks.length > 0) {
      const d = gate.authorizeAll(who.principal.accessKeyId, checks);
      if (!d.allowed) return deny(res, d.message);
    }
    const fault = gate.wire.run({
      service: 'S3',
      operation: first.action.replace(/^s3:/, ''),
      principal: who.principal.name,
      userAgent: `${req.headers['user-agent'] ?? ''} ${req.headers['x-amz-user-agent'] ?? ''}`,
    });
    if (fault) {
      res.writeHead(fault.statusCode, fault.headers);
      return res.end(fault.body);
    }
    return s3rver(forS3rver(req, body), res);
  });
  const port = await listen(server, opts.port);
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await closeServer(server);
      (instance as { logger?: { close?: () => void } }).logger?.close?.();
    },
  };
}
