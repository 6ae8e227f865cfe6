// The secretary takes a candidate from the web app through the steps up to probation: the sub-committee's
// appraisal, the ceremony, the party-member biography and the new-member course, each through its HTML form
// (GET the form, POST it with the session's CSRF token, follow the redirect), in a cell with a sub-committee;
// then the recognition dossier's uploads during probation. The earlier steps go through the JSON API with
// dates about 13 months back. A refused input re-renders the form with a Vietnamese message (English on
// request), the typed values kept, and changes nothing. The end of probation and the recognition vote are in
// forms-recognition.test.ts.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, pdf, uploadDoc } from './fixtures.ts';
import {
  actionsOf,
  call,
  com,
  docItems,
  driveToVote,
  f,
  get,
  presign,
  rowOf,
  saved,
  sec,
  setUpFormsCell,
  submit,
  uploadOptions,
} from './forms-helpers.ts';

let cand: string;
/** a second candidate admitted today: its probation ends a year from now */
let recent: string;

beforeAll(async () => {
  await setUpFormsCell();
  cand = await driveToVote('Phạm Minh Châu', 400);
  recent = await driveToVote('Vũ Thị Lan', 0);
});

describe('the probation journey through the web forms: up to probation and the recognition dossier', () => {
  it('before admission a recognition form (10-KNĐ) is refused in Vietnamese (English on request), nothing stored; another cell sees no candidate', async () => {
    expect((await get(cand)).stage).toBe('AWAITING_APPRAISAL');
    const before = await docItems(cand);
    const refused = await presign(cand, '10-KNĐ');
    expect(refused.status, refused.body).toBe(409);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toEqual({
      code: 'wrong_stage',
      message:
        '10-KNĐ (Bản tự kiểm điểm của đảng viên dự bị) thuộc hồ sơ xét công nhận đảng viên chính thức: chỉ tải lên được trong thời gian dự bị, sau lễ kết nạp',
    });
    const en = await presign(cand, '13-KNĐ', { query: '?lang=en' });
    expect(en.status).toBe(409);
    expect(en.json<{ error: { message: string } }>().error.message).toBe(
      "13-KNĐ (Cell's recognition resolution) belongs to the recognition dossier: it can be uploaded only during probation, after the admission ceremony",
    );
    // no pending item, no link: the table holds the same documents as before
    expect(await docItems(cand)).toEqual(before);
    expect(before.some((d) => /^1[0-3]-KNĐ$/.test(d.formCode))).toBe(false);
    // another cell's secretary: the candidate does not exist for them, whatever the form
    expect((await presign(cand, '10-KNĐ', { cookie: await f.cookie('secB') })).status).toBe(404);
    // the page still shows only the admission dossier, and offers only admission forms
    const page = (await call('GET', `/candidates/${cand}`, { cookie: sec })).body;
    expect(page).not.toContain('id="recognition-checklist"');
    expect(page).toContain('id="admission-checklist"');
    expect(uploadOptions(page)).toContain('1-KNĐ');
    expect(uploadOptions(page)).not.toContain('10-KNĐ');
  });

  it('the appraisal: offered to the committee and the secretary, recorded by the committee member', async () => {
    expect((await get(cand)).stage).toBe('AWAITING_APPRAISAL');
    expect(await actionsOf(cand)).toEqual(['appraisal', 'withdraw']);
    expect(await actionsOf(cand, com)).toEqual(['appraisal']);
    const form = await call('GET', `/candidates/${cand}/appraisal`, { cookie: com });
    expect(form.body).toContain('Thẩm định của đảng ủy bộ phận');
    expect(form.body).toContain(`max="${daysAgo(0).slice(0, 4)}`);
    saved(
      await submit(cand, 'appraisal', { appraisedOn: daysAgo(398), opinion: 'agree' }, { cookie: com }),
      cand,
    );
    expect(await get(cand)).toMatchObject({ stage: 'AWAITING_DECISION', waitingFor: 'decision' });
    // the same for the second candidate, by its secretary this time
    saved(
      await submit(recent, 'appraisal', { appraisedOn: daysAgo(1), opinion: 'agree', reportNo: 'TĐ-2' }),
      recent,
    );
    for (const [id, decidedOn] of [
      [cand, daysAgo(395)],
      [recent, daysAgo(1)],
    ] as const) {
      const d = await call('POST', `/api/candidates/${id}/decision`, {
        cookie: com,
        json: { decision: 'approve', decidedOn },
      });
      expect(d.status, d.body).toBe(200);
    }
  });

  it('the ceremony, then the biography: a date before the ceremony is refused in Vietnamese (English on request), values kept, nothing changed', async () => {
    saved(
      await submit(cand, 'ceremony', { heldOn: daysAgo(390), helperMemberId: f.membersA[2] as string }),
      cand,
    );
    const admitted = await get(cand);
    expect(admitted).toMatchObject({ stage: 'AWAITING_BIOGRAPHY', ceremonyOn: daysAgo(390) });
    expect(await actionsOf(cand)).toEqual(['biography', 'withdraw']);
    expect(await actionsOf(cand, com)).toEqual([]);
    // the form: a date field bounded by the ceremony and today, the deadline shown
    const form = await call('GET', `/candidates/${cand}/biography`, { cookie: sec });
    expect(form.body).toContain('Lý lịch đảng viên');
    expect(form.body).toMatch(new RegExp(`id="f-submittedOn"[^>]*type="date"[^>]*min="${daysAgo(390)}"`));
    expect(form.body).toContain('Hạn: ');

    const tooEarly = daysAgo(395);
    const refused = await submit(cand, 'biography', { submittedOn: tooEarly });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Vui lòng sửa các lỗi sau:');
    expect(refused.body).toContain(`không thể trước ${daysAgo(390)}`);
    expect(refused.body).toContain(`value="${tooEarly}"`);
    const en = await submit(cand, 'biography', { submittedOn: tooEarly }, { query: '?lang=en' });
    expect(en.status).toBe(400);
    expect(en.body).toContain('Please correct the following:');
    expect(en.body).toContain(`cannot be before ${daysAgo(390)}`);
    const bad = await submit(cand, 'biography', { submittedOn: '31/02/2025' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('value="31/02/2025"');
    expect(await get(cand)).toEqual(admitted);

    // only the cell's secretary: a committee member is refused, another cell does not see the candidate
    expect((await call('GET', `/candidates/${cand}/biography`, { cookie: com })).status).toBe(403);
    expect(
      (await call('GET', `/candidates/${cand}/biography`, { cookie: await f.cookie('secB') })).status,
    ).toBe(404);

    saved(await submit(cand, 'biography', { submittedOn: daysAgo(370) }), cand);
    expect(await get(cand)).toMatchObject({ stage: 'AWAITING_NEW_MEMBER_COURSE', biographyOn: daysAgo(370) });
  });

  it('the new-member course certificate: a missing number is refused, then recorded', async () => {
    expect(await actionsOf(cand)).toEqual(['new-member-course', 'withdraw']);
    const before = await get(cand);
    const refused = await submit(cand, 'new-member-course', { certificateNo: '', issuedOn: daysAgo(200) });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('certificateNo');
    expect(refused.body).toContain(`value="${daysAgo(200)}"`);
    expect(await get(cand)).toEqual(before);
    saved(
      await submit(cand, 'new-member-course', {
        certificateNo: 'ĐVM-12/2025',
        issuedOn: daysAgo(200),
        issuer: 'Trung tâm chính trị',
      }),
      cand,
    );
    expect(await get(cand)).toMatchObject({ stage: 'PROBATION', waitingFor: 'probationEnd' });
  });

  it('during probation the recognition dossier is on the page and takes uploads through the same checked path', async () => {
    expect((await get(cand)).stage).toBe('PROBATION');
    let page = (await call('GET', `/candidates/${cand}`, { cookie: sec })).body;
    expect(page).toContain('Hồ sơ xét công nhận đảng viên chính thức');
    for (const form of ['10-KNĐ', '11-KNĐ', '12-KNĐ'])
      expect(rowOf(page, 'recognition-checklist', form)).toContain('status-missing');
    expect(rowOf(page, 'recognition-checklist', '10-KNĐ')).toContain(
      'Cần trước khi chi bộ biểu quyết công nhận',
    );
    expect(rowOf(page, 'recognition-checklist', '13-KNĐ')).toContain('status-later');
    expect(page).toMatch(/id="recognition-missing"[^>]*>Hồ sơ chưa có 10-KNĐ, 11-KNĐ, 12-KNĐ/);
    // the upload form offers the recognition forms, the self-review first
    // the recognition forms first, then what the admission dossier still lacks (it can be added in probation)
    expect(uploadOptions(page).slice(0, 4)).toEqual(['10-KNĐ', '11-KNĐ', '12-KNĐ', '13-KNĐ']);
    expect(page).toMatch(/<option value="10-KNĐ" selected/);
    // the admission dossier stays listed and downloadable, kept as accepted (not stale after a year)
    const application = rowOf(page, 'admission-checklist', '1-KNĐ');
    expect(application).toContain('status-accepted');
    expect(application).toContain('/download');

    // presigned POST to the bucket, then confirm: magic bytes, size and SHA-256 as for the admission dossier
    const body = pdf(3000, 'self-review');
    const ok = await uploadDoc(call, sec, cand, { formCode: '10-KNĐ', signedOn: daysAgo(2) }, body);
    expect(ok.status).toBe(200);
    const { items } = (await call('GET', `/api/candidates/${cand}/documents`, { cookie: sec })).json<{
      items: { formCode: string; sha256: string; size: number }[];
    }>();
    const self = items.find((d) => d.formCode === '10-KNĐ');
    expect(self).toMatchObject({ size: 3000, sha256: createHash('sha256').update(body).digest('hex') });
    // a file that is not a PDF/JPEG/PNG is refused at confirmation and leaves nothing
    const bad = await uploadDoc(call, sec, cand, { formCode: '11-KNĐ' }, Buffer.from('MZ not a pdf at all'));
    expect(bad.status).toBe(422);
    expect((await docItems(cand)).filter((d) => d.formCode === '11-KNĐ')).toEqual([]);

    page = (await call('GET', `/candidates/${cand}`, { cookie: sec })).body;
    expect(rowOf(page, 'recognition-checklist', '10-KNĐ')).toContain('status-uploaded');
    expect(rowOf(page, 'recognition-checklist', '10-KNĐ')).toContain('10-KNĐ.pdf');
    expect(rowOf(page, 'recognition-checklist', '11-KNĐ')).toContain('status-missing');
    expect(page).toMatch(/id="recognition-missing"[^>]*>Hồ sơ chưa có 11-KNĐ, 12-KNĐ \(/);

    // an admission form is no longer taken during probation; nothing stored
    const before = await docItems(cand);
    const late = await presign(cand, '1-KNĐ');
    expect(late.status).toBe(409);
    expect(late.json<{ error: { message: string } }>().error.message).toBe(
      '1-KNĐ (Đơn xin vào Đảng) thuộc hồ sơ kết nạp: không tải lên được trong thời gian dự bị',
    );
    expect(await docItems(cand)).toEqual(before);
    // another cell's secretary still gets 404, the committee 403
    expect((await presign(cand, '11-KNĐ', { cookie: await f.cookie('secB') })).status).toBe(404);
    expect((await presign(cand, '11-KNĐ', { cookie: com })).status).toBe(403);
  });
});
