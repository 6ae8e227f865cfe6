// Signs a seeded user in through the local identity stand-in the way a browser does (authorization code +
// PKCE: /auth/login → /oauth2/authorize → /auth/callback) and returns the session token (the JWT of the
// `ketnap_session` cookie), usable as a cookie or as a Bearer token.
const cookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? '';

export async function signIn(api: string, user: string): Promise<string> {
  const start = await fetch(`${api}/auth/login?next=%2F`, { redirect: 'manual' });
  const flow = cookie(start, 'ketnap_oauth');
  const authorize = new URL(start.headers.get('location') ?? '', api);
  const granted = await fetch(new URL(authorize.pathname, api), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user }),
  });
  const callback = new URL(granted.headers.get('location') ?? '', api);
  const done = await fetch(new URL(callback.pathname + callback.search, api), {
    redirect: 'manual',
    headers: { cookie: flow },
  });
  const session = cookie(done, 'ketnap_session');
  const token = session.slice('ketnap_session='.length);
  if (!token) throw new Error(`no session for ${user}: ${start.status}/${granted.status}/${done.status}`);
  return token;
}
