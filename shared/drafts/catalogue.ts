/**
 * The papers ketnap drafts for a cell (docs/rules.md#form-practice): which exist, what each is called, which
 * checklist line it drafts, and whether a candidate's record allows it now. No `docx` here: the candidate's
 * page and the route's checks import this module; only rendering (render.ts) loads the DOCX library.
 */
import type { CandidateView, Message, VoteRecord } from '../app/types.ts';
import { nameKey } from '../domain/names.ts';
import type { FormCode } from '../domain/ruleset.ts';

export type DraftId =
  | 'admission-minutes'
  | 'admission-resolution'
  | 'vote-report'
  | 'recognition-minutes'
  | 'recognition-resolution'
  | 'cover'
  | 'admission-decision';

export interface DraftSpec {
  id: DraftId;
  /** the path segment of `GET /api/candidates/{id}/drafts/{formCode}` (ASCII; diacritics accepted too) */
  code: string;
  /** the checklist line this paper drafts: its signed scan, uploaded, closes the line */
  formCode?: FormCode;
  title: Message;
  /** the file name's stem (ASCII) */
  fileStem: string;
}

export const DRAFTS: readonly DraftSpec[] = [
  {
    id: 'cover',
    code: 'BIA-HS',
    title: { vi: 'Bìa hồ sơ và mục lục tài liệu', en: "The dossier's cover sheet and list of documents" },
    fileStem: 'bia-ho-so',
  },
  {
    id: 'admission-minutes',
    code: 'BB-KND',
    title: {
      vi: 'Biên bản họp chi bộ xét, đề nghị kết nạp đảng viên',
      en: 'Minutes of the cell meeting on the admission',
    },
    fileStem: 'bien-ban-xet-ket-nap',
  },
  {
    id: 'admission-resolution',
    code: '6-KND',
    formCode: '6-KNĐ',
    title: {
      vi: 'Nghị quyết đề nghị kết nạp đảng viên (6-KNĐ)',
      en: "The cell's resolution proposing admission (6-KNĐ)",
    },
    fileStem: '6-KND-nghi-quyet',
  },
  {
    id: 'vote-report',
    code: 'BC-KND',
    title: {
      vi: 'Báo cáo kết quả biểu quyết đề nghị kết nạp (không đạt 2/3)',
      en: 'Report of the admission vote to the committee (2/3 not reached)',
    },
    fileStem: 'bao-cao-ket-qua-bieu-quyet',
  },
  {
    id: 'admission-decision',
    code: '9-KND',
    formCode: '9-KNĐ',
    title: {
      vi: 'Dự thảo quyết định kết nạp đảng viên (9-KNĐ)',
      en: 'Draft admission decision for the committee (9-KNĐ)',
    },
    fileStem: '9-KND-du-thao-quyet-dinh',
  },
  {
    id: 'recognition-minutes',
    code: 'BB-CN',
    title: {
      vi: 'Biên bản họp chi bộ xét, đề nghị công nhận đảng viên chính thức',
      en: 'Minutes of the cell meeting on the recognition',
    },
    fileStem: 'bien-ban-xet-cong-nhan',
  },
  {
    id: 'recognition-resolution',
    code: '13-KND',
    formCode: '13-KNĐ',
    title: {
      vi: 'Nghị quyết đề nghị công nhận đảng viên chính thức (13-KNĐ)',
      en: "The cell's resolution proposing recognition (13-KNĐ)",
    },
    fileStem: '13-KND-nghi-quyet',
  },
];

/** ASCII, upper case, no diacritics: '6-KNĐ', '6-knd' and '6-KND' are one code. */
const codeKey = (s: string) => nameKey(s).toUpperCase().replace(/\s+/g, '');

/** The paper a path segment names, or undefined. */
export function draftByCode(code: string): DraftSpec | undefined {
  const k = codeKey(code);
  return DRAFTS.find((d) => d.code === k);
}

export const draftById = (id: DraftId): DraftSpec => DRAFTS.find((d) => d.id === id) as DraftSpec;

/** The round a recognition paper drafts: the last one recorded. */
export const lastRecognitionRound = (c: CandidateView): VoteRecord | undefined =>
  c.recognitionRounds?.[c.recognitionRounds.length - 1];

const WITHDRAWN = (c: CandidateView) => c.stage === 'WITHDRAWN';

/** Why a paper cannot be drafted for this candidate now (vi/en), or undefined when it can. */
export function unavailableReason(id: DraftId, c: CandidateView): Message | undefined {
  const vote = c.cellVote;
  const round = lastRecognitionRound(c);
  switch (id) {
    case 'cover':
      return undefined;
    case 'admission-minutes':
      return vote
        ? undefined
        : { vi: 'Chi bộ chưa biểu quyết việc kết nạp.', en: 'The cell has not voted on the admission yet.' };
    case 'admission-resolution':
    case 'admission-decision':
      if (!vote)
        return {
          vi: 'Chi bộ chưa biểu quyết việc kết nạp.',
          en: 'The cell has not voted on the admission yet.',
        };
      if (!vote.passed)
        return {
          vi: 'Biểu quyết chưa đạt 2/3 số đảng viên chính thức: chi bộ không ra nghị quyết đề nghị kết nạp mà báo cáo đầy đủ kết quả lên cấp ủy (tải báo cáo kết quả biểu quyết).',
          en: 'The vote did not reach 2/3 of the official members: the cell issues no resolution proposing admission but reports the full result to the committee (download the vote report).',
        };
      return undefined;
    case 'vote-report':
      if (!vote)
        return {
          vi: 'Chi bộ chưa biểu quyết việc kết nạp.',
          en: 'The cell has not voted on the admission yet.',
        };
      return vote.passed
        ? {
            vi: 'Biểu quyết đã đạt 2/3: chi bộ ra nghị quyết đề nghị kết nạp (6-KNĐ).',
            en: 'The vote reached 2/3: the cell issues its resolution proposing admission (6-KNĐ).',
          }
        : undefined;
    case 'recognition-minutes':
      return round
        ? undefined
        : {
            vi: 'Chi bộ chưa biểu quyết việc công nhận đảng viên chính thức.',
            en: 'The cell has not voted on the recognition yet.',
          };
    case 'recognition-resolution':
      if (!round)
        return {
          vi: 'Chi bộ chưa biểu quyết việc công nhận đảng viên chính thức.',
          en: 'The cell has not voted on the recognition yet.',
        };
      return round.passed && round.motion !== 'remove'
        ? undefined
        : {
            vi: 'Lần biểu quyết gần nhất chưa đạt 2/3 tán thành công nhận: chưa có nghị quyết đề nghị công nhận.',
            en: 'The last vote did not reach 2/3 for recognition: there is no resolution proposing it.',
          };
  }
}

/** The papers a candidate's record allows now, in the order a secretary needs them. */
export function availableDrafts(c: CandidateView): DraftSpec[] {
  if (WITHDRAWN(c)) return DRAFTS.filter((d) => d.id === 'cover');
  return DRAFTS.filter((d) => unavailableReason(d.id, c) === undefined);
}

/** The papers that draft a checklist line (6-KNĐ: the minutes go with it), for the line's link. */
export function draftsForForm(c: CandidateView, formCode: string): DraftSpec[] {
  const ids: DraftId[] =
    formCode === '6-KNĐ'
      ? ['admission-minutes', 'admission-resolution']
      : formCode === '13-KNĐ'
        ? ['recognition-minutes', 'recognition-resolution']
        : formCode === '9-KNĐ'
          ? ['admission-decision']
          : [];
  const available = availableDrafts(c);
  // no paper for the line itself (a failed vote has no 6-KNĐ): the line does not offer the others either
  if (!available.some((d) => d.formCode === formCode)) return [];
  return available.filter((d) => ids.includes(d.id));
}

/** The candidate's name for a file name: ASCII letters, digits and dashes ("Nguyễn Hồng Quang" → "Nguyen-Hong-Quang"). */
export function asciiName(fullName: string): string {
  const words = fullName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đð]/g, 'd')
    .replace(/[ĐÐ]/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  return words.join('-').slice(0, 80) || 'ho-so';
}

export const draftFileName = (spec: DraftSpec, c: CandidateView): string =>
  `${spec.fileStem}-${asciiName(c.fullName)}.docx`;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
