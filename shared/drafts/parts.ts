/**
 * Passages several papers share (the meeting's attendance, its officers, the vote's result, lines to write on),
 * written once so the minutes and the resolutions of one meeting say the same thing in the same words.
 */
import type { Paragraph, Table } from 'docx';
import type { VoteRecord } from '../app/types.ts';
import { body, dotted, fact, run, signer, twoSigners } from './layout.ts';
import {
  BLANK,
  BLANK_LINE,
  cellName,
  type DraftCell,
  type DraftRecord,
  partyDate,
  percent,
  threshold,
  voteFormText,
} from './record.ts';

const num = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? String(n) : BLANK);

/** The members of the cell, as its record holds them; who was present is the meeting's and stays blank. */
export function attendance(cell: DraftCell): Paragraph[] {
  const total =
    typeof cell.officialMembers === 'number' && typeof cell.probationaryMembers === 'number'
      ? cell.officialMembers + cell.probationaryMembers
      : undefined;
  return [
    body([
      ...fact('Tổng số đảng viên của chi bộ: ', num(total), ' đồng chí; trong đó chính thức: '),
      run(num(cell.officialMembers), { bold: true }),
      run(' đồng chí, dự bị: '),
      run(num(cell.probationaryMembers), { bold: true }),
      run(' đồng chí.'),
    ]),
    body(
      `Có mặt: ${BLANK} đồng chí (chính thức: ${BLANK}, dự bị: ${BLANK}). Vắng mặt: ${BLANK} đồng chí (lý do: ${BLANK}).`,
    ),
  ];
}

export const officers = (): Paragraph[] => [
  dotted(
    [
      ['Chủ trì hội nghị: đồng chí ', 0.62],
      [' chức vụ: ', 1],
    ],
    { indent: 10 },
  ),
  dotted(
    [
      ['Thư ký hội nghị: đồng chí ', 0.62],
      [' chức vụ: ', 1],
    ],
    { indent: 10 },
  ),
];

/** Lines to write on by hand (assessments the records do not hold): dotted to the margin. */
export const writeLines = (label: string, n = 2): Paragraph[] => [
  dotted([[label, 1]], { indent: 10 }),
  ...Array.from({ length: n - 1 }, () => dotted([['', 1]])),
];

/**
 * The vote as recorded: for and against over the official members counted, with percentages, the ruleset's
 * threshold and the form of voting. `subject`: what was voted on ("việc kết nạp quần chúng Nguyễn Văn A vào Đảng").
 */
export function voteResult(vote: VoteRecord, rulesetId: string, subject: string, lead = ''): Paragraph[] {
  const { fraction, required } = threshold(vote, rulesetId);
  return [
    body([
      run(lead),
      run(`${lead.endsWith(': ') ? 's' : 'S'}ố đảng viên chính thức tán thành ${subject} là `),
      run(String(vote.yes), { bold: true }),
      run('/'),
      run(String(vote.denominator), { bold: true }),
      run(' đồng chí, đạt '),
      run(percent(vote.yes, vote.denominator), { bold: true }),
      run(' so với tổng số đảng viên chính thức; số không tán thành là '),
      run(String(vote.no), { bold: true }),
      run(' đồng chí, chiếm '),
      run(percent(vote.no, vote.denominator), { bold: true }),
      run(vote.no > 0 ? `, với lý do: ${BLANK_LINE}.` : '.'),
    ]),
    body(
      `Hình thức biểu quyết: ${voteFormText(vote.form)}. Quy định: ít nhất ${fraction} số đảng viên chính thức tán thành, tức ${required}/${vote.denominator} đồng chí; kết quả ${vote.passed ? 'đạt' : 'chưa đạt'}.`,
    ),
  ];
}

/** The introducers' part of the meeting: the mass organisation's resolution and the members' letters. */
export function introducersReport(rec: DraftRecord): string {
  const c = rec.candidate;
  const names = c.introducers?.map((i) => i.fullName).filter(Boolean) ?? [];
  const wanted = c.introduction.path === 'two-members' ? 2 : 1;
  const list = Array.from({ length: wanted }, (_, i) => names[i] ?? BLANK_LINE);
  const who = list.map((n) => `đồng chí ${n}`).join(' và ');
  return c.introduction.path === 'two-members'
    ? `Đảng viên giới thiệu ${who} báo cáo về quần chúng ${c.fullName} (giấy giới thiệu người vào Đảng, mẫu 3-KNĐ).`
    : `Đại diện Ban Chấp hành công đoàn cơ sở đọc nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng (mẫu 4A-KNĐ); đảng viên giới thiệu ${who} báo cáo về quần chúng ${c.fullName} (mẫu 3-KNĐ).`;
}

/** "Chi bộ … đề nghị …": the competent committee is local data ketnap does not hold, so a blank. */
export const committeeBlank = `Ban Thường vụ Đảng ủy ${BLANK_LINE}`;

export const cellOf = (rec: DraftRecord) => cellName(rec.cell);

/** "<cell><clause><the candidate's name><tail>", the cell and the name in bold. */
const cellMet = (rec: DraftRecord, clause: string, tail: string) => [
  run(cellOf(rec), { bold: true }),
  run(clause),
  run(rec.candidate.fullName, { bold: true }),
  run(tail),
];

/**
 * The minutes' opening: "Hôm nay, vào lúc … giờ … phút, <date>, tại …, <cell> họp xét, <purpose> <name><tail>".
 * `purpose` ends with the person's title ("đề nghị kết nạp quần chúng "), `tail` closes the sentence.
 */
export function minutesOpening(
  rec: DraftRecord,
  meetingOn: string | undefined,
  purpose: string,
  tail: string,
): Paragraph {
  return body([
    run(`Hôm nay, vào lúc ${BLANK} giờ ${BLANK} phút, `),
    run(partyDate(meetingOn), { bold: true }),
    run(`, tại ${BLANK_LINE}, `),
    ...cellMet(rec, ` họp xét, ${purpose}`, tail),
  ]);
}

/** A resolution's or report's opening: "Ngày …, <cell> đã họp <purpose> <name><tail>". */
export function meetingHeld(
  rec: DraftRecord,
  meetingOn: string | undefined,
  purpose: string,
  tail: string,
): Paragraph {
  return body([
    run(partyDate(meetingOn).replace(/^n/, 'N'), { bold: true }),
    run(', '),
    ...cellMet(rec, ` đã họp ${purpose}`, tail),
  ]);
}

/** The minutes' close: the meeting's end, read back and agreed, signed by its secretary and its chair. */
export const minutesClosing = (): (Paragraph | Table)[] => [
  body(
    `Cuộc họp kết thúc vào lúc ${BLANK} giờ ${BLANK} phút cùng ngày. Biên bản đã được đọc lại trước chi bộ và được chi bộ nhất trí.`,
    { keepNext: true },
  ),
  twoSigners(signer(['THƯ KÝ HỘI NGHỊ']), signer(['CHỦ TRÌ HỘI NGHỊ'])),
];
