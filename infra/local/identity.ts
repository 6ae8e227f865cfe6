// The local identity stand-in (what Cognito is in the cloud): a /login page listing the seeded users, RS256
// ID tokens with Cognito-like claims (sub, cognito:groups, custom:cellIds), and the JWKS the API verifies them
// with. Keys persist in the data folder. The API handler knows nothing of this file: it only reads
// AUTH_ISSUER / AUTH_JWKS_URL / AUTH_AUDIENCE.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface LocalUser {
  userId: string;
  role: 'secretary' | 'committee' | 'admin';
  cellIds: string[];
  displayName: string;
}

/** The seeded users (infra/local/seed.ts); their roles and cells are re-read from the table when it is up. */
export const LOCAL_USERS: LocalUser[] = [
  {
    userId: 'u-secretary-hp',
    role: 'secretary',
    cellIds: ['hp-kkt'],
    displayName: 'Bí thư chi bộ KKT Hải Phòng',
  },
  { userId: 'u-secretary-2', role: 'secretary', cellIds: ['cell-2'], displayName: 'Bí thư chi bộ 2' },
  { userId: 'u-committee-1', role: 'committee', cellIds: ['hp-kkt'], displayName: 'Ủy viên cấp ủy 1' },
  { userId: 'u-committee-2', role: 'committee', cellIds: ['hp-kkt'], displayName: 'Ủy viên cấp ủy 2' },
  { userId: 'u-admin', role: 'admin', cellIds: ['hp-kkt', 'cell-2'], displayName: 'Quản trị' },
];

export const AUDIENCE = 'ketnap-local';
const TOKEN_HOURS = 8;

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadKeys(dataDir: string): Promise<KeyFile> {
  const file = join(dataDir, 'identity-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const keys: KeyFile = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** The users as the table knows them (C's seed), falling back to the defaults above. */
async function currentUsers(): Promise<LocalUser[]> {
  if (!process.env.AWS_ENDPOINT_URL_DYNAMODB) return LOCAL_USERS;
  const base = new DynamoDBClient({});
  const client = DynamoDBDocumentClient.from(base);
  try {
    return await Promise.all(
      LOCAL_USERS.map(async (u) => {
        try {
          const r = await client.send(
            new GetCommand({
              TableName: process.env.TABLE_NAME ?? 'ketnap',
              Key: { PK: `USER#${u.userId}`, SK: 'META' },
            }),
          );
          if (!r.Item) return u;
          const it = r.Item;
          const cellIds = Array.isArray(it.cellIds)
            ? it.cellIds.map(String)
            : it.cellIds instanceof Set
              ? [...it.cellIds].map(String)
              : u.cellIds;
          return {
            userId: u.userId,
            role: (['secretary', 'committee', 'admin'].includes(String(it.role))
              ? it.role
              : u.role) as LocalUser['role'],
            cellIds,
            displayName: String(it.displayName ?? u.displayName),
          };
        } catch {
          return u;
        }
      }),
    );
  } finally {
    base.destroy();
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(users: LocalUser[], next: string): string {
  const roleVi = { secretary: 'Bí thư chi bộ', committee: 'Cấp ủy', admin: 'Quản trị' } as const;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập · Kết nạp Đảng</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f6f6f4;color:#1a1a1a}header{background:#a3110b;color:#fff;padding:.75rem 1rem}
main{max-width:36rem;margin:0 auto;padding:1rem}ul{list-style:none;padding:0}li{margin:.5rem 0}
button{font:inherit;width:100%;text-align:left;background:#fff;border:1px solid #767676;border-radius:6px;padding:.75rem;cursor:pointer}
button:focus{outline:3px solid #f0b400}small{color:#444}</style></head>
<body><header><strong>Kết nạp Đảng</strong> — môi trường chạy thử trên máy</header>
<main id="main"><h1>Đăng nhập</h1><p>Chọn một người dùng mẫu (bản chạy thử; trên đám mây đăng nhập qua Cognito).</p>
<ul>${users
    .map(
      (u) => `<li><form method="post" action="/login"><input type="hidden" name="next" value="${esc(next)}">
<button type="submit" name="user" value="${esc(u.userId)}" data-user="${esc(u.userId)}"><strong>${esc(u.displayName)}</strong><br><small>${roleVi[u.role]} · ${esc(u.userId)} · ${esc(u.cellIds.join(', '))}</small></button></form></li>`,
    )
    .join('')}</ul></main></body></html>`;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body = '',
): true {
  res.writeHead(status, {
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
  return true;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 16 * 1024) break;
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Only same-site relative paths are followed after sign-in. */
function safeNext(n: string | null): string {
  return n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/\\') ? n : '/';
}

export async function createIdentity(opts: { dataDir: string; baseUrl?: string }) {
  const keys = await loadKeys(opts.dataDir);
  const privateKey = await importJWK(keys.privateJwk, 'RS256');
  const base = opts.baseUrl ?? 'http://127.0.0.1';
  const issuer = `${base}/identity`;
  const env = {
    AUTH_ISSUER: issuer,
    AUTH_JWKS_URL: `${base}/.well-known/jwks.json`,
    AUTH_AUDIENCE: AUDIENCE,
  };

  async function issue(user: LocalUser): Promise<string> {
    return new SignJWT({
      'cognito:groups': [user.role],
      'custom:cellIds': user.cellIds.join(','),
      name: user.displayName,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: keys.privateJwk.kid as string, typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_HOURS}h`)
      .sign(privateKey);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/.well-known/jwks.json' && req.method === 'GET') {
      return send(
        res,
        200,
        { 'content-type': 'application/json' },
        JSON.stringify({ keys: [keys.publicJwk] }),
      );
    }
    if (url.pathname !== '/login') return false;
    if (req.method === 'GET') {
      const users = await currentUsers();
      return send(
        res,
        200,
        { 'content-type': 'text/html; charset=utf-8' },
        loginPage(users, safeNext(url.searchParams.get('next'))),
      );
    }
    if (req.method === 'POST') {
      const form = await readForm(req);
      const user = (await currentUsers()).find((u) => u.userId === form.get('user'));
      if (!user)
        return send(res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Người dùng không tồn tại.');
      const token = await issue(user);
      const https =
        req.headers['x-forwarded-proto'] === 'https' ||
        Boolean((req.socket as { encrypted?: boolean }).encrypted);
      const cookie = `ketnap_session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${TOKEN_HOURS * 3600}${https ? '; Secure' : ''}`;
      return send(res, 303, { location: safeNext(form.get('next')), 'set-cookie': [cookie] });
    }
    return send(res, 405, { allow: 'GET, POST' });
  }

  return { env, handle, issue, users: LOCAL_USERS };
}
