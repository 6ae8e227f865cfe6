/**
 * What a draft is made from (a candidate's record, its cell, its accepted documents) and the wording helpers
 * every paper shares: dates as the Party writes them, percentages, vote forms, the regulations of a ruleset.
 * Pure: no I/O, no `docx`.
 */
import type { CandidateView, DocumentView, VoteRecord } from '../app/types.ts';
import { isCalendarDate, parseDate } from '../domain/date.ts';
import { rulesetById } from '../domain/ruleset.ts';

export interface DraftCell {
  cellId: string;
  /** "Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng" */
  name: string;
  officialMembers?: number;
  probationaryMembers?: number;
  hasSubCommittee?: boolean;
  hasGrassrootsCommittee?: boolean;
}

export interface DraftRecord {
  candidate: CandidateView;
  cell: DraftCell;
  /** the accepted documents of the dossier (for the list of documents) */
  documents: DocumentView[];
}

/** A field ketnap cannot know: a visible blank for the secretary to fill in by hand. */
export const BLANK = '……';
/** A longer blank, for a line of text (a name, a place). */
export const BLANK_LINE = '……………………';

/** The number and symbol: "Số 12-NQ/CB" from "12" or "12-NQ/CB" as recorded, "Số ……-NQ/CB" when unknown. */
export function docNumber(recorded: string | undefined, symbol: string): string {
  const n = recorded?.trim().replace(/^số\s*/iu, '');
  if (!n) return `Số ${BLANK}-${symbol}`;
  return /^\d+$/.test(n) ? `Số ${n}-${symbol}` : `Số ${n}`;
}

/** "ngày 15 tháng 3 năm 2024" (docs/rules.md#document-layout); a blank date when unknown. */
export function partyDate(day: string | undefined): string {
  if (!day || !isCalendarDate(day.slice(0, 10))) return `ngày ${BLANK} tháng ${BLANK} năm ${BLANK}`;
  const { year, month, day: d } = parseDate(day.slice(0, 10));
  return `ngày ${d} tháng ${month} năm ${year}`;
}

/** "15/3/2024" for a table column; a blank when unknown. */
export function shortDate(day: string | undefined): string {
  if (!day || !isCalendarDate(day.slice(0, 10))) return BLANK;
  const { year, month, day: d } = parseDate(day.slice(0, 10));
  return `${d}/${month}/${year}`;
}

/** "67,35%": a share of the denominator, Vietnamese decimal comma, two decimals at most. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return `${BLANK}%`;
  const p = Math.round((part * 10_000) / whole) / 100;
  return `${String(p).replace('.', ',')}%`;
}

export const voteFormText = (f: VoteRecord['form']): string =>
  f === 'ballot' ? 'bỏ phiếu kín' : 'giơ thẻ đảng viên';

/** The ruleset's threshold: "2/3" and the votes it takes of this denominator. */
export function threshold(vote: VoteRecord, rulesetId: string): { fraction: string; required: number } {
  const { numerator, denominator } = rulesetById(rulesetId).vote.passFraction;
  const required = vote.required ?? Math.ceil((vote.denominator * numerator) / denominator);
  return { fraction: `${numerator}/${denominator}`, required };
}

/** The cell's name as the body writes it ("Chi bộ …"), and in capitals for the issuing body. */
export function cellName(cell: DraftCell): string {
  const n = cell.name.trim() || BLANK_LINE;
  return /^chi bộ(\s|$)/iu.test(n) ? n : `Chi bộ ${n}`;
}

export const upper = (s: string): string => s.toLocaleUpperCase('vi-VN');

export interface Regulation {
  /** "Quy định số 294-QĐ/TW" */
  name: string;
  /** "ngày 26 tháng 5 năm 2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng" */
  detail: string;
}

const REGULATIONS: Record<string, Regulation> = {
  '24-QĐ/TW': {
    name: 'Quy định số 24-QĐ/TW',
    detail: 'ngày 30 tháng 7 năm 2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng',
  },
  '01-HD/TW': {
    name: 'Hướng dẫn số 01-HD/TW',
    detail: 'ngày 28 tháng 9 năm 2021 của Ban Bí thư hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng',
  },
  '294-QĐ/TW': {
    name: 'Quy định số 294-QĐ/TW',
    detail: 'ngày 26 tháng 5 năm 2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng',
  },
  '06-HD/TW': {
    name: 'Hướng dẫn số 06-HD/TW',
    detail: 'ngày 9 tháng 6 năm 2025 của Ban Bí thư hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng',
  },
  '12-HD/BTCTW': {
    name: 'Hướng dẫn số 12-HD/BTCTW',
    detail: 'ngày 18 tháng 1 năm 2022 của Ban Tổ chức Trung ương về nghiệp vụ công tác đảng viên',
  },
};

/** The regulations of a dossier's ruleset (docs/rules.md#rulesets), in the ruleset's order. */
export function regulationsOf(rulesetId: string): Regulation[] {
  return rulesetById(rulesetId).basis.map((b) => {
    const code = b.split(' ')[0] ?? b;
    return REGULATIONS[code] ?? { name: b, detail: '' };
  });
}

/** The guidance a failed vote is reported under: the ruleset's Hướng dẫn (01-HD/TW or 06-HD/TW). */
export function guidanceOf(rulesetId: string): Regulation | undefined {
  return regulationsOf(rulesetId).find((r) => /^Hướng dẫn số \d+-HD\/TW/.test(r.name));
}
