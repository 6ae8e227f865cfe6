// The pages as a Vietnamese reader meets them, against real data: every page of each role, the step forms a
// candidate's page offers, a refused form, an unknown candidate, the committee's approval link. None shows an
// English text of the catalogue, an error code, a message key or an unfilled placeholder (the checks and their
// planted failures: test/unit/i18n/).
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { codesIn, englishFragments, englishIn, visibleText } from '../../unit/i18n/checks.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, referralBody, until } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
type Mail = { to: string[]; subject: string; text: string };
let f: Fixture;
let referred: string;
let voted: string;

const fragments = englishFragments();
const leaks = (html: string) => {
  const text = visibleText(html);
  return [...englishIn(text, fragments), ...codesIn(text)];
};
/** GET a page in Vietnamese (no language asked for: the default) and return what it shows that it should not. */
async function check(path: string, cookie?: string, status = 200) {
  const r = await call('GET', path, cookie ? { cookie } : {});
  expect(r.status, `${path}: ${r.body.slice(0, 300)}`).toBe(status);
  expect(r.body, path).toContain('lang="vi"');
  return { path, leaks: leaks(r.body), body: r.body };
}

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  const cookie = await f.cookie('secA');
  const r = await call('POST', '/api/candidates', {
    cookie,
    json: referralBody(f, { fullName: 'Lê Thị Hoa', birthDate: '1996-05-20', referredOn: daysAgo(3) }),
  });
  expect(r.status, r.body).toBe(201);
  referred = r.json<{ id: string }>().id;
  voted = await driveToVote(call, f, 'Phạm Văn Đức');
  const v = await call('POST', `/api/candidates/${voted}/vote`, {
    cookie,
    json: { meetingOn: daysAgo(4), yes: 8, no: 1, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
}, 120_000);

describe('no English and no code on a Vietnamese page', () => {
  it("every page of the secretary, the committee member and the admin, and the step forms a candidate's page offers", async () => {
    const sec = await f.cookie('secA');
    const com = await f.cookie('comA');
    const admin = await f.cookie('admin');
    const pages = [
      await check('/', sec),
      await check('/candidates', sec),
      await check('/candidates?stage=AWAITING_COURSE', sec),
      await check('/candidates/new', sec),
      await check('/pool', sec),
      await check('/exports', sec),
      await check('/', com),
      await check('/', admin),
      await check('/targets', admin),
      await check('/jobs', admin),
    ];
    for (const id of [referred, voted]) {
      const page = await check(`/candidates/${id}`, sec);
      pages.push(page);
      const forms = [
        ...new Set([...page.body.matchAll(new RegExp(`href="(/candidates/${id}/[a-z-]+)"`, 'g'))]),
      ]
        .map((m) => m[1] ?? '')
        .filter((p) => !p.endsWith('/documents'));
      for (const form of new Set(forms)) pages.push(await check(form, sec));
    }
    expect(pages.length).toBeGreaterThan(12);
    expect(pages.filter((p) => p.leaks.length).map((p) => `${p.path}: ${p.leaks.join(', ')}`)).toEqual([]);
  }, 120_000);

  it('a refused form, an unknown candidate and a missing page answer in Vietnamese', async () => {
    const sec = await f.cookie('secA');
    const form = await call('GET', `/candidates/${referred}/course`, { cookie: sec });
    expect(form.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const version = /name="expectedVersion" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const refused = await call('POST', `/candidates/${referred}/course`, {
      cookie: sec,
      form: { _csrf: csrf, expectedVersion: version, certificateNo: '', issuedOn: 'hôm qua' },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body).toContain('Vui lòng sửa các lỗi sau:');
    const pages = [
      { path: 'refused course form', leaks: leaks(refused.body) },
      await check('/candidates/no-such-candidate', sec, 404),
      await check('/no/such/page', sec, 404),
    ];
    expect(pages.filter((p) => p.leaks.length).map((p) => `${p.path}: ${p.leaks.join(', ')}`)).toEqual([]);
  });

  it("the committee member's approval link, opened from the mail", async () => {
    const to = `${f.users.comA.userId}@example.test`;
    const link = await until(
      async () => {
        const mails = (await call('GET', '/outbox.json')).json<Mail[]>();
        const mail = mails.find(
          (m) => m.to.includes(to) && m.text.includes('Phạm Văn Đức') && /\/a\/[\w-]+/.test(m.text),
        );
        return mail ? /\/a\/[\w-]+/.exec(mail.text)?.[0] : undefined;
      },
      30_000,
      "the committee's mail",
    );
    const open = await check(link);
    const signedIn = await check(link, await f.cookie('comA'));
    expect(signedIn.body).toContain('Phạm Văn Đức');
    expect(
      [open, signedIn].filter((p) => p.leaks.length).map((p) => `${p.path}: ${p.leaks.join(', ')}`),
    ).toEqual([]);
  }, 60_000);
});
