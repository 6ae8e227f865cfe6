import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

/** s3rver persisted under `<dataDir>/s3`. */
export async function startS3(opts: {
  dataDir: string;
  port: number;
}): Promise<{ port: number; endpoint: string; stop(): Promise<void> }> {
  const directory = join(opts.dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  // s3rver knows only the key pair S3RVER/S3RVER: register the stack's local/local too.
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
  const addr = (await instance.run()) as { port: number };
  return {
    port: addr.port,
    endpoint: `http://127.0.0.1:${addr.port}`,
    stop: async () => {
      instance.httpServer?.closeAllConnections?.();
      await instance.close();
    },
  };
}
