// A lock file shared by the processes of one checkout (two test projects, two synths): created exclusively; a
// lock older than five minutes is taken as left by a killed process.
import { rmSync, statSync, writeFileSync } from 'node:fs';

const STALE_MS = 300_000;

/** Takes the lock if free (or stale); true when this process holds it now. */
export function tryLock(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lockFile).mtimeMs > STALE_MS) rmSync(lockFile, { force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
}

export function unlock(lockFile: string): void {
  rmSync(lockFile, { force: true });
}

/** Runs `fn` holding the lock, waiting for it synchronously (the CDK's bundling is synchronous). */
export function withFileLockSync<T>(lockFile: string, fn: () => T): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!tryLock(lockFile)) Atomics.wait(sleeper, 0, 0, 100);
  try {
    return fn();
  } finally {
    unlock(lockFile);
  }
}

/** Runs `fn` holding the lock, waiting for it without blocking the event loop. */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  while (!tryLock(lockFile)) await new Promise((r) => setTimeout(r, 200));
  try {
    return await fn();
  } finally {
    unlock(lockFile);
  }
}
