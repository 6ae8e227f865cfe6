/**
 * The cell's papers of the recognition vote (docs/rules.md#recognition): the minutes of the meeting and the
 * resolution proposing recognition as an official member (13-KNĐ), from the last round recorded.
 */
import type { ISectionOptions } from 'docx';
import type { VoteRecord } from '../app/types.ts';
import { lastRecognitionRound } from './catalogue.ts';
import { body, cellIssuer, heading, para, run, section, signatureBlock, signer, title } from './layout.ts';
import {
  attendance,
  committeeBlank,
  meetingHeld,
  minutesClosing,
  minutesOpening,
  officers,
  voteResult,
  writeLines,
} from './parts.ts';
import { BLANK, BLANK_LINE, type DraftRecord, partyDate } from './record.ts';

function roundOf(rec: DraftRecord): VoteRecord {
  const r = lastRecognitionRound(rec.candidate);
  if (!r) throw new RangeError('no recognition vote on this record');
  return r;
}

const subjectOf = (rec: DraftRecord, r: VoteRecord) =>
  r.motion === 'remove'
    ? `việc xóa tên đồng chí ${rec.candidate.fullName} trong danh sách đảng viên dự bị`
    : `việc công nhận đồng chí ${rec.candidate.fullName} là đảng viên chính thức`;

/** "Đồng chí … được kết nạp vào Đảng ngày …, theo Quyết định số …; dự bị đến …": from the records. */
function admittedOn(rec: DraftRecord) {
  const c = rec.candidate;
  const d = c.decision?.decision === 'approve' ? c.decision : undefined;
  return body([
    run(`Đồng chí ${c.fullName} được kết nạp vào Đảng `),
    run(partyDate(c.ceremonyOn), { bold: true }),
    run(
      `, theo Quyết định số ${d?.decisionNo ?? `${BLANK}-QĐ/${BLANK}`} ${partyDate(d?.decidedOn)} của ${BLANK_LINE}; thời hạn dự bị 12 tháng kết thúc `,
    ),
    run(partyDate(c.probationEndsOn), { bold: true }),
    run('.'),
  ]);
}

const roundText = (r: VoteRecord) => (r.round && r.round > 1 ? ` (lần thứ ${r.round})` : '');

/** Biên bản họp chi bộ xét, đề nghị công nhận đảng viên chính thức. */
export function recognitionMinutes(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const r = roundOf(rec);
  return [
    section([
      heading(cellIssuer(rec.cell, 'BB/CB'), r.meetingOn),
      ...title('BIÊN BẢN', `Họp chi bộ xét, đề nghị công nhận đảng viên chính thức${roundText(r)}`),
      minutesOpening(rec, r.meetingOn, 'đề nghị công nhận đảng viên dự bị ', ' là đảng viên chính thức.'),
      ...attendance(rec.cell),
      ...officers(),
      admittedOn(rec),
      para('NỘI DUNG', { align: 'center', bold: true, before: 6, after: 6 }),
      body(`1. Đồng chí ${c.fullName} đọc bản tự kiểm điểm trong thời kỳ dự bị (mẫu 10-KNĐ).`),
      body(
        `2. Đảng viên được phân công giúp đỡ, đồng chí ${BLANK_LINE}, đọc bản nhận xét (mẫu 11-KNĐ); chi ủy báo cáo tổng hợp ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú (mẫu 12-KNĐ).`,
      ),
      ...writeLines('3. Ý kiến thảo luận của đảng viên: ', 3),
      ...voteResult(r, c.rulesetId, subjectOf(rec, r), '4. Kết quả biểu quyết. '),
      body([
        run('Kết luận: ', { bold: true }),
        run(
          r.passed
            ? r.motion === 'remove'
              ? `chi bộ đề nghị ${committeeBlank} xem xét, xóa tên đồng chí ${c.fullName} trong danh sách đảng viên dự bị.`
              : `chi bộ đề nghị ${committeeBlank} xem xét, công nhận đồng chí ${c.fullName} là đảng viên chính thức.`
            : 'kết quả biểu quyết chưa đạt; chi bộ báo cáo cấp ủy cấp trên theo quy định.',
        ),
      ]),
      ...minutesClosing(),
    ]),
  ];
}

/** Nghị quyết đề nghị công nhận đảng viên chính thức (13-KNĐ): only after a round that reached the threshold. */
export function recognitionResolution(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const r = roundOf(rec);
  if (!r.passed || r.motion === 'remove') throw new RangeError('no passing recognition vote');
  return [
    section([
      heading(cellIssuer(rec.cell, 'NQ/CB'), r.meetingOn),
      ...title('NGHỊ QUYẾT', 'Đề nghị công nhận đảng viên chính thức'),
      meetingHeld(
        rec,
        r.meetingOn,
        'để xét, đề nghị công nhận đảng viên dự bị ',
        ' là đảng viên chính thức.',
      ),
      ...attendance(rec.cell),
      ...officers(),
      admittedOn(rec),
      body(
        'Sau khi nghe báo cáo bản tự kiểm điểm của đảng viên dự bị, bản nhận xét của đảng viên được phân công giúp đỡ và tổng hợp ý kiến nhận xét, chi bộ thống nhất kết luận:',
      ),
      body(`1. Ưu điểm, khuyết điểm chính của đồng chí ${c.fullName} trong thời kỳ dự bị:`),
      ...writeLines('- Ưu điểm: '),
      ...writeLines('- Khuyết điểm: '),
      ...voteResult(r, c.rulesetId, subjectOf(rec, r), '2. '),
      body([
        run(
          `Chi bộ đề nghị ${committeeBlank} xem xét, công nhận đồng chí ${c.fullName} là đảng viên chính thức kể từ `,
        ),
        run(partyDate(c.probationEndsOn), { bold: true }),
        run('.'),
      ]),
      signatureBlock([`Đảng ủy ${BLANK_LINE},`, 'Lưu chi bộ.'], signer(['T/M CHI BỘ', 'BÍ THƯ'])),
    ]),
  ];
}
