/**
 * Nothing of the stack listens beyond 127.0.0.1: the listening sockets of every process of the shared stack
 * (the stack's process and all its descendants: DynamoDB Local's bridge and JVM, the functions' processes),
 * read from /proc, are on loopback; DynamoDB Local's socket lives in a private network namespace that has no
 * interface but its loopback, and a connection from the machine's own network address is refused. The data
 * folder is its owner's only.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();

const ppid = (pid: number) => Number(/\) \S+ (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]);

function descendants(root: number): number[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .map((pid) => {
      try {
        return [pid, ppid(pid)] as const;
      } catch {
        return [pid, -1] as const;
      }
    });
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, parent] of all) if (parent === tree[i]) tree.push(pid);
  return tree;
}

const socketInodes = (pid: number): Set<string> => {
  const out = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.add(m[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  return out;
};

/** LISTEN sockets of a process: [address (hex, as in /proc), port]. */
function listening(pid: number): { addr: string; port: number }[] {
  const mine = socketInodes(pid);
  const out: { addr: string; port: number }[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !mine.has(f[9] as string)) continue;
      const [addr, port] = (f[1] as string).split(':') as [string, string];
      out.push({ addr, port: Number.parseInt(port, 16) });
    }
  }
  return out;
}

const LOOPBACK = new Set([
  '0100007F',
  '00000000000000000000000001000000',
  '0000000000000000FFFF00000100007F',
]);
const ANY = new Set(['00000000', '00000000000000000000000000000000']);

/** Every port the stack's processes listen on (any namespace). */
function stackPorts(): number[] {
  const main = (JSON.parse(readFileSync(join(stack.dataDir, 'ketnap.lock'), 'utf8')) as { pid: number }).pid;
  const ports = new Set<number>();
  for (const pid of descendants(main)) {
    try {
      for (const s of listening(pid)) ports.add(s.port);
    } catch {
      // exited meanwhile
    }
  }
  return [...ports];
}

describe('the stand-ins listen on 127.0.0.1 only', () => {
  it('every listening socket of the stack is on loopback, or in a namespace with nothing but loopback', () => {
    const main = (JSON.parse(readFileSync(join(stack.dataDir, 'ketnap.lock'), 'utf8')) as { pid: number })
      .pid;
    const java = (
      JSON.parse(readFileSync(join(stack.dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8')) as {
        pid: number;
      }
    ).pid;
    const pids = descendants(main);
    expect(pids).toContain(java);
    const hostNet = readlinkSync(`/proc/${main}/ns/net`);
    const ports = new Set<number>();
    let isolated = 0;
    for (const pid of pids) {
      let socks: { addr: string; port: number }[];
      try {
        socks = listening(pid);
      } catch {
        continue; // exited meanwhile
      }
      if (readlinkSync(`/proc/${pid}/ns/net`) !== hostNet) {
        // a private namespace: its only interface is lo, so even 0.0.0.0 there is reachable from nowhere else
        const ifaces = readFileSync(`/proc/${pid}/net/dev`, 'utf8')
          .split('\n')
          .slice(2)
          .map((l) => l.trim().split(':')[0])
          .filter(Boolean);
        expect(ifaces, `interfaces of pid ${pid}'s namespace`).toEqual(['lo']);
        for (const s of socks) expect(LOOPBACK.has(s.addr) || ANY.has(s.addr)).toBe(true);
        isolated += socks.length;
        continue;
      }
      for (const s of socks) {
        expect(LOOPBACK.has(s.addr), `pid ${pid} listens on ${s.addr}:${s.port}`).toBe(true);
        ports.add(s.port);
      }
    }
    // the check saw the services it vouches for: every endpoint's port, and the JVM inside its namespace
    for (const url of Object.values(stack.endpoints)) expect(ports).toContain(Number(new URL(url).port));
    expect(isolated).toBeGreaterThan(0);
  });

  it('a connection from the machine network address reaches none of the stack ports', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) return expect(external).toBeUndefined(); // no network address on this machine: nothing to reach
    const ports = stackPorts();
    expect(ports.length).toBeGreaterThanOrEqual(Object.keys(stack.endpoints).length);
    for (const port of ports) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: external, port, timeout: 2000 });
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        s.on('timeout', () => {
          s.destroy();
          resolve('timeout');
        });
      });
      expect(outcome, `${external}:${port}`).not.toBe('connected');
    }
  });

  it('the data folder is readable by its owner only, and the files the stack writes are 0600', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(stack.dataDir)).toBe(0o700);
    expect(mode(join(stack.dataDir, 'dynamodb'))).toBe(0o700);
    expect(mode(join(stack.dataDir, 's3'))).toBe(0o700);
    expect(mode(join(stack.dataDir, 'ketnap.lock'))).toBe(0o600);
    expect(mode(join(stack.dataDir, 'dynamodb', 'dynamodb-local.pid'))).toBe(0o600);
  });
});
