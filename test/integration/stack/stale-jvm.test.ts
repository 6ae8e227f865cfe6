import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStale } from '../../../infra/local/dynamodb.ts';
import { DataDirInUseError, lockDataDir, startStack } from '../../../infra/local/stack.ts';
import { isAlive, waitDead } from '../../helpers/child-stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-stale-'));
const groups: number[] = [];
afterAll(() => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stale DynamoDB Local', () => {
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

  it('one stack per data folder: a live owner refuses a second start; a dead owner (kill -9) is taken over', async () => {
    const dir = join(dataDir, 'locked');
    mkdirSync(dir, { recursive: true });
    const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
      detached: true,
    });
    groups.push(owner.pid as number);
    writeFileSync(join(dir, 'ketnap.lock'), JSON.stringify({ pid: owner.pid }));
    await expect(startStack({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    expect(existsSync(join(dir, 'dynamodb'))).toBe(false); // refused before anything started
    owner.kill('SIGKILL');
    expect(await waitDead(owner.pid as number)).toBe(true);
    const unlock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, 'ketnap.lock'), 'utf8'))).toEqual({ pid: process.pid });
    unlock();
    expect(existsSync(join(dir, 'ketnap.lock'))).toBe(false);
  });
});
