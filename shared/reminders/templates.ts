// Mail texts of the daily digest, Vietnamese first, English for users who chose it.

import type { Lang } from '../domain/lang.ts';
import type { Notice } from './schedule.ts';

interface Texts {
  kind: Record<string, string>;
  otherKind: string;
  /** a task given to a pooled person or a candidate (thử thách) */
  task: string;
  upcoming: (n: number) => string;
  dueToday: string;
  overdue: (n: number) => string;
  escalated: string;
  due: string;
  open: string;
  subject: (count: number, day: string) => string;
  progressSubject: (day: string) => string;
  greeting: (name: string | undefined) => string;
  introSecretary: string;
  introCommittee: string;
  progressTitle: (period: string) => string;
  progressHeader: [string, string, string, string, string];
  introductions: (done: number, official: number) => string;
  notYet: string;
  onTrack: string;
  behind: string;
  met: string;
  missed: string;
  metric: Record<string, string>;
  footer: string;
}

const vi: Texts = {
  kind: {
    course: 'Học lớp bồi dưỡng nhận thức về Đảng',
    dossier: 'Hoàn thiện hồ sơ kết nạp',
    cell_vote: 'Chi bộ xét và biểu quyết đề nghị kết nạp',
    decision: 'Cấp ủy có thẩm quyền ra quyết định kết nạp',
    ceremony: 'Tổ chức lễ kết nạp',
    member_biography: 'Lập lý lịch đảng viên',
    new_member_course: 'Học lớp bồi dưỡng lý luận chính trị cho đảng viên mới',
    probation_end: 'Kết thúc thời gian dự bị',
    recognition: 'Chi bộ xét công nhận đảng viên chính thức',
    recognition_decision: 'Cấp ủy có thẩm quyền ra quyết định công nhận đảng viên chính thức',
    certificate_expiry: 'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng hết hạn',
    document_staleness: 'Giấy tờ trong hồ sơ quá 12 tháng, cần làm lại',
  },
  otherKind: 'Thời hạn',
  task: 'Thử thách',
  upcoming: (n) => `còn ${n} ngày làm việc`,
  dueToday: 'đến hạn hôm nay',
  overdue: (n) => `quá hạn ${n} ngày làm việc`,
  escalated: 'đã báo cáo cấp ủy',
  due: 'Hạn',
  open: 'Mở hồ sơ',
  subject: (count, day) => `[ketnap] ${count} việc cần theo dõi – ${day}`,
  progressSubject: (day) => `[ketnap] Tiến độ thực hiện chỉ tiêu – ${day}`,
  greeting: (name) => (name ? `Kính gửi đồng chí ${name},` : 'Kính gửi đồng chí,'),
  introSecretary: 'Các việc sau của chi bộ sắp đến hạn hoặc đã quá hạn:',
  introCommittee: 'Các việc sau đã quá hạn và được báo cáo lên cấp ủy:',
  progressTitle: (period) => `Tiến độ thực hiện chỉ tiêu ${period}`,
  progressHeader: ['Chỉ tiêu', 'Kế hoạch', 'Đã thực hiện', 'Cần đạt đến nay', 'Đánh giá'],
  introductions: (done, official) =>
    `Đảng viên chính thức đã giới thiệu quần chúng trong tháng: ${done}/${official}`,
  notYet: 'Chưa giới thiệu',
  onTrack: 'đúng tiến độ',
  behind: 'chậm tiến độ',
  met: 'đạt',
  missed: 'chưa đạt',
  metric: {
    sentToCourse: 'Quần chúng được cử đi học lớp nhận thức',
    dossiersSubmitted: 'Hồ sơ đề nghị kết nạp gửi lên cấp ủy',
    dossiersSent: 'Hồ sơ đề nghị kết nạp gửi lên cấp ủy',
    introductionsPerMember: 'Đảng viên giới thiệu quần chúng',
    admitted: 'Đảng viên được kết nạp',
    introductions: 'Quần chúng được giới thiệu',
    recognized: 'Đảng viên được công nhận chính thức',
  },
  footer: 'Thư tự động từ ketnap. Đồng chí nhận thư này vì là người phụ trách các việc trên.',
};

const en: Texts = {
  kind: {
    course: 'Awareness course',
    dossier: 'Complete the admission dossier',
    cell_vote: 'Cell vote on the admission',
    decision: "Competent committee's admission decision",
    ceremony: 'Admission ceremony',
    member_biography: 'Party-member biography',
    new_member_course: 'New-member political theory course',
    probation_end: 'End of probation',
    recognition: 'Cell vote on recognition as an official member',
    recognition_decision: "Competent committee's recognition decision",
    certificate_expiry: 'Awareness course certificate expires',
    document_staleness: 'Dossier documents older than 12 months must be renewed',
  },
  otherKind: 'Deadline',
  task: 'Task',
  upcoming: (n) => `${n} working day${n === 1 ? '' : 's'} left`,
  dueToday: 'due today',
  overdue: (n) => `${n} working day${n === 1 ? '' : 's'} overdue`,
  escalated: 'escalated to the committee',
  due: 'Due',
  open: 'Open',
  subject: (count, day) => `[ketnap] ${count} item${count === 1 ? '' : 's'} to follow up – ${day}`,
  progressSubject: (day) => `[ketnap] Progress against the targets – ${day}`,
  greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
  introSecretary: "These deadlines of your cell's candidates are near or past:",
  introCommittee: 'These deadlines are overdue and have been escalated to the committee:',
  progressTitle: (period) => `Progress against the targets for ${period}`,
  progressHeader: ['Target', 'Planned', 'Done', 'Expected by now', 'Status'],
  introductions: (done, official) =>
    `Official members who introduced someone this month: ${done}/${official}`,
  notYet: 'Not yet',
  onTrack: 'on track',
  behind: 'behind',
  met: 'met',
  missed: 'missed',
  metric: {
    sentToCourse: 'Candidates sent to the awareness course',
    dossiersSubmitted: 'Dossiers sent to the Party committee',
    dossiersSent: 'Dossiers sent to the Party committee',
    introductionsPerMember: 'Members who introduced a candidate',
    admitted: 'New members admitted',
    introductions: 'Candidates introduced',
    recognized: 'Members recognised as official',
  },
  footer: 'Automatic mail from ketnap. You receive it because you follow up these items.',
};

export const TEXTS: Record<Lang, Texts> = { vi, en };

export function noticeText(lang: Lang, notice: Notice): string {
  const t = TEXTS[lang];
  switch (notice.type) {
    case 'upcoming':
      return t.upcoming(notice.workingDaysLeft);
    case 'dueToday':
      return t.dueToday;
    case 'overdue':
      return notice.escalate
        ? `${t.overdue(notice.workingDaysOverdue)} – ${t.escalated}`
        : t.overdue(notice.workingDaysOverdue);
  }
}

/** The data layer names some kinds in camelCase; the domain in snake_case. Both read the same. */
const KIND_ALIASES: Record<string, string> = {
  committeeDecision: 'decision',
  // the cell completes a dossier the committee returned
  resubmission: 'dossier',
  biography: 'member_biography',
  memberBiography: 'member_biography',
  certificateExpiry: 'certificate_expiry',
  newMemberCourse: 'new_member_course',
  staleDocuments: 'document_staleness',
  documentStaleness: 'document_staleness',
  cellVote: 'cell_vote',
  recognitionDecision: 'recognition_decision',
  probationEnd: 'probation_end',
};

// The camelCase names get the same labels in TEXTS, so pages that look labels up by kind find both.
for (const t of [vi, en]) {
  for (const [alias, kind] of Object.entries(KIND_ALIASES)) {
    const label = t.kind[kind];
    if (label !== undefined) t.kind[alias] = label;
  }
}

export function kindLabel(lang: Lang, kind: string): string {
  return TEXTS[lang].kind[KIND_ALIASES[kind] ?? kind] ?? TEXTS[lang].otherKind;
}

export function metricLabel(lang: Lang, metric: string): string {
  return TEXTS[lang].metric[metric] ?? metric;
}

export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
