/**
 * The cell's papers of the admission vote (docs/rules.md#votes): the minutes of the meeting, the resolution
 * proposing admission (6-KNĐ) when 2/3 was reached, and the report of the full result to the committee when it
 * was not. One builder per paper; each takes the record and answers the sections of its document.
 */
import type { ISectionOptions } from 'docx';
import type { VoteRecord } from '../app/types.ts';
import {
  body,
  cellIssuer,
  fact,
  heading,
  para,
  run,
  section,
  signatureBlock,
  signer,
  title,
} from './layout.ts';
import {
  attendance,
  committeeBlank,
  introducersReport,
  meetingHeld,
  minutesClosing,
  minutesOpening,
  officers,
  voteResult,
  writeLines,
} from './parts.ts';
import { BLANK_LINE, type DraftRecord, guidanceOf, partyDate } from './record.ts';

function voteOf(rec: DraftRecord): VoteRecord {
  const v = rec.candidate.cellVote;
  if (!v) throw new RangeError('no cell vote on this record');
  return v;
}

const subjectOf = (rec: DraftRecord) => `việc kết nạp quần chúng ${rec.candidate.fullName} vào Đảng`;

/** Biên bản họp chi bộ xét, đề nghị kết nạp đảng viên. */
export function admissionMinutes(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const vote = voteOf(rec);
  return [
    section([
      heading(cellIssuer(rec.cell, 'BB/CB'), vote.meetingOn),
      ...title('BIÊN BẢN', 'Họp chi bộ xét, đề nghị kết nạp đảng viên'),
      minutesOpening(
        rec,
        vote.meetingOn,
        'đề nghị kết nạp quần chúng ',
        `, sinh ${partyDate(c.birthDate)}, vào Đảng.`,
      ),
      ...attendance(rec.cell),
      ...officers(),
      para('NỘI DUNG', { align: 'center', bold: true, before: 6, after: 6 }),
      body(
        `1. Đồng chí ${BLANK_LINE}, thay mặt chi ủy, báo cáo quá trình phấn đấu, tóm tắt lý lịch và kết quả thẩm tra lý lịch của quần chúng ${c.fullName}; quần chúng ${c.fullName} đọc đơn xin vào Đảng.`,
      ),
      body(`2. ${introducersReport(rec)}`),
      body(
        '3. Chi bộ nghe tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi quần chúng sinh hoạt và chi ủy, chi bộ nơi cư trú (mẫu 5-KNĐ).',
      ),
      ...writeLines('4. Ý kiến thảo luận của đảng viên: ', 3),
      ...voteResult(vote, c.rulesetId, subjectOf(rec), '5. Kết quả biểu quyết. '),
      body([
        run('Kết luận: ', { bold: true }),
        run(
          vote.passed
            ? `chi bộ đề nghị ${committeeBlank} xem xét, kết nạp quần chúng ${c.fullName} vào Đảng.`
            : `kết quả biểu quyết chưa đạt; chi bộ báo cáo đầy đủ kết quả lên ${committeeBlank} xem xét, quyết định.`,
        ),
      ]),
      ...minutesClosing(),
    ]),
  ];
}

/** Nghị quyết đề nghị kết nạp đảng viên (6-KNĐ): only after a vote that reached the threshold. */
export function admissionResolution(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const vote = voteOf(rec);
  if (!vote.passed) throw new RangeError('a failed vote has no 6-KNĐ');
  return [
    section([
      heading(cellIssuer(rec.cell, 'NQ/CB', vote.resolutionNo), vote.meetingOn),
      ...title('NGHỊ QUYẾT', 'Đề nghị kết nạp đảng viên'),
      meetingHeld(rec, vote.meetingOn, 'để xét, đề nghị kết nạp quần chúng ', ' vào Đảng.'),
      ...attendance(rec.cell),
      ...officers(),
      body('Sau khi nghiên cứu hồ sơ, nghe báo cáo và thảo luận, chi bộ thống nhất kết luận:'),
      body(
        `1. Những ưu điểm, khuyết điểm chính về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng của quần chúng ${c.fullName}:`,
      ),
      ...writeLines('- Ưu điểm: '),
      ...writeLines('- Khuyết điểm: '),
      body([
        ...fact(`2. Về lý lịch: quần chúng ${c.fullName}, sinh `, partyDate(c.birthDate), '; '),
        run(`những vấn đề về lịch sử chính trị và chính trị hiện nay: ${BLANK_LINE}.`),
      ]),
      ...voteResult(vote, c.rulesetId, subjectOf(rec), '3. '),
      body(`Chi bộ đề nghị ${committeeBlank} xem xét, kết nạp quần chúng ${c.fullName} vào Đảng.`, {
        keepNext: true,
      }),
      signatureBlock([`Đảng ủy ${BLANK_LINE},`, 'Lưu chi bộ.'], signer(['T/M CHI BỘ', 'BÍ THƯ'])),
    ]),
  ];
}

/** Báo cáo kết quả biểu quyết: a vote under the threshold is reported up in full, not closed silently. */
export function voteReport(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const vote = voteOf(rec);
  if (vote.passed) throw new RangeError('a passing vote is proposed by a 6-KNĐ, not reported');
  const guidance = guidanceOf(c.rulesetId);
  return [
    section([
      heading(cellIssuer(rec.cell, 'BC/CB'), vote.meetingOn),
      ...title('BÁO CÁO', 'Kết quả biểu quyết đề nghị kết nạp đảng viên'),
      para(`Kính gửi: ${committeeBlank}`, { align: 'center', after: 12 }),
      meetingHeld(
        rec,
        vote.meetingOn,
        'xét, đề nghị kết nạp quần chúng ',
        `, sinh ${partyDate(c.birthDate)}, vào Đảng.`,
      ),
      ...attendance(rec.cell),
      ...voteResult(vote, c.rulesetId, subjectOf(rec), 'Kết quả biểu quyết: '),
      body(
        `${guidance ? `Thực hiện ${guidance.name} ${guidance.detail}, c` : 'C'}hi bộ báo cáo đầy đủ kết quả biểu quyết để cấp ủy có thẩm quyền xem xét, quyết định.`,
      ),
      ...writeLines('Ý kiến của chi bộ: ', 2),
      signatureBlock(['Như kính gửi,', 'Lưu chi bộ.'], signer(['T/M CHI BỘ', 'BÍ THƯ'])),
    ]),
  ];
}
