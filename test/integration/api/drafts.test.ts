// The drafted papers through the API of the embedded stack: GET /api/candidates/{id}/drafts/{formCode} answers
// a DOCX whose word/document.xml states the candidate, the cell, the vote as recorded and its date in the
// Party's form, with an ASCII file name; a failed vote gets the report-up paper and no 6-KNĐ; every role and
// cell is scoped (another cell's candidate is a 404); a download records nothing; the OpenAPI document lists
// it; the candidate's page offers the papers, and the 6-KNĐ line closes once the signed scan is uploaded.
import { beforeAll, describe, expect, it } from 'vitest';
import { partyDate } from '../../../shared/drafts/record.ts';
import { useStack } from '../../helpers/stack.ts';
import { readDocx } from '../../unit/drafts/read-docx.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, uploadDoc } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PASSED_NAME = 'Nguyễn Hồng Quang';
const FAILED_NAME = 'Lê Thị Thu Hà';
let f: Fixture;
let sec: string;
let passed: string;
let failed: string;
const meetingOn = daysAgo(4);

/** GET a draft as bytes (the test's http helper reads text). */
async function draft(id: string, code: string, cookie?: string, lang?: string) {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (lang) headers['accept-language'] = lang;
  const r = await fetch(`${stack.endpoints.api}/api/candidates/${id}/drafts/${encodeURIComponent(code)}`, {
    headers,
  });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

async function vote(id: string, yes: number, no: number) {
  const v = await call('POST', `/api/candidates/${id}/vote`, {
    cookie: sec,
    json: { meetingOn, yes, no, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
}

const stateOf = async (id: string) => {
  const c = (await call('GET', `/api/candidates/${id}`, { cookie: sec })).json<{ version: number }>();
  const t = (await call('GET', `/api/candidates/${id}/timeline`, { cookie: sec })).json<{
    items: unknown[];
  }>();
  return { version: c.version, events: t.items.length };
};

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  sec = await f.cookie('secA');
  passed = await driveToVote(call, f, PASSED_NAME);
  failed = await driveToVote(call, f, FAILED_NAME);
  // the fixture's cell has 9 official members: 2/3 takes 6
  await vote(passed, 8, 1);
  await vote(failed, 5, 4);
});

describe('drafts API', () => {
  it('the 6-KNĐ of a passing vote: the candidate, the cell, 8/9, the date in the Party form, an ASCII file name', async () => {
    const r = await draft(passed, '6-KND', sec);
    expect(r.status).toBe(200);
    expect((await draft(passed, '6-knd', sec)).status).toBe(200);
    expect(r.headers.get('content-type')).toBe(DOCX);
    expect(r.headers.get('content-disposition')).toBe(
      'attachment; filename="6-KND-nghi-quyet-Nguyen-Hong-Quang.docx"',
    );
    const { text } = await readDocx(r.bytes);
    expect(text).toContain(PASSED_NAME);
    expect(text).toContain('CHI BỘ THỬ NGHIỆM A');
    expect(text).toContain('Chi bộ Thử nghiệm A đã họp để xét');
    expect(text).toContain('là 8/9 đồng chí, đạt 88,89%');
    expect(text).toContain('tức 6/9 đồng chí; kết quả đạt');
    expect(text).toContain(partyDate(meetingOn));
    expect(text).toContain(
      'Tổng số đảng viên của chi bộ: 11 đồng chí; trong đó chính thức: 9 đồng chí, dự bị: 2',
    );
    expect(text).not.toContain(FAILED_NAME);
    expect(text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b/);
  });

  it('every paper the passing record allows, each with its facts', async () => {
    for (const [code, expected] of [
      ['BB-KND', ['BIÊN BẢN', 'Đảng viên 1 A', 'Đảng viên 2 A', 'là 8/9 đồng chí']],
      ['9-KND', ['DỰ THẢO', 'QUYẾT ĐỊNH', '(8/9 đảng viên chính thức tán thành)']],
      ['BIA-HS', ['ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN', 'MỤC LỤC TÀI LIỆU TRONG HỒ SƠ', 'Đã có', 'CN-NTVĐ', '2-KNĐ']],
    ] as const) {
      const r = await draft(passed, code, sec);
      expect(r.status, code).toBe(200);
      const { text } = await readDocx(r.bytes);
      for (const e of [PASSED_NAME, ...expected]) expect(text, `${code}: ${e}`).toContain(e);
      expect(text, code).not.toContain(FAILED_NAME);
      expect(text, code).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b/);
    }
  });

  it('a failed vote: no 6-KNĐ (a clear message, Vietnamese or English), the report-up paper instead', async () => {
    const no = await draft(failed, '6-KND', sec);
    expect(no.status).toBe(409);
    expect(JSON.parse(no.bytes.toString()).error.message).toMatch(/chưa đạt 2\/3 số đảng viên chính thức/);
    const en = await draft(failed, '6-KND', sec, 'en');
    expect(JSON.parse(en.bytes.toString()).error.message).toMatch(/did not reach 2\/3/);
    const r = await draft(failed, 'BC-KND', sec);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('bao-cao-ket-qua-bieu-quyet-Le-Thi-Thu-Ha.docx');
    const { text } = await readDocx(r.bytes);
    expect(text).toContain(FAILED_NAME);
    expect(text).toContain('là 5/9 đồng chí, đạt 55,56%');
    expect(text).toContain('tức 6/9 đồng chí; kết quả chưa đạt');
    expect(text).not.toContain(PASSED_NAME);
    expect((await draft(passed, 'BC-KND', sec)).status).toBe(409);
  });

  it('scoped by role and cell: own cell 200, another cell 404 (no name leaked), no session 401', async () => {
    for (const code of ['BIA-HS', 'BB-KND', '6-KND', '9-KND']) {
      for (const u of ['secA', 'comA', 'admin'] as const)
        expect((await draft(passed, code, await f.cookie(u))).status, `${u} ${code}`).toBe(200);
      for (const u of ['secB', 'comB'] as const) {
        const r = await draft(passed, code, await f.cookie(u));
        expect(r.status, `${u} ${code}`).toBe(404);
        expect(r.bytes.toString()).not.toContain(PASSED_NAME);
      }
      expect((await draft(passed, code)).status).toBe(401);
    }
    // an unknown paper: 404 with the list of papers; for another cell, the same 404 as any of its candidates
    const unknown = await draft(passed, 'XX-KND', sec);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.bytes.toString()).error.message).toContain('BIA-HS');
    expect((await draft(passed, 'XX-KND', await f.cookie('secB'))).status).toBe(404);
  });

  it('records nothing', async () => {
    const before = await stateOf(passed);
    for (const code of ['BIA-HS', 'BB-KND', '6-KND', '9-KND']) await draft(passed, code, sec);
    expect(await stateOf(passed)).toEqual(before);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await call('GET', '/openapi.json')).json<{
      paths: Record<
        string,
        { get?: { parameters?: { name: string }[]; responses: Record<string, unknown> } }
      >;
    }>();
    const op = doc.paths['/api/candidates/{id}/drafts/{formCode}']?.get;
    expect(op?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['id', 'formCode']));
    expect(JSON.stringify(op?.responses)).toContain(DOCX);
  });
});

describe("the candidate's page", () => {
  const row = (page: string, form: string) =>
    new RegExp(`<tr data-form="${form}">[\\s\\S]*?</tr>`).exec(
      /<table id="admission-checklist"[^>]*>[\s\S]*?<\/table>/.exec(page)?.[0] ?? '',
    )?.[0] ?? '';

  it('offers the papers after a passing vote; the 6-KNĐ line links its drafts until the signed scan closes it', async () => {
    const page = (await call('GET', `/candidates/${passed}`, { cookie: sec })).body;
    const card = /<section[^>]*id="drafts"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    for (const code of ['BIA-HS', 'BB-KND', '6-KND', '9-KND'])
      expect(card).toContain(`href="/api/candidates/${passed}/drafts/${code}"`);
    expect(card).not.toContain('BC-KND');
    expect(card).toContain('biên bản và nghị quyết 6-KNĐ');
    const line = row(page, '6-KNĐ');
    expect(line).toContain(`/drafts/6-KND`);
    expect(line).toContain(`/drafts/BB-KND`);
    expect(line).toContain('href="?form=6-KN%C4%90#upload-form"');
    // the link to upload names the form: the upload form opens on it
    const withForm = (await call('GET', `/candidates/${passed}?form=6-KN%C4%90`, { cookie: sec })).body;
    expect(withForm).toMatch(/<option value="6-KNĐ" selected/);
    // the signed scan uploaded: the line closes (the file, no draft links)
    expect((await uploadDoc(call, sec, passed, { formCode: '6-KNĐ', signedOn: meetingOn })).status).toBe(200);
    const after = row((await call('GET', `/candidates/${passed}`, { cookie: sec })).body, '6-KNĐ');
    expect(after).toContain('6-KNĐ.pdf');
    expect(after).not.toContain('/drafts/');
    // the cover sheet now dates the 6-KNĐ and counts it as held
    const cover = await readDocx((await draft(passed, 'BIA-HS', sec)).bytes);
    const i = cover.paragraphs.indexOf('Nghị quyết đề nghị kết nạp của chi bộ');
    expect(cover.paragraphs[i + 4]).toBe('Đã có');
  });

  it('after a failed vote the page offers the report-up paper and no 6-KNĐ', async () => {
    const page = (await call('GET', `/candidates/${failed}`, { cookie: sec })).body;
    const card = /<section[^>]*id="drafts"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(card).toContain('/drafts/BC-KND');
    expect(card).not.toContain('/drafts/6-KND');
    expect(row(page, '6-KNĐ')).not.toContain('/drafts/');
  });
});
