// The local identity stand-in (what Cognito is in the cloud): the hosted sign-in endpoints of an OAuth 2.0
// authorization-code flow with PKCE (/oauth2/authorize lists the seeded users, /oauth2/token answers an RS256
// ID token with Cognito-like claims: sub, cognito:groups, custom:cellIds), /logout, and the JWKS the API
// verifies tokens with. Keys persist in the data folder. The API handler knows nothing of this file: it reads
// AUTH_ISSUER / AUTH_JWKS_URL / AUTH_AUDIENCE / AUTH_OAUTH_URL, as it does with Cognito.
import { createHash, randomBytes } from 'node:crypto';
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

/** A user as the table knows them (USER#<id>), or undefined when the table has no such user. */
async function tableUser(client: DynamoDBDocumentClient, userId: string): Promise<LocalUser | undefined> {
  const r = await client.send(
    new GetCommand({
      TableName: process.env.TABLE_NAME ?? 'ketnap',
      Key: { PK: `USER#${userId}`, SK: 'META' },
    }),
  );
  const it = r.Item;
  if (!it || !['secretary', 'committee', 'admin'].includes(String(it.role))) return undefined;
  const cellIds = Array.isArray(it.cellIds)
    ? it.cellIds.map(String)
    : it.cellIds instanceof Set
      ? [...it.cellIds].map(String)
      : [];
  return {
    userId,
    role: it.role as LocalUser['role'],
    cellIds,
    displayName: String(it.displayName ?? userId),
  };
}

async function withTable<T>(fallback: T, run: (client: DynamoDBDocumentClient) => Promise<T>): Promise<T> {
  if (!process.env.AWS_ENDPOINT_URL_DYNAMODB) return fallback;
  const base = new DynamoDBClient({});
  try {
    return await run(DynamoDBDocumentClient.from(base));
  } catch {
    return fallback;
  } finally {
    base.destroy();
  }
}

/** The seeded users as the table knows them (the seed's roles and cells), falling back to the defaults above. */
const currentUsers = (): Promise<LocalUser[]> =>
  withTable(LOCAL_USERS, (client) =>
    Promise.all(
      LOCAL_USERS.map(async (u) => (await tableUser(client, u.userId).catch(() => undefined)) ?? u),
    ),
  );

/**
 * The user who signs in: any user of the table, as a user pool holds every member of the deployment (the tests'
 * cells add their own committee members), or one of the seeded defaults.
 */
const findUser = async (userId: string): Promise<LocalUser | undefined> =>
  (await withTable<LocalUser | undefined>(undefined, (client) => tableUser(client, userId))) ??
  LOCAL_USERS.find((u) => u.userId === userId);

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  state: string;
  code_challenge: string;
  code_challenge_method: string;
  /** echoed in the ID token, as Cognito does (optional in the request) */
  nonce: string;
}
const PARAM_NAMES = [
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
] as const;

function loginPage(users: LocalUser[], params: AuthorizeParams): string {
  const roleVi = { secretary: 'Bí thư chi bộ', committee: 'Cấp ủy', admin: 'Quản trị' } as const;
  const hidden = PARAM_NAMES.map((k) => `<input type="hidden" name="${k}" value="${esc(params[k])}">`).join(
    '',
  );
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
      (u) => `<li><form method="post" action="/oauth2/authorize">${hidden}
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

export async function createIdentity(opts: { dataDir: string; baseUrl?: string }) {
  const keys = await loadKeys(opts.dataDir);
  const privateKey = await importJWK(keys.privateJwk, 'RS256');
  const base = (opts.baseUrl ?? 'http://127.0.0.1').replace(/\/$/, '');
  const issuer = `${base}/identity`;
  const env = {
    AUTH_ISSUER: issuer,
    AUTH_JWKS_URL: `${base}/.well-known/jwks.json`,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_OAUTH_URL: base,
    // the local stack's outbox page (infra/local/api-gateway.ts): the web app links to it when configured
    OUTBOX_URL: '/outbox',
  };
  /** authorization codes: single use, two minutes */
  const codes = new Map<
    string,
    { user: LocalUser; challenge: string; redirectUri: string; nonce: string; expires: number }
  >();

  async function issue(user: LocalUser, nonce = ''): Promise<string> {
    return new SignJWT({
      ...(nonce ? { nonce } : {}),
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

  const validParams = (p: URLSearchParams): AuthorizeParams | undefined => {
    const v = Object.fromEntries(PARAM_NAMES.map((k) => [k, p.get(k) ?? ''])) as unknown as AuthorizeParams;
    const ok =
      v.client_id === AUDIENCE &&
      v.redirect_uri === `${base}/auth/callback` &&
      v.code_challenge_method === 'S256' &&
      /^[A-Za-z0-9_-]{43}$/.test(v.code_challenge) &&
      v.state.length > 0 &&
      v.state.length <= 200 &&
      v.nonce.length <= 200;
    return ok ? v : undefined;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    const text = { 'content-type': 'text/plain; charset=utf-8' };
    // Cognito serves the keys under its issuer URL (`<issuer>/.well-known/jwks.json`): the template's
    // AUTH_JWKS_URL, resolved to this stand-in, asks there
    if (
      (url.pathname === '/.well-known/jwks.json' || url.pathname === '/identity/.well-known/jwks.json') &&
      req.method === 'GET'
    ) {
      return send(
        res,
        200,
        { 'content-type': 'application/json' },
        JSON.stringify({ keys: [keys.publicJwk] }),
      );
    }
    // a bookmark of the sign-in page: start the flow at the app
    if (url.pathname === '/login' && req.method === 'GET') {
      const next = url.searchParams.get('next') ?? '/';
      return send(res, 303, { location: `/auth/login?${new URLSearchParams({ next })}` });
    }
    if (url.pathname === '/logout' && req.method === 'GET') {
      const to = url.searchParams.get('logout_uri') ?? '/';
      return send(res, 303, { location: to.startsWith(`${base}/`) ? to : '/' });
    }
    if (url.pathname === '/oauth2/authorize') {
      const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
      const v = validParams(params);
      if (!v) return send(res, 400, text, 'Yêu cầu đăng nhập không hợp lệ.');
      if (req.method === 'GET') {
        return send(
          res,
          200,
          { 'content-type': 'text/html; charset=utf-8' },
          loginPage(await currentUsers(), v),
        );
      }
      if (req.method !== 'POST') return send(res, 405, { allow: 'GET, POST' });
      const user = await findUser(params.get('user') ?? '');
      if (!user) return send(res, 400, text, 'Người dùng không tồn tại.');
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        user,
        challenge: v.code_challenge,
        redirectUri: v.redirect_uri,
        nonce: v.nonce,
        expires: Date.now() + 120_000,
      });
      return send(res, 302, {
        location: `${v.redirect_uri}?${new URLSearchParams({ code, state: v.state })}`,
      });
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const form = await readForm(req);
      const code = form.get('code') ?? '';
      const entry = codes.get(code);
      codes.delete(code);
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      const json = { 'content-type': 'application/json' };
      if (
        !entry ||
        entry.expires < Date.now() ||
        form.get('grant_type') !== 'authorization_code' ||
        form.get('client_id') !== AUDIENCE ||
        form.get('redirect_uri') !== entry.redirectUri ||
        challenge !== entry.challenge
      ) {
        return send(res, 400, json, JSON.stringify({ error: 'invalid_grant' }));
      }
      const idToken = await issue(entry.user, entry.nonce);
      return send(
        res,
        200,
        json,
        JSON.stringify({ id_token: idToken, token_type: 'Bearer', expires_in: TOKEN_HOURS * 3600 }),
      );
    }
    return false;
  }

  return { env, handle, issue, users: LOCAL_USERS };
}
