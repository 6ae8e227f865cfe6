// The dossier checklists shown on a candidate's page: each form's status (missing / uploaded / expired /
// accepted) from the uploaded documents and the stage. Admission: validity of the course certificate 60 months
// from its issue, other documents 12 months from upload (docs/rules.md#certificate,
// #staleness; configurable in the ruleset), until
// the ceremony; after it the admitted dossier is kept as accepted. Recognition (#dossier-recognition, during probation): the
// forms the ruleset lists for the recognition vote, and the cell's resolution (13-KNĐ) after it.
import { PROBATION_STAGES } from '../app/model.ts';
import type { CandidateView, DocumentView, Stage } from '../app/types.ts';
import { FORM_TITLES } from '../domain/forms.ts';
import { type FormCode, rulesetById } from '../domain/ruleset.ts';

/** `later`: not due yet (the cell's recognition resolution, before the vote). */
export type DocStatus = 'missing' | 'uploaded' | 'expired' | 'accepted' | 'later';

export interface ChecklistItem {
  formCode: string;
  label: { vi: string; en: string };
  status: DocStatus;
  documents: DocumentView[];
}

export const ADMISSION_FORMS: { formCode: string; vi: string; en: string; afterVote?: boolean }[] = [
  {
    formCode: 'CN-NTVĐ',
    vi: 'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng',
    en: 'Awareness course certificate',
  },
  { formCode: '1-KNĐ', vi: 'Đơn xin vào Đảng', en: 'Application to join' },
  { formCode: '2-KNĐ', vi: 'Lý lịch của người xin vào Đảng', en: 'Biography of the applicant' },
  { formCode: '3-KNĐ', vi: 'Giấy giới thiệu người vào Đảng', en: 'Letter of introduction' },
  {
    formCode: '4A-KNĐ',
    vi: 'Nghị quyết giới thiệu đoàn viên công đoàn ưu tú',
    en: 'Trade-union introduction resolution',
  },
  { formCode: '5-KNĐ', vi: 'Tổng hợp ý kiến nhận xét', en: 'Summary of comments' },
  {
    formCode: '6-KNĐ',
    vi: 'Nghị quyết đề nghị kết nạp của chi bộ',
    en: "Cell's resolution proposing admission",
    afterVote: true,
  },
  { formCode: '9-KNĐ', vi: 'Quyết định kết nạp đảng viên', en: 'Admission decision', afterVote: true },
];

const ACCEPTED_FROM: readonly Stage[] = [
  'AWAITING_CELL_VOTE',
  'AWAITING_APPRAISAL',
  'AWAITING_DECISION',
  'AWAITING_CEREMONY',
  'AWAITING_BIOGRAPHY',
  'AWAITING_NEW_MEMBER_COURSE',
  'PROBATION',
  'AWAITING_RECOGNITION',
  'AWAITING_SUPERIOR',
  'OFFICIAL',
];

function addMonths(day: string, months: number): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** In probation (after the ceremony, before the final decision): the recognition dossier is the one open. */
export const inProbation = (c: CandidateView): boolean => PROBATION_STAGES.includes(c.stage);

/** Admitted: the ceremony was held (probation, or a final stage reached through it). */
const admitted = (c: CandidateView): boolean => inProbation(c) || (!!c.ceremonyOn && c.stage !== 'WITHDRAWN');

const newestFirst = (docs: DocumentView[], form: string) =>
  docs.filter((d) => d.formCode === form).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));

export function checklist(c: CandidateView, docs: DocumentView[], today: string): ChecklistItem[] {
  const accepted = ACCEPTED_FROM.includes(c.stage);
  const kept = admitted(c);
  const forms = ADMISSION_FORMS.filter(
    (f) => f.formCode !== '4A-KNĐ' || c.introduction?.path !== 'two-members',
  );
  return forms.map((f) => {
    const mine = newestFirst(docs, f.formCode);
    const latest = mine[0];
    let status: DocStatus = 'missing';
    if (latest) {
      const from = f.formCode === 'CN-NTVĐ' && c.course?.issuedOn ? c.course.issuedOn : latest.uploadedAt;
      const validUntil = addMonths(from, f.formCode === 'CN-NTVĐ' ? 60 : 12);
      // once admitted, the dossier the cell voted on no longer goes stale
      if (validUntil < today && !kept) status = 'expired';
      else status = accepted && !f.afterVote ? 'accepted' : 'uploaded';
    }
    return { formCode: f.formCode, label: { vi: f.vi, en: f.en }, status, documents: mine };
  });
}

/** The recognition forms a secretary keeps in the app (docs/rules.md#dossier-recognition): the self-review, the helper's comments, the
 * summary of comments, and the cell's resolution. Later forms come from the committees. */
export const RECOGNITION_FORMS: readonly FormCode[] = ['10-KNĐ', '11-KNĐ', '12-KNĐ', '13-KNĐ'];

export interface RecognitionItem extends ChecklistItem {
  /** the ruleset lists it before the cell's recognition vote */
  beforeVote: boolean;
}

/** The recognition dossier: each form, whether the ruleset needs it before the vote, and its status. */
export function recognitionChecklist(c: CandidateView, docs: DocumentView[]): RecognitionItem[] {
  const ruleset = rulesetById(c.rulesetId);
  const beforeVote = new Set(ruleset.checklists.recognition_vote.map((i) => i.form));
  const recognised = c.stage === 'OFFICIAL';
  return RECOGNITION_FORMS.map((form) => {
    const mine = newestFirst(docs, form);
    const before = beforeVote.has(form);
    let status: DocStatus;
    if (mine.length) status = recognised && before ? 'accepted' : 'uploaded';
    // the cell's resolution comes out of the vote: not due before it
    else status = before || recognised ? 'missing' : 'later';
    return { formCode: form, label: FORM_TITLES[form], status, documents: mine, beforeVote: before };
  });
}

/** The forms the ruleset needs before the recognition vote that are not uploaded yet. */
export const missingBeforeRecognitionVote = (items: RecognitionItem[]): RecognitionItem[] =>
  items.filter((i) => i.beforeVote && i.status === 'missing');
