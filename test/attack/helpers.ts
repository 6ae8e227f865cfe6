// What the attack tests share: an in-process embedded stack in a temp folder, two cells with their
// secretaries signed in through the local identity, and a snapshot of everything stored (every table item,
// every object in the bucket) to prove that a refused request changed nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { signIn } from '../../bench/lib/sign-in.ts';
import { type Stack, startStack } from '../../infra/local/stack.ts';

export interface AttackWorld {
  stack: Stack;
  api: string;
  /** Bearer session tokens by user id */
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<AttackWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ketnap-attack-'));
  const stack = await startStack({ dataDir, applyEnv: true });
  const tokens: Record<string, string> = {};
  for (const user of ['u-secretary-hp', 'u-secretary-2'])
    tokens[user] = await signIn(stack.endpoints.api, user);
  return {
    stack,
    api: stack.endpoints.api,
    tokens,
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every item of the table and every object of the bucket, as sorted JSON lines. */
export async function snapshot(): Promise<{ items: string[]; objects: string[] }> {
  const ddb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(
        new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start as never }),
      );
      for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
      start = page.LastEvaluatedKey;
    } while (start);
    const objects: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: process.env.BUCKET_NAME, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) objects.push(`${o.Key} ${o.Size} ${o.ETag}`);
      token = page.NextContinuationToken;
    } while (token);
    return { items: items.sort(), objects: objects.sort() };
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

/** The difference between two snapshots: what appeared and what went away. */
export function changes(
  before: { items: string[]; objects: string[] },
  after: { items: string[]; objects: string[] },
) {
  const gone = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  return {
    added: [...gone(after.items, before.items), ...gone(after.objects, before.objects)],
    removed: [...gone(before.items, after.items), ...gone(before.objects, after.objects)],
  };
}

export interface Reply {
  status: number;
  text: string;
  headers: Headers;
  json: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

/** One HTTP request to the API: a Bearer token or a raw cookie header, a JSON or form body. */
export async function request(
  world: AttackWorld,
  method: string,
  path: string,
  o: {
    user?: string;
    token?: string;
    cookie?: string;
    json?: unknown;
    form?: Record<string, string>;
    lang?: 'en';
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = o.token ?? (o.user ? world.tokens[o.user] : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  if (o.cookie) headers.cookie = o.cookie;
  if (o.lang) headers['accept-language'] = 'en';
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(o.form).toString();
  }
  const res = await fetch(`${world.api}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = {} as Reply['json'];
  try {
    json = JSON.parse(text);
  } catch {
    // a page
  }
  return { status: res.status, text, headers: res.headers, json };
}

const setCookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? '';

/**
 * The browser's sign-in, step by step: `/auth/login?next=` (flow cookie + the provider's authorize URL), the
 * provider's consent for `user` (optionally with tampered authorize parameters), then `/auth/callback`.
 */
export async function signInSteps(
  world: AttackWorld,
  o: { next?: string; user?: string; tamper?: (params: Record<string, string>) => void } = {},
): Promise<{ callback: Response; session: string; flowCookie: string }> {
  const api = world.api;
  const start = await fetch(`${api}/auth/login?next=${encodeURIComponent(o.next ?? '/')}`, {
    redirect: 'manual',
  });
  const flowCookie = setCookie(start, 'ketnap_oauth');
  const authorize = new URL(start.headers.get('location') ?? '', api);
  const params = Object.fromEntries(authorize.searchParams);
  o.tamper?.(params);
  const granted = await fetch(new URL(authorize.pathname, api), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, user: o.user ?? 'u-secretary-hp' }),
  });
  const back = new URL(granted.headers.get('location') ?? '', api);
  const callback = await fetch(new URL(back.pathname + back.search, api), {
    redirect: 'manual',
    headers: { cookie: flowCookie },
  });
  return {
    callback,
    session: setCookie(callback, 'ketnap_session').slice('ketnap_session='.length),
    flowCookie,
  };
}

/**
 * A token signed with the local provider's own key, with any claims: what a provider would issue for another
 * app, an old token, or one with a role and cells the test chooses. Defaults are a valid secretary's.
 */
export async function forgeToken(
  world: AttackWorld,
  claims: Record<string, unknown> = {},
  drop: string[] = [],
): Promise<string> {
  const { importJWK, SignJWT } = await import('jose');
  const { readFileSync } = await import('node:fs');
  const keys = JSON.parse(readFileSync(join(world.stack.dataDir, 'identity-keys.json'), 'utf8'));
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: process.env.AUTH_ISSUER,
    aud: process.env.AUTH_AUDIENCE,
    sub: 'u-secretary-hp',
    iat: now,
    exp: now + 3600,
    token_use: 'id',
    'cognito:groups': ['secretary'],
    'custom:cellIds': 'hp-kkt',
    ...claims,
  };
  for (const k of drop) delete payload[k];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: keys.privateJwk.kid, typ: 'JWT' })
    .sign(await importJWK(keys.privateJwk, 'RS256'));
}
