// What a secretary must not get stuck on, over HTTP: event dates in the future and an introducer with under 12
// months together are refused in Vietnamese and English with nothing stored; an empty filter is no filter; a
// wrongly filed document is withdrawn (kept in the history, on the timeline) and the right one then counts; the
// refusal names the introducer, never an id; a passing vote saves in one press, a failing one asks to confirm.
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, type Fixture, http, makeFixture, uploadDoc } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
let f: Fixture;
const inDays = (n: number) => daysAgo(-n);
type Err = { error: { code: string; message: string } };

const referral = (o: { referredOn?: string; together?: string; name?: string } = {}) => ({
  cellId: f.cellA,
  fullName: o.name ?? 'Phan Văn Khải',
  birthDate: '1994-02-03',
  referredOn: o.referredOn ?? daysAgo(2),
  introduction: {
    path: 'two-members',
    introducerMemberIds: [f.membersA[0], f.membersA[1]],
    togetherSince: {
      [String(f.membersA[0])]: '2019-05-01',
      [String(f.membersA[1])]: o.together ?? '2020-01-01',
    },
  },
});

async function listCount(cookie: string): Promise<number> {
  const r = await call('GET', `/api/candidates?cellId=${f.cellA}`, { cookie });
  return r.json<{ items: unknown[] }>().items.length;
}

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
});

describe('the server refuses what did not happen yet', () => {
  it('a referral dated in the future: vi by default, en on request, nothing stored', async () => {
    const cookie = await f.cookie('secA');
    const before = await listCount(cookie);
    const vi = await call('POST', '/api/candidates', { cookie, json: referral({ referredOn: inDays(40) }) });
    expect(vi.status).toBe(400);
    const msg = vi.json<Err>().error.message;
    expect(msg).toContain('Ngày giới thiệu: Không được sau ngày hôm nay');
    expect(msg).not.toMatch(/referredOn|introduction\./);
    const en = await call('POST', '/api/candidates?lang=en', {
      cookie,
      lang: 'en',
      json: referral({ referredOn: inDays(40) }),
    });
    expect(en.status).toBe(400);
    expect(en.json<Err>().error.message).toContain('Date of referral: Cannot be later than today');
    expect(await listCount(cookie)).toBe(before);
  });

  it('an introducer with under 12 months together is refused by name (vi/en), nothing stored', async () => {
    const cookie = await f.cookie('secA');
    const before = await listCount(cookie);
    const recent = daysAgo(150);
    const vi = await call('POST', '/api/candidates', { cookie, json: referral({ together: recent }) });
    expect(vi.status).toBe(422);
    const msg = vi.json<Err>().error.message;
    expect(msg).toMatch(/mới cùng công tác với người vào Đảng [0-9]+ tháng \(cần ít nhất 12 tháng\)/);
    expect(msg).not.toContain(String(f.membersA[1]));
    const en = await call('POST', '/api/candidates', {
      cookie,
      lang: 'en',
      json: referral({ together: recent }),
    });
    expect(en.status).toBe(422);
    expect(en.json<Err>().error.message).toMatch(
      /has been with the candidate [0-9]+ months \(at least 12 needed\)/,
    );
    // without the date at all: asked for, by the introducer's name
    const body = referral();
    body.introduction.togetherSince = {};
    const none = await call('POST', '/api/candidates', { cookie, json: body });
    expect(none.status).toBe(400);
    expect(none.json<Err>().error.message).toMatch(/^Nhập ngày đồng chí .+ bắt đầu cùng công tác/);
    expect(await listCount(cookie)).toBe(before);
  });

  it('a certificate dated in the future is refused and the candidate does not move', async () => {
    const cookie = await f.cookie('secA');
    const r = await call('POST', '/api/candidates', { cookie, json: referral({ name: 'Lâm Thị Yến' }) });
    expect(r.status).toBe(201);
    const id = r.json<{ id: string }>().id;
    for (const lang of ['vi', 'en']) {
      const c = await call('POST', `/api/candidates/${id}/course`, {
        cookie,
        lang,
        json: { certificateNo: 'CN-9', issuedOn: inDays(40) },
      });
      expect(c.status).toBe(400);
      expect(c.json<Err>().error.message).toContain(
        lang === 'vi' ? 'Ngày cấp: Không được sau ngày hôm nay' : 'Date issued: Cannot be later than today',
      );
    }
    const after = await call('GET', `/api/candidates/${id}`, { cookie });
    expect(after.json<{ stage: string; version: number }>()).toMatchObject({
      stage: 'AWAITING_COURSE',
      version: 1,
    });
  });
});

describe('search and the dossier', () => {
  it('empty filters are no filter: the list form with the default stage works', async () => {
    const cookie = await f.cookie('secA');
    const page = await call('GET', `/candidates?cellId=${f.cellA}&q=yen&stage=`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Lâm Thị Yến');
    const blank = await call('GET', '/candidates?q=&stage=', { cookie });
    expect(blank.status).toBe(200);
  });

  it('a wrongly filed document is withdrawn, kept, on the timeline; the dossier then goes through', async () => {
    const cookie = await f.cookie('secA');
    const r = await call('POST', '/api/candidates', {
      cookie,
      json: referral({ name: 'Hồ Thị Nga', referredOn: daysAgo(40) }),
    });
    const id = r.json<{ id: string }>().id;
    await call('POST', `/api/candidates/${id}/course`, {
      cookie,
      json: { certificateNo: 'CN-1', issuedOn: daysAgo(30) },
    });
    const up = (formCode: string, signedOn: string, extra: Record<string, string> = {}) =>
      uploadDoc(call, cookie, id, { formCode, signedOn, ...extra });
    const wrong = await up('1-KNĐ', daysAgo(1));
    await up('2-KNĐ', daysAgo(20), { verifiedOn: daysAgo(10) });
    await up('3-KNĐ', daysAgo(20), { introducerMemberId: String(f.membersA[0]) });
    await up('5-KNĐ', daysAgo(20));
    // one letter of two: the refusal names the other introducer, never an id
    let s = await call('POST', `/api/candidates/${id}/dossier`, {
      cookie,
      json: { submittedOn: daysAgo(0) },
    });
    let findings = JSON.stringify(s.json());
    expect(findings).toContain('3-KNĐ Giấy giới thiệu người vào Đảng của đồng chí');
    expect(findings).not.toContain(`(${f.membersA[1]})`);
    expect(findings).toContain('phải có trước lý lịch');
    // withdraw the wrong application: it no longer counts; the file is still listed as withdrawn
    const w = await call('POST', `/api/candidates/${id}/documents/${wrong.docId}/withdraw`, { cookie });
    expect(w.status, w.body).toBe(200);
    expect(w.json<{ withdrawn?: { by: string } }>().withdrawn?.by).toBe(f.users.secA.userId);
    const again = await call('POST', `/api/candidates/${id}/documents/${wrong.docId}/withdraw`, { cookie });
    expect(again.status).toBe(404);
    await up('1-KNĐ', daysAgo(25));
    await up('3-KNĐ', daysAgo(20), { introducerMemberId: String(f.membersA[1]) });
    s = await call('POST', `/api/candidates/${id}/dossier`, { cookie, json: { submittedOn: daysAgo(0) } });
    findings = JSON.stringify(s.json());
    expect(s.json<{ accepted: boolean }>().accepted, findings).toBe(true);
    const page = await call('GET', `/candidates/${id}`, { cookie });
    expect(page.body).toContain('Rút tài liệu nộp nhầm (1-KNĐ · 1-KNĐ.pdf)');
    expect(page.body).toContain('class="doc-withdrawn"');
    // the dossier moved on: withdrawing is no longer offered, and refused
    const docs = (await call('GET', `/api/candidates/${id}/documents`, { cookie })).json<{
      items: { docId: string }[];
    }>();
    const late = await call('POST', `/api/candidates/${id}/documents/${docs.items[0]?.docId}/withdraw`, {
      cookie,
    });
    expect(late.status).toBe(409);
    expect(page.body).not.toContain('/withdraw">Rút tài liệu này');
  });

  it('a passing vote saves in one press; a failing one asks for a plain confirmation', async () => {
    const cookie = await f.cookie('secA');
    const list = await call('GET', `/api/candidates?cellId=${f.cellA}&q=nga`, { cookie });
    const id = list.json<{ items: { id: string; version: number }[] }>().items[0]?.id as string;
    const form = async () => {
      const p = await call('GET', `/candidates/${id}/vote`, { cookie });
      return {
        csrf: /name="_csrf" value="([^"]+)"/.exec(p.body)?.[1] ?? '',
        version: /name="expectedVersion" value="(\d+)"/.exec(p.body)?.[1] ?? '',
        body: p.body,
      };
    };
    let fm = await form();
    expect(fm.body).toContain('data-num="2" data-den="3"');
    expect(fm.body).not.toMatch(/class="errors"[^>]*>Nhập số/);
    const vote = {
      meetingOn: daysAgo(0),
      officialMembers: '49',
      exempt: '0',
      yes: '30',
      no: '19',
      form: 'ballot',
    };
    const failing = await call('POST', `/candidates/${id}/vote`, {
      cookie,
      form: { _csrf: fm.csrf, expectedVersion: fm.version, ...vote },
    });
    expect(failing.status).toBe(400);
    expect(failing.body).toContain('Kết quả chưa đạt 2/3: đánh dấu ô xác nhận');
    fm = await form();
    const ok = await call('POST', `/candidates/${id}/vote`, {
      cookie,
      form: { _csrf: fm.csrf, expectedVersion: fm.version, ...vote, yes: '33', no: '16' },
    });
    expect(ok.status, ok.body.slice(0, 400)).toBe(303);
    const c = await call('GET', `/api/candidates/${id}`, { cookie });
    expect(c.json<{ cellVote: { yes: number } }>().cellVote.yes).toBe(33);
  });
});
