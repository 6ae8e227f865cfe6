import { describe, expect, it } from 'vitest';
import { actorFromClaims, csrfToken, csrfValid } from '../../../shared/web/auth.ts';
import type { ApiEvent } from '../../../shared/web/http.ts';
import { fmtDate, fmtDateTime, pickLang, todayVn } from '../../../shared/web/lang.ts';

const ev = (o: { q?: string; cookie?: string; al?: string }) =>
  ({
    rawPath: '/',
    headers: o.al ? { 'accept-language': o.al } : {},
    cookies: o.cookie ? [o.cookie] : undefined,
    queryStringParameters: o.q ? { lang: o.q } : undefined,
  }) as unknown as ApiEvent;

describe('language of a request', () => {
  it('prefers ?lang, then the cookie, then Accept-Language, and defaults to Vietnamese', () => {
    expect(pickLang(ev({ q: 'en', cookie: 'lang=vi' })).lang).toBe('en');
    expect(pickLang(ev({ cookie: 'lang=en', al: 'vi' })).lang).toBe('en');
    expect(pickLang(ev({ al: 'fr;q=0.9, en-GB;q=0.8, vi;q=0.5' })).lang).toBe('en');
    expect(pickLang(ev({ al: 'vi-VN,vi;q=0.9,en;q=0.8' })).lang).toBe('vi');
    expect(pickLang(ev({ al: 'de' })).lang).toBe('vi');
    expect(pickLang(ev({ q: 'xx' })).lang).toBe('vi');
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
