// Signing in: the authorization-code flow with PKCE against the identity provider's endpoints (the local
// stand-in here, Cognito in the cloud), the session cookie, and what a tampered flow gets.
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { http } from './fixtures.ts';

const stack = useStack();
const base = stack.endpoints.api;
const call = http(base);

/** The Set-Cookie of `name`: its value and its attributes, sorted (their order is the framework's). */
const setCookieOf = (r: { headers: Headers }, name: string) => {
  const line = r.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';
  const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
  return { value: pair.slice(name.length + 1), attrs: attrs.sort() };
};

const cookieOf = (r: { headers: Headers }, name: string) =>
  r.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? '';

async function startFlow(next = '/candidates') {
  const start = await call('GET', `/auth/login?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(303);
  const flow = cookieOf(start, 'ketnap_oauth');
  // verifier, state, nonce and return path: ten minutes, sent back to /auth only, never readable by a script
  expect(setCookieOf(start, 'ketnap_oauth').attrs).toEqual([
    'HttpOnly',
    'Max-Age=600',
    'Path=/auth',
    'SameSite=Lax',
  ]);
  const authorize = new URL(start.headers.get('location') as string);
  expect(authorize.pathname).toBe('/oauth2/authorize');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const page = await call('GET', authorize.pathname + authorize.search);
  expect(page.status).toBe(200);
  expect(page.body).toContain('data-user="u-secretary-hp"');
  return { flow, params: Object.fromEntries(authorize.searchParams) };
}

async function authorize(params: Record<string, string>, user = 'u-secretary-hp') {
  const r = await call('POST', '/oauth2/authorize', { form: { ...params, user } });
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location') as string);
}

describe('sign-in', () => {
  it('code + PKCE → an HttpOnly, SameSite=Lax session cookie and back to the page asked for', async () => {
    const { flow, params } = await startFlow('/candidates?stage=DOSSIER');
    const cb = await authorize(params);
    expect(cb.pathname).toBe('/auth/callback');
    const done = await call('GET', cb.pathname + cb.search, { cookie: flow });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/candidates?stage=DOSSIER');
    const set = done.headers.getSetCookie().find((c) => c.startsWith('ketnap_session=')) ?? '';
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/); // plain http locally; Secure when APP_BASE_URL is https
    const session = setCookieOf(done, 'ketnap_session');
    expect(session.attrs.filter((a) => !a.startsWith('Max-Age='))).toEqual([
      'HttpOnly',
      'Path=/',
      'SameSite=Lax',
    ]);
    // kept until the ID token expires (the stand-in issues tokens for hours)
    expect(Number(session.attrs.find((a) => a.startsWith('Max-Age='))?.slice(8))).toBeGreaterThan(60);
    // the sign-in's flow cookie is spent
    expect(setCookieOf(done, 'ketnap_oauth')).toEqual({
      value: '',
      attrs: ['HttpOnly', 'Max-Age=0', 'Path=/auth', 'SameSite=Lax'],
    });
    const me = await call('GET', '/api/me', { cookie: set.split(';')[0] });
    expect(me.json()).toMatchObject({ userId: 'u-secretary-hp', role: 'secretary' });
    // the code is single-use: a replay gets no session, only an error page (not a loop through sign-in)
    const again = await call('GET', cb.pathname + cb.search, { cookie: flow });
    expect(again.status).toBe(400);
    expect(cookieOf(again, 'ketnap_session')).toBe('');
  });

  it('a wrong state, a missing flow cookie, a foreign redirect or an open redirect gets no session', async () => {
    const { flow, params } = await startFlow();
    const cb = await authorize(params);
    const wrongState = new URL(cb);
    wrongState.searchParams.set('state', 'forged');
    expect((await call('GET', wrongState.pathname + wrongState.search, { cookie: flow })).status).toBe(400);
    expect((await call('GET', cb.pathname + cb.search)).status).toBe(400);
    const foreign = await call('POST', '/oauth2/authorize', {
      form: { ...params, redirect_uri: 'https://evil.example/cb', user: 'u-admin' },
    });
    expect(foreign.status).toBe(400);
    const open = await call('GET', '/auth/login?next=//evil.example/x');
    const f2 = cookieOf(open, 'ketnap_oauth');
    const p2 = Object.fromEntries(new URL(open.headers.get('location') as string).searchParams);
    const cb2 = await authorize(p2);
    const done = await call('GET', cb2.pathname + cb2.search, { cookie: f2 });
    expect(done.headers.get('location')).toBe('/');
  });

  it('pages without a session send to sign-in; sign-out clears the cookie', async () => {
    const r = await call('GET', '/exports');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/auth/login?next=%2Fexports');
    const out = await call('POST', '/logout', { form: {} });
    expect(out.status).toBe(303);
    expect(setCookieOf(out, 'ketnap_session')).toEqual({
      value: '',
      attrs: ['HttpOnly', 'Max-Age=0', 'Path=/', 'SameSite=Lax'],
    });
    expect(out.headers.get('location')).toMatch(/\/logout\?client_id=ketnap-local&logout_uri=/);
  });
});
