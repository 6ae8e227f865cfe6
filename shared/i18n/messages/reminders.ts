/**
 * The daily digest's mail (deadlines near or past, tasks, the cell's progress against its targets) and the
 * labels of the deadline kinds, which the pages show too. A count of one has its own `.one` key (English
 * says "1 working day", Vietnamese reads the same either way).
 */
import { defineMessages } from '../define.ts';

export const reminderMessages = defineMessages({
  'deadline.course': { vi: 'Học lớp bồi dưỡng nhận thức về Đảng', en: 'Awareness course' },
  'deadline.dossier': { vi: 'Hoàn thiện hồ sơ kết nạp', en: 'Complete the admission dossier' },
  'deadline.cell_vote': { vi: 'Chi bộ xét và biểu quyết đề nghị kết nạp', en: 'Cell vote on the admission' },
  'deadline.decision': {
    vi: 'Cấp ủy có thẩm quyền ra quyết định kết nạp',
    en: "Competent committee's admission decision",
  },
  'deadline.ceremony': { vi: 'Tổ chức lễ kết nạp', en: 'Admission ceremony' },
  'deadline.member_biography': { vi: 'Lập lý lịch đảng viên', en: 'Party-member biography' },
  'deadline.new_member_course': {
    vi: 'Học lớp bồi dưỡng lý luận chính trị cho đảng viên mới',
    en: 'New-member political theory course',
  },
  'deadline.probation_end': { vi: 'Kết thúc thời gian dự bị', en: 'End of probation' },
  'deadline.recognition': {
    vi: 'Chi bộ xét công nhận đảng viên chính thức',
    en: 'Cell vote on recognition as an official member',
  },
  'deadline.recognition_decision': {
    vi: 'Cấp ủy có thẩm quyền ra quyết định công nhận đảng viên chính thức',
    en: "Competent committee's recognition decision",
  },
  'deadline.certificate_expiry': {
    vi: 'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng hết hạn',
    en: 'Awareness course certificate expires',
  },
  'deadline.document_staleness': {
    vi: 'Giấy tờ trong hồ sơ quá 12 tháng, cần làm lại',
    en: 'Dossier documents older than 12 months must be renewed',
  },
  'deadline.other': { vi: 'Thời hạn', en: 'Deadline' },

  'reminder.task': { vi: 'Thử thách', en: 'Task' },
  'reminder.upcoming': { vi: 'còn {n} ngày làm việc', en: '{n} working days left' },
  'reminder.upcoming.one': { vi: 'còn {n} ngày làm việc', en: '{n} working day left' },
  'reminder.dueToday': { vi: 'đến hạn hôm nay', en: 'due today' },
  'reminder.overdue': { vi: 'quá hạn {n} ngày làm việc', en: '{n} working days overdue' },
  'reminder.overdue.one': { vi: 'quá hạn {n} ngày làm việc', en: '{n} working day overdue' },
  'reminder.escalated': { vi: 'đã báo cáo cấp ủy', en: 'escalated to the committee' },
  'reminder.due': { vi: 'Hạn', en: 'Due' },
  'reminder.open': { vi: 'Mở hồ sơ', en: 'Open' },
  'reminder.subject': {
    vi: '[ketnap] {count} việc cần theo dõi – {day}',
    en: '[ketnap] {count} items to follow up – {day}',
  },
  'reminder.subject.one': {
    vi: '[ketnap] {count} việc cần theo dõi – {day}',
    en: '[ketnap] {count} item to follow up – {day}',
  },
  'reminder.progressSubject': {
    vi: '[ketnap] Tiến độ thực hiện chỉ tiêu – {day}',
    en: '[ketnap] Progress against the targets – {day}',
  },
  'reminder.greeting': { vi: 'Kính gửi đồng chí {name},', en: 'Dear {name},' },
  'reminder.greeting.anonymous': { vi: 'Kính gửi đồng chí,', en: 'Hello,' },
  'reminder.introSecretary': {
    vi: 'Các việc sau của chi bộ sắp đến hạn hoặc đã quá hạn:',
    en: "These deadlines of your cell's candidates are near or past:",
  },
  'reminder.introCommittee': {
    vi: 'Các việc sau đã quá hạn và được báo cáo lên cấp ủy:',
    en: 'These deadlines are overdue and have been escalated to the committee:',
  },
  'reminder.progressTitle': {
    vi: 'Tiến độ thực hiện chỉ tiêu {period}',
    en: 'Progress against the targets for {period}',
  },
  'reminder.progressHeader.metric': { vi: 'Chỉ tiêu', en: 'Target' },
  'reminder.progressHeader.planned': { vi: 'Kế hoạch', en: 'Planned' },
  'reminder.progressHeader.done': { vi: 'Đã thực hiện', en: 'Done' },
  'reminder.progressHeader.expected': { vi: 'Cần đạt đến nay', en: 'Expected by now' },
  'reminder.progressHeader.status': { vi: 'Đánh giá', en: 'Status' },
  'reminder.introductions': {
    vi: 'Đảng viên chính thức đã giới thiệu quần chúng trong tháng: {done}/{official}',
    en: 'Official members who introduced someone this month: {done}/{official}',
  },
  'reminder.notYet': { vi: 'Chưa giới thiệu', en: 'Not yet' },
  'reminder.status.onTrack': { vi: 'đúng tiến độ', en: 'on track' },
  'reminder.status.behind': { vi: 'chậm tiến độ', en: 'behind' },
  'reminder.status.met': { vi: 'đạt', en: 'met' },
  'reminder.status.missed': { vi: 'chưa đạt', en: 'missed' },
  'reminder.metric.sentToCourse': {
    vi: 'Quần chúng được cử đi học lớp nhận thức',
    en: 'Candidates sent to the awareness course',
  },
  'reminder.metric.dossiersSubmitted': {
    vi: 'Hồ sơ đề nghị kết nạp gửi lên cấp ủy',
    en: 'Dossiers sent to the Party committee',
  },
  'reminder.metric.dossiersSent': {
    vi: 'Hồ sơ đề nghị kết nạp gửi lên cấp ủy',
    en: 'Dossiers sent to the Party committee',
  },
  'reminder.metric.introductionsPerMember': {
    vi: 'Đảng viên giới thiệu quần chúng',
    en: 'Members who introduced a candidate',
  },
  'reminder.metric.admitted': { vi: 'Đảng viên được kết nạp', en: 'New members admitted' },
  'reminder.metric.introductions': { vi: 'Quần chúng được giới thiệu', en: 'Candidates introduced' },
  'reminder.metric.recognized': {
    vi: 'Đảng viên được công nhận chính thức',
    en: 'Members recognised as official',
  },
  'reminder.footer': {
    vi: 'Thư tự động từ ketnap. Đồng chí nhận thư này vì là người phụ trách các việc trên.',
    en: 'Automatic mail from ketnap. You receive it because you follow up these items.',
  },
  'reminder.forbiddenCell': {
    vi: 'Bạn không có quyền xem dữ liệu của chi bộ này.',
    en: "You may not see this cell's data.",
  },
  'reminder.invalidPeriod': {
    vi: 'Kỳ không hợp lệ: dùng năm (2024) hoặc tháng (2024-01).',
    en: 'Invalid period: use a year (2024) or a month (2024-01).',
  },
});
