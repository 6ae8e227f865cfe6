/**
 * The sign-in and session findings of the attack review (1, 6, 11), through the real HTTP API of the embedded
 * stack and its identity stand-in. Each test failed on the code the review attacked and passes now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchCell } from '../../bench/lib/driver.ts';
import { expectDenial } from '../helpers/iam.ts';
import { type AttackWorld, forgeToken, request, signInSteps, startWorld } from './helpers.ts';

let world: AttackWorld;
let cellA: BenchCell;
let candidate: { id: string }; // cell A, collecting its dossier

beforeAll(async () => {
  world = await startWorld();
  const driver = await import('../../bench/lib/driver.ts');
  cellA = await driver.makeBenchCell('hp-kkt');
  candidate = await driver.driveCandidate(cellA, 1, driver.newStats(), {
    until: 'DOSSIER',
    timeoutMs: 90_000,
  });
}, 240_000);

afterAll(async () => {
  await world?.stop();
});

/** The Set-Cookie of `name`: its value and its attributes, sorted (their order is the framework's). */
const setCookieOf = (r: { headers: Headers }, name: string) => {
  const line = r.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';
  const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
  return { value: pair.slice(name.length + 1), attrs: attrs.sort() };
};

const call = (method: string, path: string, o: Parameters<typeof request>[3] = {}) =>
  request(world, method, path, o);

describe('1. the redirect after sign-in', () => {
  it('lands on a page of the app whatever `next` says, as a browser reads the Location', async () => {
    const api = new URL(world.api);
    const hostile = [
      '/\t/127.0.0.1:3999/pwned',
      '/\n/evil.example/x',
      '/\\evil.example',
      '/\\/evil.example',
      '//evil.example/x',
      'https://evil.example/',
      '/%2F%2Fevil.example',
      ' /\t/evil.example',
    ];
    for (const next of hostile) {
      const { callback } = await signInSteps(world, { next });
      expect(callback.status, next).toBe(303);
      const location = callback.headers.get('location') ?? '';
      // the WHATWG URL parser is the browser's: it drops tabs and newlines and reads `\` as `/`
      expect(new URL(location, api).origin, JSON.stringify(next)).toBe(api.origin);
      expect(location.startsWith('/') && !location.startsWith('//'), JSON.stringify(location)).toBe(true);
    }
    const kept = await signInSteps(world, { next: '/candidates?stage=DOSSIER' });
    expect(kept.callback.headers.get('location')).toBe('/candidates?stage=DOSSIER');
  });
});

describe('6. signing out ends the session', () => {
  it('refuses the token after sign-out, as a cookie and as a Bearer header', async () => {
    const { session } = await signInSteps(world);
    expect((await call('GET', '/api/me', { token: session })).status).toBe(200);
    const out = await call('POST', '/logout', { cookie: `ketnap_session=${session}`, form: {} });
    expect(out.status).toBe(303);
    const me = await call('GET', '/api/me', { token: session });
    expect(me.status).toBe(401);
    expect(me.json.error?.code).toBe('unauthenticated');
    const page = await call('GET', '/candidates', { cookie: `ketnap_session=${session}` });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/auth\/login\?next=/);
  });

  it('binds the form token to the session: a new sign-in has a new one, an old one is refused', async () => {
    const formPath = `/candidates/${candidate.id}/withdraw`;
    const csrfOf = async (session: string) => {
      const r = await call('GET', formPath, { cookie: `ketnap_session=${session}` });
      expect(r.status).toBe(200);
      return /name="_csrf" value="([^"]+)"/.exec(r.text)?.[1] as string;
    };
    const first = (await signInSteps(world)).session;
    const second = (await signInSteps(world)).session;
    const [a, b] = [await csrfOf(first), await csrfOf(second)];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
    const crossed = await call('POST', formPath, {
      cookie: `ketnap_session=${second}`,
      form: { _csrf: a, on: '2024-03-01', reason: 'thử', expectedVersion: '1' },
    });
    expect(crossed.status).toBe(403);
    expect(crossed.text).toContain('Phiên biểu mẫu không hợp lệ');
    await call('POST', '/logout', { cookie: `ketnap_session=${first}`, form: {} });
    const afterLogout = await call('POST', formPath, {
      cookie: `ketnap_session=${first}`,
      form: { _csrf: a, on: '2024-03-01', reason: 'thử', expectedVersion: '1' },
    });
    expect([302, 303, 401]).toContain(afterLogout.status);
    expect(
      (await call('GET', `/api/candidates/${candidate.id}`, { user: 'u-secretary-hp' })).json.stage,
    ).toBe('DOSSIER');
  });

  it('clears a bad session cookie and goes on to sign-in instead of redirecting to itself', async () => {
    for (const bad of ['garbage', `${(await signInSteps(world)).session}x`]) {
      const login = await call('GET', '/auth/login?next=%2Fcandidates', { cookie: `ketnap_session=${bad}` });
      expect(login.status).toBe(303);
      expect(new URL(login.headers.get('location') ?? '', world.api).pathname).toBe('/oauth2/authorize');
      const cleared = setCookieOf(login, 'ketnap_session');
      expect(cleared.value).toBe('');
      expect(cleared.attrs).toEqual(expect.arrayContaining(['Path=/', 'Max-Age=0']));
      const page = await call('GET', '/candidates', { cookie: `ketnap_session=${bad}` });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/auth/login?next=%2Fcandidates');
      expect(page.headers.getSetCookie().join('\n')).toMatch(/ketnap_session=;.*Max-Age=0/);
    }
  });
});

describe('11. sign-in hygiene', () => {
  it('refuses an ID token that was not issued for this sign-in (nonce)', async () => {
    const { callback, session } = await signInSteps(world, {
      tamper: (p) => {
        p.nonce = 'attacker-chosen-nonce';
      },
    });
    expect(callback.status).toBe(400);
    expect(session).toBe('');
    const dropped = await signInSteps(world, {
      tamper: (p) => {
        delete p.nonce;
      },
    });
    expect(dropped.callback.status).toBe(400);
    expect((await signInSteps(world)).callback.status).toBe(303);
  });

  it('refuses tokens of another issuer, another app, expired, without expiry, or not ID tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call('GET', '/api/me', { token: await forgeToken(world) })).status).toBe(200);
    const refused: [string, string][] = [
      ['issuer', await forgeToken(world, { iss: 'https://cognito-idp.example/other-pool' })],
      ['audience', await forgeToken(world, { aud: 'another-client' })],
      ['expired', await forgeToken(world, { iat: now - 7200, exp: now - 3600 })],
      ['no expiry', await forgeToken(world, {}, ['exp'])],
      ['no issued-at', await forgeToken(world, {}, ['iat'])],
      ['access token', await forgeToken(world, { token_use: 'access' })],
    ];
    for (const [what, token] of refused) {
      const r = await call('GET', '/api/me', { token });
      expect(r.status, what).toBe(401);
      expect(r.json.error?.code, what).toBe('unauthenticated');
    }
  });
});

describe('10. the link secret', () => {
  it('is in no function configuration; only the api function may read it from Secrets Manager', async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const { functionCredentials } = await import('../../infra/local/stack.ts');
    const value = world.stack.env.LINK_SECRET as string;
    const fns = world.stack.deployment.functions;
    for (const fn of fns) expect(JSON.stringify(fn.environment), fn.name).not.toContain(value);
    const api = fns.find((f) => f.name === 'ketnap-api');
    const arn = api?.environment.LINK_SECRET_ARN ?? '';
    expect(arn).toMatch(/^arn:aws:secretsmanager:/);
    const read = async (name: string) => {
      const fn = fns.find((f) => f.name === name);
      if (!fn) throw new Error(`no function ${name}`);
      const client = new SecretsManagerClient({
        endpoint: world.stack.env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
        credentials: functionCredentials(value, fn),
      });
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
      } finally {
        client.destroy();
      }
    };
    expect(await read('ketnap-api')).toBe(value);
    const other = fns.find((f) => f.name !== 'ketnap-api')?.name as string;
    expectDenial({ principal: other, action: 'secretsmanager:GetSecretValue', resource: arn });
    await expect(read(other)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // and the api function reads it: a session form carries a token it can check
    const { session } = await signInSteps(world);
    const page = await call('GET', `/candidates/${candidate.id}/withdraw`, {
      cookie: `ketnap_session=${session}`,
    });
    expect(page.text).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
  });
});
