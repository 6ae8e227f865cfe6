// Each drafted paper, opened as Word would: word/document.xml holds the candidate's name, the cell, the vote as
// recorded with the ruleset's threshold and the dates in the Party's form ("ngày 15 tháng 3 năm 2024"); it holds
// no field of another candidate and no undefined/null/NaN; it is laid out as 36-HD/VPTW sets (A4 and its
// margins, Times New Roman in every run, "ĐẢNG CỘNG SẢN VIỆT NAM" 15 pt bold, the date line 14 pt italics,
// "T/M CHI BỘ" / "BÍ THƯ"); what ketnap cannot know stays a visible blank.
import { describe, expect, it } from 'vitest';
import type { CandidateView, DocumentView, VoteRecord } from '../../../shared/app/types.ts';
import { RULESETS, registerRuleset, withOverrides } from '../../../shared/domain/ruleset.ts';
import { DRAFTS, type DraftId, unavailableReason } from '../../../shared/drafts/catalogue.ts';
import type { DraftRecord } from '../../../shared/drafts/record.ts';
import { renderDraft } from '../../../shared/drafts/render.ts';
import { readDocx } from './read-docx.ts';

const CELL = {
  cellId: 'hp-kkt',
  name: 'Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng',
  officialMembers: 49,
  probationaryMembers: 23,
  hasGrassrootsCommittee: true,
};

/** An official member: every paper has its facts. */
function quang(over: Partial<CandidateView> = {}): CandidateView {
  return {
    id: 'c-quang-0001',
    cellId: 'hp-kkt',
    fullName: 'Nguyễn Hồng Quang',
    birthDate: '1995-03-14',
    stage: 'OFFICIAL',
    stageSince: '2025-04-25T03:00:00.000Z',
    version: 12,
    rulesetId: 'r2021',
    referredOn: '2023-10-02',
    introduction: { path: 'union-plus-member', introducerMemberIds: ['m07'] },
    introducers: [{ memberId: 'm07', fullName: 'Trần Văn Bình' }],
    course: { certificateNo: 'CN-77/2023', issuedOn: '2023-11-20', issuer: 'Trung tâm chính trị' },
    cellVote: {
      meetingOn: '2024-03-15',
      yes: 33,
      no: 2,
      denominator: 49,
      form: 'ballot',
      passed: true,
      required: 33,
    },
    decision: { decision: 'approve', decidedOn: '2024-04-10', decisionNo: '125-QĐ/ĐU', by: 'u-committee-1' },
    ceremonyOn: '2024-04-22',
    probationEndsOn: '2025-04-22',
    officialOn: '2025-04-22',
    recognitionRounds: [
      {
        meetingOn: '2025-04-25',
        yes: 41,
        no: 1,
        denominator: 48,
        form: 'cards',
        passed: true,
        round: 1,
        motion: 'recognise',
      },
    ],
    waitingFor: null,
    ...over,
  };
}

/** Another candidate of another cell: nothing of hers may appear in Quang's papers. */
const other = quang({
  id: 'c-mai-0002',
  cellId: 'cell-2',
  fullName: 'Phạm Thị Mai',
  birthDate: '1999-07-08',
  introducers: [{ memberId: 'm09', fullName: 'Đỗ Minh Hải' }],
  cellVote: { meetingOn: '2024-06-07', yes: 17, no: 4, denominator: 21, form: 'cards', passed: true },
});

const doc = (formCode: string, signedOn: string, extra: Partial<DocumentView> = {}): DocumentView => ({
  docId: `d-${formCode}`,
  formCode,
  fileName: `${formCode}.pdf`,
  contentType: 'application/pdf',
  size: 2048,
  sha256: 'x',
  uploadedAt: `${signedOn}T02:00:00.000Z`,
  uploadedBy: 'u-secretary-hp',
  signedOn,
  ...extra,
});

const record = (c: CandidateView, documents: DocumentView[] = []): DraftRecord => ({
  candidate: c,
  cell: CELL,
  documents,
});

async function open(id: DraftId, rec: DraftRecord) {
  const buf = await renderDraft(id, rec);
  expect(buf.subarray(0, 2).toString()).toBe('PK');
  return readDocx(buf);
}

function clean(text: string) {
  expect(text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/);
  for (const v of [other.fullName, other.id, 'Đỗ Minh Hải', '8 tháng 7 năm 1999', 'ngày 7 tháng 6 năm 2024'])
    expect(text).not.toContain(v);
}

describe('every paper of a candidate', () => {
  for (const spec of DRAFTS) {
    it(`${spec.code}: the candidate, the cell, no other candidate's field, laid out per 36-HD/VPTW`, async () => {
      const c =
        spec.id === 'vote-report'
          ? quang({
              stage: 'AWAITING_DECISION',
              cellVote: { ...(quang().cellVote as VoteRecord), yes: 30, passed: false },
            })
          : quang();
      expect(unavailableReason(spec.id, c)).toBeUndefined();
      const { xml, text } = await open(spec.id, record(c, [doc('1-KNĐ', '2024-01-04')]));
      expect(text).toContain('Nguyễn Hồng Quang');
      // the cell issues its papers (its name in capitals at top left); the decision is the committee's
      if (spec.id === 'admission-decision')
        expect(text).toContain('Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng');
      else expect(text).toContain('CHI BỘ CÔNG ĐOÀN – DOANH NGHIỆP KHU KINH TẾ HẢI PHÒNG');
      expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      expect(text).toContain('……');
      clean(text);
      // A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(xml).toMatch(/w:top="1134"[^>]*w:right="851"[^>]*w:bottom="1134"[^>]*w:left="1701"/);
      // every run in Times New Roman, for every script (Vietnamese letters are outside ASCII)
      const runs = [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)]
        .map((m) => m[0])
        .filter((r) => r.includes('<w:t'));
      expect(runs.length).toBeGreaterThan(10);
      for (const r of runs)
        expect(r).toMatch(
          /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/>/,
        );
      // "ĐẢNG CỘNG SẢN VIỆT NAM": 15 pt (30 half-points), bold
      const party = runs.find((r) => r.includes('>ĐẢNG CỘNG SẢN VIỆT NAM<')) ?? '';
      expect(party).toMatch(/<w:b\/>/);
      expect(party).toMatch(/<w:sz w:val="30"\/>/);
    });
  }
});

describe('the vote papers state the vote as recorded', () => {
  it('6-KNĐ: counts, percentages, the 2/3 threshold of the ruleset, the date, T/M CHI BỘ / BÍ THƯ', async () => {
    const { xml, text } = await open('admission-resolution', record(quang()));
    expect(text).toContain('NGHỊ QUYẾT');
    expect(text).toContain('Đề nghị kết nạp đảng viên');
    expect(text).toContain('Số ……-NQ/CB');
    expect(text).toContain('……, ngày 15 tháng 3 năm 2024');
    expect(text).toContain(
      'Ngày 15 tháng 3 năm 2024, Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng đã họp',
    );
    expect(text).toContain('là 33/49 đồng chí, đạt 67,35%');
    expect(text).toContain('số không tán thành là 2 đồng chí, chiếm 4,08%');
    expect(text).toContain('ít nhất 2/3 số đảng viên chính thức tán thành, tức 33/49 đồng chí; kết quả đạt');
    expect(text).toContain('bỏ phiếu kín');
    expect(text).toContain('sinh ngày 14 tháng 3 năm 1995');
    expect(text).toContain(
      'Tổng số đảng viên của chi bộ: 72 đồng chí; trong đó chính thức: 49 đồng chí, dự bị: 23',
    );
    expect(text).toMatch(/T\/M CHI BỘ\nBÍ THƯ/);
    // the place and date line: 14 pt italics
    const dateRun = [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].find((m) =>
      m[0].includes('ngày 15 tháng 3 năm 2024<'),
    );
    expect(dateRun?.[0]).toMatch(/<w:i\/>/);
    expect(dateRun?.[0]).toMatch(/<w:sz w:val="28"\/>/);
    // who was present is the meeting's, not in the records: a blank, never a number made up
    expect(text).toContain('Có mặt: …… đồng chí');
  });

  it('a failed vote gets no 6-KNĐ but the report of the full result to the committee', async () => {
    const failed = quang({
      stage: 'AWAITING_DECISION',
      cellVote: {
        meetingOn: '2024-03-15',
        yes: 32,
        no: 17,
        denominator: 49,
        form: 'cards',
        passed: false,
        required: 33,
      },
    });
    expect(unavailableReason('admission-resolution', failed)?.vi).toMatch(/chưa đạt 2\/3/);
    await expect(renderDraft('admission-resolution', record(failed))).rejects.toThrow();
    const { text } = await open('vote-report', record(failed));
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Số ……-BC/CB');
    expect(text).toContain('là 32/49 đồng chí, đạt 65,31%');
    expect(text).toContain('tức 33/49 đồng chí; kết quả chưa đạt');
    expect(text).toContain('giơ thẻ đảng viên');
    expect(text).toContain('Thực hiện Hướng dẫn số 01-HD/TW ngày 28 tháng 9 năm 2021');
    const minutes = await open('admission-minutes', record(failed));
    expect(minutes.text).toContain('kết quả biểu quyết chưa đạt');
    expect(unavailableReason('vote-report', quang())).toBeDefined();
  });

  it('the number the secretary recorded for the resolution is printed; without one, a blank', async () => {
    const numbered = quang({ cellVote: { ...(quang().cellVote as VoteRecord), resolutionNo: '12' } });
    expect((await open('admission-resolution', record(numbered))).text).toContain('Số 12-NQ/CB');
    expect((await open('admission-decision', record(numbered))).text).toContain(
      'Xét Nghị quyết số 12-NQ/CB ngày 15 tháng 3 năm 2024',
    );
    const full = quang({ cellVote: { ...(quang().cellVote as VoteRecord), resolutionNo: 'Số 07-NQ/CB' } });
    expect((await open('admission-resolution', record(full))).text).toContain('Số 07-NQ/CB');
    expect((await open('admission-decision', record(quang()))).text).toContain('Xét Nghị quyết số ……-NQ/CB');
  });

  it("the threshold is the ruleset's: a committee's 3/4 prints 3/4 and its count", async () => {
    registerRuleset(
      withOverrides(RULESETS.r2025, {
        id: 'r2025-test-3q',
        vote: { passFraction: { numerator: 3, denominator: 4 } },
      }),
    );
    const c = quang({
      rulesetId: 'r2025-test-3q',
      cellVote: { meetingOn: '2025-08-05', yes: 40, no: 9, denominator: 49, form: 'ballot', passed: true },
    });
    const { text } = await open('admission-resolution', record(c));
    expect(text).toContain('ít nhất 3/4 số đảng viên chính thức tán thành, tức 37/49 đồng chí');
    expect(text).toContain('ngày 5 tháng 8 năm 2025');
  });

  it('the minutes of the admission meeting name the introducers and the result', async () => {
    const { text } = await open('admission-minutes', record(quang()));
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Số ……-BB/CB');
    expect(text).toContain('ngày 15 tháng 3 năm 2024');
    expect(text).toContain('đồng chí Trần Văn Bình');
    expect(text).toContain('mẫu 4A-KNĐ');
    expect(text).toContain('là 33/49 đồng chí');
    expect(text).toMatch(/THƯ KÝ HỘI NGHỊ[\s\S]*CHỦ TRÌ HỘI NGHỊ/);
  });

  it('13-KNĐ: the last round, the admission and the official date (the end of probation)', async () => {
    const { text } = await open('recognition-resolution', record(quang()));
    expect(text).toContain('Đề nghị công nhận đảng viên chính thức');
    expect(text).toContain('Ngày 25 tháng 4 năm 2025');
    expect(text).toContain('là 41/48 đồng chí, đạt 85,42%');
    expect(text).toContain(
      'được kết nạp vào Đảng ngày 22 tháng 4 năm 2024, theo Quyết định số 125-QĐ/ĐU ngày 10 tháng 4 năm 2024',
    );
    expect(text).toContain('là đảng viên chính thức kể từ ngày 22 tháng 4 năm 2025');
    const minutes = await open('recognition-minutes', record(quang()));
    expect(minutes.text).toContain('Họp chi bộ xét, đề nghị công nhận đảng viên chính thức');
    // a failed round: minutes, no 13-KNĐ
    const failed = quang({
      stage: 'AWAITING_RECOGNITION',
      recognitionRounds: [{ ...(quang().recognitionRounds?.[0] as VoteRecord), yes: 20, passed: false }],
    });
    expect(unavailableReason('recognition-resolution', failed)).toBeDefined();
    expect(unavailableReason('recognition-minutes', failed)).toBeUndefined();
  });

  it("the draft decision is marked as a draft and cites the ruleset's regulations", async () => {
    const { text, headers } = await open('admission-decision', record(quang({ rulesetId: 'r2025' })));
    expect(text.split('\n')[0]).toBe('DỰ THẢO');
    // on every page
    expect(headers).toContain('DỰ THẢO — do chi bộ chuẩn bị');
    expect(text).toContain('Căn cứ Quy định số 294-QĐ/TW ngày 26 tháng 5 năm 2025');
    expect(text).toContain('Căn cứ Hướng dẫn số 06-HD/TW ngày 9 tháng 6 năm 2025');
    expect(text).toContain('Số ……-QĐ/ĐU');
    expect(text).toContain('Kết nạp quần chúng Nguyễn Hồng Quang, sinh ngày 14 tháng 3 năm 1995');
    expect(text).toContain('trong thời hạn 30 ngày làm việc');
    expect(text).toContain('(33/49 đảng viên chính thức tán thành)');
  });
});

describe('the cover sheet and list of documents', () => {
  it("lists the committee's filing order with form codes and dates, and what the dossier lacks", async () => {
    const c = quang({
      stage: 'AWAITING_DECISION',
      decision: undefined,
      ceremonyOn: undefined,
      probationEndsOn: undefined,
      officialOn: undefined,
      recognitionRounds: undefined,
      introduction: { path: 'two-members', introducerMemberIds: ['m07', 'm08'] },
      introducers: [
        { memberId: 'm07', fullName: 'Trần Văn Bình' },
        { memberId: 'm08', fullName: 'Lê Thu Hà' },
      ],
    });
    const docs = [
      doc('CN-NTVĐ', '2023-11-20'),
      doc('1-KNĐ', '2024-01-04'),
      doc('3-KNĐ', '2024-01-10', { docId: 'd-3a', introducerMemberId: 'm08' }),
    ];
    const { paragraphs, text } = await open('cover', record(c, docs));
    expect(text).toContain('ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN');
    expect(text).toContain('Họ và tên: Nguyễn Hồng Quang');
    expect(text).toContain(
      'Chi bộ xét, đề nghị kết nạp: ngày 15 tháng 3 năm 2024 (33/49 đảng viên chính thức tán thành)',
    );
    expect(text).toContain('MỤC LỤC TÀI LIỆU TRONG HỒ SƠ');
    // the table's cells, in order: filing order of the ruleset (CN-NTVĐ, 1-, 2-, 3- per introducer, 5-, 6-, minutes, 8-)
    const forms = paragraphs.filter((p) => /^(CN-NTVĐ|\d+A?-KNĐ)$/.test(p));
    expect(forms).toEqual(['CN-NTVĐ', '1-KNĐ', '2-KNĐ', '3-KNĐ', '3-KNĐ', '5-KNĐ', '6-KNĐ', '8-KNĐ']);
    const at = (name: string) => paragraphs.indexOf(name);
    expect(at('Giấy giới thiệu người vào Đảng (đồng chí Trần Văn Bình)')).toBeGreaterThan(0);
    const ha = at('Giấy giới thiệu người vào Đảng (đồng chí Lê Thu Hà)');
    expect(paragraphs.slice(ha, ha + 6)).toEqual([
      'Giấy giới thiệu người vào Đảng (đồng chí Lê Thu Hà)',
      '3-KNĐ',
      '10/1/2024',
      '',
      'Đã có',
      expect.any(String),
    ]);
    const six = at('Nghị quyết đề nghị kết nạp của chi bộ');
    expect(paragraphs.slice(six, six + 5)).toEqual([
      'Nghị quyết đề nghị kết nạp của chi bộ',
      '6-KNĐ',
      '15/3/2024',
      '',
      'Chưa có',
    ]);
    expect(paragraphs[six + 6]).toBe('Biên bản họp chi bộ');
    expect(paragraphs.slice(at('Đơn xin vào Đảng'), at('Đơn xin vào Đảng') + 5)).toEqual([
      'Đơn xin vào Đảng',
      '1-KNĐ',
      '4/1/2024',
      '',
      'Đã có',
    ]);
    clean(text);
  });

  it('after the ceremony it is the recognition dossier', async () => {
    const { paragraphs, text } = await open('cover', record(quang()));
    expect(text).toContain('ĐỀ NGHỊ CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC');
    expect(text).toContain('Kết nạp vào Đảng: ngày 22 tháng 4 năm 2024');
    const forms = paragraphs.filter((p) => /^(CN-ĐVM|\d+A?-KNĐ)$/.test(p));
    expect(forms).toEqual(['9-KNĐ', 'CN-ĐVM', '10-KNĐ', '11-KNĐ', '12-KNĐ', '13-KNĐ', '15-KNĐ', '16-KNĐ']);
  });

  it('a record with no vote yet still has its cover; the vote papers wait for the vote', async () => {
    const early = quang({
      stage: 'DOSSIER',
      cellVote: undefined,
      decision: undefined,
      ceremonyOn: undefined,
      probationEndsOn: undefined,
      officialOn: undefined,
      recognitionRounds: undefined,
      introducers: undefined,
    });
    for (const id of [
      'admission-minutes',
      'admission-resolution',
      'vote-report',
      'admission-decision',
    ] as const)
      expect(unavailableReason(id, early)).toBeDefined();
    const { text } = await open('cover', record(early));
    expect(text).toContain('Nguyễn Hồng Quang');
    expect(text).toContain('Giới thiệu: BCH công đoàn cơ sở và đồng chí ……………………');
    clean(text);
  });
});
