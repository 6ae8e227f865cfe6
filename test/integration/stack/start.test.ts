import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStale } from '../../../infra/local/dynamodb.ts';
import { REPO_ROOT } from '../../../infra/local/functions.ts';
import { isAlive, waitDead } from '../../helpers/child-stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-start-'));
const groups: number[] = [];
afterAll(() => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const ppid = (pid: number) =>
  Number(
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')[1],
  );

describe('npm start', () => {
  it('prints its URL and answers the first request within 15 s; the JVM dies with its parent even on kill -9', async () => {
    const t0 = Date.now();
    const child = spawn('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
        KETNAP_PORT: '0',
        KETNAP_DATA_DIR: dataDir,
      },
    });
    groups.push(child.pid as number);
    let out = '';
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL after 60 s:\n${out}`)), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ketnap is running: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
    });
    const res = await fetch(`${url}/outbox.json`);
    const elapsed = Date.now() - t0;
    console.log(`npm start: first answer after ${elapsed} ms`);
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(15_000);

    const java = (
      JSON.parse(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')) as { pid: number }
    ).pid;
    expect(isAlive(java)).toBe(true);
    const owner = ppid(java); // the Node process running infra/local/main.ts
    process.kill(owner, 'SIGKILL');
    expect(await waitDead(java, 5000)).toBe(true);
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {}
  }, 90_000);

  it('a stale DynamoDB Local of the same data folder (pid file) is killed before a new start; others are left alone', async () => {
    const dbPath = join(dataDir, 'stale', 'dynamodb');
    mkdirSync(dbPath, { recursive: true });
    const pidFile = join(dbPath, 'dynamodb-local.pid');
    const fake = (path: string) =>
      spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'DynamoDBLocal.jar', '-dbPath', path], {
        stdio: 'ignore',
        detached: true,
      });
    const other = fake('/somewhere/else');
    const stale = fake(dbPath);
    groups.push(other.pid as number, stale.pid as number);
    writeFileSync(pidFile, JSON.stringify({ pid: other.pid, dbPath }));
    await killStale(pidFile, dbPath);
    expect(isAlive(other.pid as number)).toBe(true); // same pid file, different data folder: not ours
    writeFileSync(pidFile, JSON.stringify({ pid: stale.pid, dbPath }));
    await killStale(pidFile, dbPath);
    expect(await waitDead(stale.pid as number, 3000)).toBe(true);
    other.kill('SIGKILL');
  });
});
