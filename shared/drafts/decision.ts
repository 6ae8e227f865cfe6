/**
 * A draft of the admission decision (9-KNĐ) for the competent committee (docs/rules.md#competent-committee),
 * marked as a draft on every page: the committee issues the decision, its form number is unconfirmed
 * (docs/rules.md#unconfirmed), and who signs it is local, so those stay blanks.
 */
import type { ISectionOptions } from 'docx';
import { rulesetById } from '../domain/ruleset.ts';
import { body, heading, para, run, section, signatureBlock, signer, title } from './layout.ts';
import { cellOf } from './parts.ts';
import { BLANK, BLANK_LINE, type DraftRecord, docNumber, partyDate, regulationsOf } from './record.ts';

export const DRAFT_MARK = 'DỰ THẢO — do chi bộ chuẩn bị để cấp ủy có thẩm quyền xem xét';

/** Quyết định kết nạp đảng viên, as a draft: only after the cell's vote reached the threshold. */
export function admissionDecision(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const vote = c.cellVote;
  if (!vote?.passed) throw new RangeError('no passing cell vote');
  const rules = rulesetById(c.rulesetId);
  const italic = (text: string) => para(text, { italics: true, align: 'justify', indent: 10, after: 3 });
  return [
    section(
      [
        para('DỰ THẢO', { align: 'right', bold: true, size: 16, after: 6 }),
        heading(
          { superior: `ĐẢNG BỘ ${BLANK_LINE}`, body: `ĐẢNG ỦY ${BLANK_LINE}`, number: `Số ${BLANK}-QĐ/ĐU` },
          undefined,
        ),
        ...title('QUYẾT ĐỊNH', 'kết nạp đảng viên'),
        para(`BAN THƯỜNG VỤ ĐẢNG ỦY ${BLANK_LINE}`, { align: 'center', bold: true, after: 12 }),
        italic('- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;'),
        ...regulationsOf(c.rulesetId).map((r) =>
          italic(`- Căn cứ ${r.name}${r.detail ? ` ${r.detail}` : ''};`),
        ),
        italic(
          `- Xét Nghị quyết ${docNumber(vote.resolutionNo, 'NQ/CB').replace(/^Số/, 'số')} ${partyDate(vote.meetingOn)} của ${cellOf(rec)} đề nghị kết nạp quần chúng ${c.fullName} vào Đảng (${vote.yes}/${vote.denominator} đảng viên chính thức tán thành);`,
        ),
        italic(`- Xét đề nghị của ${BLANK_LINE},`),
        para('QUYẾT ĐỊNH', { align: 'center', bold: true, before: 12, after: 12 }),
        body([
          run('Điều 1. ', { bold: true }),
          run('Kết nạp quần chúng '),
          run(c.fullName, { bold: true }),
          run(`, sinh ${partyDate(c.birthDate)}, sinh hoạt tại ${cellOf(rec)}, vào Đảng Cộng sản Việt Nam.`),
        ]),
        body([
          run('Điều 2. ', { bold: true }),
          run(
            `Thời gian dự bị của đồng chí ${c.fullName} là ${rules.deadlines.probationMonths} tháng, kể từ ngày chi bộ tổ chức lễ kết nạp. ${cellOf(rec)} tổ chức lễ kết nạp trong thời hạn ${rules.deadlines.ceremonyWorkingDays} ngày làm việc kể từ ngày nhận được quyết định này.`,
          ),
        ]),
        body([
          run('Điều 3. ', { bold: true }),
          run(`${BLANK_LINE}, ${cellOf(rec)} và đồng chí ${c.fullName} thi hành quyết định này.`),
        ]),
        signatureBlock(['Như Điều 3,', `Lưu ${BLANK}.`], signer(['T/M BAN THƯỜNG VỤ', BLANK_LINE])),
      ],
      { draftMark: DRAFT_MARK },
    ),
  ];
}
