import { describe, expect, it } from 'vitest';
import { createApp } from '../../../shared/web/app.ts';
import { actorFromClaims, csrfToken, csrfValid } from '../../../shared/web/auth.ts';
import { json } from '../../../shared/web/http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../../../shared/web/lang.ts';
import { route } from '../../../shared/web/router.ts';

const app = createApp([
  route({
    method: 'GET',
    path: '/lang',
    kind: 'api',
    roles: 'public',
    summary: 'the language of the request',
    handler: async (ctx) => json(200, { lang: ctx.lang }),
  }),
]);

/** The language the app picks for a request with this query, `lang` cookie and Accept-Language. */
const langOf = async (o: { q?: string; cookie?: string; al?: string }) => {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  if (o.al) headers['accept-language'] = o.al;
  const r = await app.request(o.q ? `/lang?lang=${o.q}` : '/lang', { headers });
  return ((await r.json()) as { lang: string }).lang;
};

describe('language of a request', () => {
  it('prefers ?lang, then the cookie, then Accept-Language, and defaults to Vietnamese', async () => {
    expect(await langOf({ q: 'en', cookie: 'lang=vi' })).toBe('en');
    expect(await langOf({ cookie: 'lang=en', al: 'vi' })).toBe('en');
    expect(await langOf({ al: 'fr;q=0.9, en-GB;q=0.8, vi;q=0.5' })).toBe('en');
    expect(await langOf({ al: 'vi-VN,vi;q=0.9,en;q=0.8' })).toBe('vi');
    expect(await langOf({ al: 'de' })).toBe('vi');
    expect(await langOf({ q: 'xx' })).toBe('vi');
    expect(await langOf({})).toBe('vi');
  });

  // Accept-Language, read by the one parser (Hono's language detector)
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr', 'vi'],
    ['english', 'vi'],
    ['de, en;q=0', 'vi'],
  ])('Accept-Language %j → %s', async (al, lang) => {
    expect(await langOf(al === undefined ? {} : { al })).toBe(lang);
  });

  it('remembers a language asked for by ?lang in a cookie, and only then', async () => {
    const asked = await app.request('/lang?lang=en');
    expect(asked.headers.getSetCookie()).toEqual(['lang=en; Max-Age=31536000; Path=/; SameSite=Lax']);
    expect(
      (await app.request('/lang', { headers: { 'accept-language': 'en' } })).headers.getSetCookie(),
    ).toEqual([]);
    expect((await app.request('/lang?lang=xx')).headers.getSetCookie()).toEqual([]);
  });
});

describe('dates', () => {
  it('shows dd/mm/yyyy; instants in Asia/Ho_Chi_Minh', () => {
    expect(fmtDate('2024-01-05')).toBe('05/01/2024');
    // 18:30 UTC on 31/12 is already 01/01 in Hanoi (UTC+7)
    expect(fmtDate('2023-12-31T18:30:00Z')).toBe('01/01/2024');
    expect(fmtDateTime('2023-12-31T18:30:00Z')).toBe('01/01/2024 01:30');
    expect(todayVn(new Date('2024-03-01T17:00:00Z'))).toBe('2024-03-02');
    expect(fmtDate(undefined)).toBe('');
  });
});

describe('claims → actor', () => {
  it('maps Cognito-like claims and refuses a token without a known group', () => {
    expect(
      actorFromClaims({ sub: 'u1', 'cognito:groups': ['secretary'], 'custom:cellIds': 'c1, c2', name: 'A' }),
    ).toEqual({ userId: 'u1', role: 'secretary', cellIds: ['c1', 'c2'], name: 'A' });
    expect(actorFromClaims({ sub: 'u1', 'cognito:groups': ['secretary', 'admin'] })?.role).toBe('admin');
    expect(actorFromClaims({ sub: 'u1', 'cognito:groups': ['other'] })).toBeUndefined();
    expect(actorFromClaims({ 'cognito:groups': ['admin'] })).toBeUndefined();
  });
});

describe('CSRF tokens', () => {
  it('bind a purpose and a subject, and compare in constant time', () => {
    process.env.LINK_SECRET = 'x'.repeat(32);
    const t = csrfToken('approval', 'L1:u-committee-1');
    expect(csrfValid(t, 'approval', 'L1:u-committee-1')).toBe(true);
    expect(csrfValid(t, 'approval', 'L1:u-committee-2')).toBe(false);
    expect(csrfValid(t, 'session', 'L1:u-committee-1')).toBe(false);
    expect(csrfValid(`${t}x`, 'approval', 'L1:u-committee-1')).toBe(false);
    expect(csrfValid(undefined, 'approval', 'L1:u-committee-1')).toBe(false);
    process.env.LINK_SECRET = 'y'.repeat(32);
    expect(csrfValid(t, 'approval', 'L1:u-committee-1')).toBe(false);
  });
});
