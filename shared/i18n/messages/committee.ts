/**
 * The committee's messages: the mails to committee members and to the secretary, and the approval link page.
 * Vietnamese first; "đồng chí" is how Party members address each other. No personal name goes in a subject.
 */
import { defineMessages } from '../define.ts';

export const committeeMessages = defineMessages({
  'committee.answer.approve': { vi: 'Đồng ý kết nạp', en: 'Approve admission' },
  'committee.answer.return': { vi: 'Trả lại để bổ sung', en: 'Return for changes' },
  'committee.answer.refuse': { vi: 'Không đồng ý kết nạp', en: 'Refuse admission' },
  'committee.late': { vi: 'ý kiến muộn, sau khi đã có kết quả', en: 'late answer, after the outcome' },
  'standing.left': { vi: 'còn {days} ngày làm việc', en: '{days} working days left' },
  'standing.left.one': { vi: 'còn {days} ngày làm việc', en: '{days} working day left' },
  'standing.today': { vi: 'hôm nay là ngày cuối', en: 'today is the last day' },
  'standing.late': { vi: 'đã quá hạn {days} ngày làm việc', en: 'overdue by {days} working days' },
  'standing.late.one': { vi: 'đã quá hạn {days} ngày làm việc', en: 'overdue by {days} working day' },
  'committee.deadline': {
    vi: 'Hạn quyết định của cấp ủy: {date} ({left}).',
    en: "The committee's deadline: {date} ({left}).",
  },
  'committee.quorum.fractionOfAll': {
    vi: 'Cấp ủy quyết định khi có ít nhất {required}/{voters} cấp ủy viên cùng ý kiến (2/3 tổng số cấp ủy viên).',
    en: 'The committee decides when at least {required} of its {voters} members agree (2/3 of all members).',
  },
  'committee.quorum.standingMajority': {
    vi: 'Ban thường vụ quyết định theo đa số: ít nhất {required}/{voters} ủy viên thường vụ cùng ý kiến.',
    en: 'The standing committee decides by majority: at least {required} of its {voters} members agree.',
  },
  'committee.quorum.recorder': {
    vi: 'Một đồng chí được phân công ghi quyết định của cuộc họp cấp ủy (số và ngày quyết định).',
    en: "One designated member records the committee meeting's decision (its number and date).",
  },
  'committee.round': { vi: 'Lần xem xét thứ {round}', en: 'Review round {round}' },
  'committee.failedVote': {
    vi: 'Chi bộ biểu quyết KHÔNG ĐẠT 2/3: {yes}/{denominator} tán thành, cần ít nhất {required}. Kết quả được báo cáo đầy đủ để cấp ủy quyết định; đồng ý kết nạp trái với kết quả này cần ghi rõ lý do.',
    en: 'The cell vote MISSED 2/3: {yes}/{denominator} in favour, at least {required} needed. The full result is reported for the committee to decide; approving against it needs a comment giving the reason.',
  },
  'committee.failedVoteForbidden': {
    vi: 'Chi bộ biểu quyết KHÔNG ĐẠT 2/3: {yes}/{denominator} tán thành, cần ít nhất {required}. Theo bộ quy tắc áp dụng, cấp ủy không thể đồng ý kết nạp.',
    en: 'The cell vote MISSED 2/3: {yes}/{denominator} in favour, at least {required} needed. Under the ruleset in force the committee cannot approve admission.',
  },
  'committee.passedVote': {
    vi: 'Chi bộ biểu quyết đạt: {yes}/{denominator} tán thành (cần ít nhất {required}).',
    en: 'The cell vote passed: {yes}/{denominator} in favour (at least {required} needed).',
  },

  // ---- mail to committee members -------------------------------------------------------------------------
  'mail.request.subject': {
    vi: '1 hồ sơ cần quyết định — {cell}',
    en: '1 dossier awaiting decision — {cell}',
  },
  'mail.request.subject.resubmitted': {
    vi: '1 hồ sơ gửi lại sau bổ sung, cần quyết định — {cell}',
    en: '1 resubmitted dossier awaiting decision — {cell}',
  },
  'mail.greeting': { vi: 'Kính gửi đồng chí {name},', en: 'Dear comrade {name},' },
  'mail.request.passed': {
    vi: 'Chi bộ đề nghị kết nạp đảng viên đối với quần chúng {candidate}.',
    en: 'The cell proposes {candidate} for admission to the Party.',
  },
  'mail.request.appraised': {
    vi: 'Đảng ủy bộ phận đã thẩm định hồ sơ đề nghị kết nạp quần chúng {candidate}.',
    en: 'The sub-committee has appraised the admission dossier of {candidate}.',
  },
  'mail.request.failed': {
    vi: 'Chi bộ báo cáo lên cấp ủy kết quả biểu quyết không đạt đối với quần chúng {candidate}.',
    en: 'The cell reports a failed admission vote on {candidate} to the committee.',
  },
  'mail.request.resubmitted': {
    vi: 'ĐÂY LÀ HỒ SƠ GỬI LẠI: chi bộ đã bổ sung hồ sơ của quần chúng {candidate} theo ý kiến cấp ủy lần trước và gửi lại, không biểu quyết lại.',
    en: 'THIS IS A RESUBMISSION: the cell has completed the dossier of {candidate} as the committee asked last time and sends it back without a new vote.',
  },
  'mail.request.recognitionEscalated': {
    vi: 'Ba lần biểu quyết công nhận đảng viên chính thức của đồng chí {candidate} không đạt 2/3; đề nghị cấp ủy cấp trên quyết định.',
    en: 'Three recognition votes on {candidate} missed 2/3; the superior committee is asked to decide.',
  },
  'mail.request.newDocuments': {
    vi: 'Tài liệu mới hoặc bổ sung từ lần trước: {count}.',
    en: 'Documents new since the last round: {count}.',
  },
  'mail.request.button': { vi: 'Xem hồ sơ và ghi ý kiến', en: 'Review the dossier and answer' },
  'mail.request.signin': {
    vi: 'Mở liên kết không ghi nhận gì. Để ghi ý kiến, đồng chí đăng nhập bằng tài khoản của mình.',
    en: 'Opening the link records nothing. To answer, sign in with your own account.',
  },
  'mail.link': { vi: 'Liên kết: {url}', en: 'Link: {url}' },
  'mail.footer': {
    vi: 'Thư tự động từ hệ thống Kết nạp Đảng. Xin đừng chuyển tiếp thư này.',
    en: 'An automatic mail from the Party admission system. Please do not forward it.',
  },

  // ---- withdrawal, to committee members -------------------------------------------------------------------
  'mail.withdrawn.subject': {
    vi: '1 hồ sơ đã rút, không cần quyết định — {cell}',
    en: '1 dossier withdrawn, no decision needed — {cell}',
  },
  'mail.withdrawn.body': {
    vi: 'Quần chúng {candidate} đã rút hồ sơ ngày {on} ({by} ghi nhận lúc {at}). Liên kết xem xét đã gửi không còn hiệu lực; đồng chí không cần ghi ý kiến.',
    en: '{candidate} withdrew on {on} (recorded by {by} at {at}). The review link sent earlier no longer works; no answer is needed.',
  },

  // ---- outcome, to the secretary --------------------------------------------------------------------------
  'mail.outcome.subject.approve': {
    vi: 'Cấp ủy đồng ý kết nạp 1 hồ sơ — {cell}',
    en: 'The committee approved 1 admission — {cell}',
  },
  'mail.outcome.subject.return': {
    vi: 'Cấp ủy trả lại 1 hồ sơ để bổ sung — {cell}',
    en: 'The committee returned 1 dossier for changes — {cell}',
  },
  'mail.outcome.subject.refuse': {
    vi: 'Cấp ủy không đồng ý kết nạp 1 hồ sơ — {cell}',
    en: 'The committee refused 1 admission — {cell}',
  },
  'mail.outcome.approve': {
    vi: 'Cấp ủy đồng ý kết nạp quần chúng {candidate} (lần xem xét thứ {round}, ngày {decidedOn}). Chi bộ tổ chức lễ kết nạp trong 30 ngày làm việc.',
    en: 'The committee approved the admission of {candidate} (round {round}, {decidedOn}). The cell holds the ceremony within 30 working days.',
  },
  'mail.outcome.return': {
    vi: 'Cấp ủy trả lại hồ sơ của quần chúng {candidate} để bổ sung (lần xem xét thứ {round}). Đồng chí bổ sung theo các ý kiến dưới đây và gửi lại trước {date} ({left}). Hồ sơ gửi lại được chuyển thẳng lên cấp ủy.',
    en: 'The committee returned the dossier of {candidate} for changes (round {round}). Complete it as the comments below ask and resubmit by {date} ({left}). The resubmitted dossier goes straight back to the committee.',
  },
  'mail.outcome.return.revote': {
    vi: 'Theo bộ quy tắc áp dụng, hồ sơ bổ sung phải được chi bộ biểu quyết lại.',
    en: 'Under the ruleset in force, the completed dossier goes to a new cell vote.',
  },
  'mail.outcome.refuse': {
    vi: 'Cấp ủy không đồng ý kết nạp quần chúng {candidate} (lần xem xét thứ {round}, ngày {decidedOn}). Đây là kết quả cuối cùng của quy trình kết nạp này.',
    en: 'The committee refused the admission of {candidate} (round {round}, {decidedOn}). This ends this admission procedure.',
  },
  'mail.outcome.answers': { vi: 'Ý kiến của các cấp ủy viên:', en: 'What the committee members answered:' },
  'mail.outcome.button': { vi: 'Mở hồ sơ', en: 'Open the dossier' },

  // ---- the approval link page -----------------------------------------------------------------------------
  'link.signin': {
    vi: 'Để ghi ý kiến, đồng chí cần đăng nhập bằng tài khoản của mình; sau khi đăng nhập, đồng chí trở lại trang này.',
    en: 'To answer, sign in with your own account; you come back to this page afterwards.',
  },
  'link.signinButton': { vi: 'Đăng nhập để ghi ý kiến', en: 'Sign in to answer' },
  'link.otherUser': {
    vi: 'Đồng chí đang đăng nhập với tài khoản {who}; liên kết này dành cho đồng chí {name}. Không thể ghi ý kiến thay người khác.',
    en: 'You are signed in as {who}; this link belongs to {name}. No one can answer for another member.',
  },
  'link.withdrawn': {
    vi: 'Quần chúng đã rút hồ sơ ngày {on} ({by} ghi nhận lúc {at}). Liên kết này không còn hiệu lực; đồng chí không cần ghi ý kiến.',
    en: 'The candidate withdrew on {on} (recorded by {by} at {at}). This link no longer works; no answer is needed.',
  },
  'link.resubmitted': { vi: 'Hồ sơ gửi lại sau bổ sung', en: 'Resubmitted after changes' },
  'link.outcome': {
    vi: 'Kết quả của cấp ủy: {outcome} (lúc {at}).',
    en: "The committee's outcome: {outcome} (at {at}).",
  },
  'link.answers': { vi: 'Ý kiến của các cấp ủy viên', en: "The members' answers" },
  'link.noAnswers': { vi: 'Chưa có cấp ủy viên nào ghi ý kiến.', en: 'No member has answered yet.' },
  'link.yourAnswer': {
    vi: 'Ý kiến của đồng chí: {answer}, ghi nhận lúc {at}.',
    en: 'Your answer: {answer}, recorded at {at}.',
  },
  'link.yourAnswerTitle': { vi: 'Ý kiến của đồng chí', en: 'Your answer' },
  'link.decidedLate': {
    vi: 'Cấp ủy đã có kết quả. Đồng chí vẫn có thể ghi ý kiến; ý kiến được lưu là ý kiến muộn và không thay đổi kết quả.',
    en: 'The committee has reached its outcome. You may still answer; your answer is kept as a late answer and does not change it.',
  },
  'link.decidedApp': {
    vi: 'Quyết định đã được ghi nhận trong ứng dụng: {outcome}, bởi {by}, ngày {on}.',
    en: 'The decision was recorded in the app: {outcome}, by {by}, on {on}.',
  },
  'link.againstComment': {
    vi: 'Chi bộ biểu quyết không đạt 2/3: nếu đồng ý kết nạp, đồng chí cần ghi rõ lý do.',
    en: 'The cell vote missed 2/3: if you approve, give the reason in your comment.',
  },
  'link.againstForbidden': {
    vi: 'Chi bộ biểu quyết không đạt 2/3: theo bộ quy tắc áp dụng, không thể đồng ý kết nạp.',
    en: 'The cell vote missed 2/3: under the ruleset in force, admission cannot be approved.',
  },
  'link.decisionNo': { vi: 'Số quyết định của cuộc họp', en: "Number of the meeting's decision" },
  'link.decidedOn': { vi: 'Ngày quyết định', en: 'Date of the decision' },
  'link.submitLate': { vi: 'Ghi ý kiến muộn', en: 'Record a late answer' },
  'link.newDocument': { vi: 'Mới từ lần trước', en: 'New since last round' },
  'link.documentsClosed': {
    vi: 'Liên kết này không còn mở tài liệu: ý kiến đã được ghi, cấp ủy đã có kết quả, hồ sơ đã rút hoặc liên kết đã hết hạn.',
    en: 'This link no longer opens documents: the answer is recorded, the committee has decided, the candidate withdrew or the link expired.',
  },

  // ---- the secretary's banner and the committee member's home ----------------------------------------------
  'banner.approve': {
    vi: 'Cấp ủy đồng ý kết nạp (lần xem xét thứ {round}, ngày {decidedOn}).',
    en: 'The committee approved the admission (round {round}, {decidedOn}).',
  },
  'banner.return': {
    vi: 'Cấp ủy trả lại hồ sơ để bổ sung (lần xem xét thứ {round}, ngày {decidedOn}). Cần bổ sung theo các ý kiến dưới đây và gửi lại trước {date} ({left}); hồ sơ gửi lại được chuyển thẳng lên cấp ủy.',
    en: 'The committee returned the dossier for changes (round {round}, {decidedOn}). Complete it as the comments below ask and resubmit by {date} ({left}); it goes straight back to the committee.',
  },
  'banner.refuse': {
    vi: 'Cấp ủy không đồng ý kết nạp (lần xem xét thứ {round}, ngày {decidedOn}). Đây là kết quả cuối cùng của quy trình kết nạp này.',
    en: 'The committee refused the admission (round {round}, {decidedOn}). This ends this admission procedure.',
  },
  'home.decisions': { vi: 'Hồ sơ chờ đồng chí cho ý kiến', en: 'Dossiers waiting for your answer' },
  'home.noDecisions': {
    vi: 'Không có hồ sơ nào chờ ý kiến của đồng chí.',
    en: 'No dossier is waiting for your answer.',
  },
  'home.answered': { vi: 'đồng chí đã cho ý kiến: {answer}', en: 'you answered: {answer}' },
  'home.openLink': { vi: 'Xem và cho ý kiến', en: 'Review and answer' },
  'home.answersSoFar': { vi: '{n} ý kiến', en: '{n} answers' },
  'home.failedVote': { vi: 'chi bộ biểu quyết không đạt', en: 'cell vote failed' },
});
