// The dossier checklist shown on a candidate's page: each form's status (missing / uploaded / expired /
// accepted) from the uploaded documents and the stage. Validity: the course certificate 60 months from its
// issue, other documents 12 months from upload (domain rules §3.5, §3.6; configurable there).
import type { CandidateView, DocumentView, Stage } from '../app/types.ts';

export type DocStatus = 'missing' | 'uploaded' | 'expired' | 'accepted';

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

export function checklist(c: CandidateView, docs: DocumentView[], today: string): ChecklistItem[] {
  const accepted = ACCEPTED_FROM.includes(c.stage);
  const forms = ADMISSION_FORMS.filter(
    (f) => f.formCode !== '4A-KNĐ' || c.introduction?.path !== 'two-members',
  );
  return forms.map((f) => {
    const mine = docs
      .filter((d) => d.formCode === f.formCode)
      .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
    const latest = mine[0];
    let status: DocStatus = 'missing';
    if (latest) {
      const from = f.formCode === 'CN-NTVĐ' && c.course?.issuedOn ? c.course.issuedOn : latest.uploadedAt;
      const validUntil = addMonths(from, f.formCode === 'CN-NTVĐ' ? 60 : 12);
      if (validUntil < today) status = 'expired';
      else status = accepted && !f.afterVote ? 'accepted' : 'uploaded';
    }
    return { formCode: f.formCode, label: { vi: f.vi, en: f.en }, status, documents: mine };
  });
}
