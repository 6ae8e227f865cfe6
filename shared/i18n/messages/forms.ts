/** The step forms a secretary fills in: the cell's votes, the committee's decision, the ceremony, probation. */
import { defineMessages } from '../define.ts';

export const formMessages = defineMessages({
  'vote.resolutionNo': {
    vi: 'Số nghị quyết của chi bộ (6-KNĐ)',
    en: "Number of the cell's resolution (6-KNĐ)",
  },
  'vote.failConfirm': {
    vi: 'Kết quả chưa đạt 2/3. Tôi xác nhận ghi kết quả này; chi bộ báo cáo kết quả lên cấp ủy theo quy định.',
    en: 'The vote missed 2/3. I confirm recording this result; the cell reports it to the committee as the rules require.',
  },
  'vote.failConfirmRecognition': {
    vi: 'Kết quả chưa đạt 2/3. Tôi xác nhận ghi kết quả của lần biểu quyết này.',
    en: 'The vote missed 2/3. I confirm recording the result of this round.',
  },
  'vote.needConfirm': {
    vi: 'Kết quả chưa đạt 2/3: đánh dấu ô xác nhận bên dưới rồi bấm Lưu.',
    en: 'The vote missed 2/3: tick the confirmation below, then Save.',
  },
  'vote.afterNote': {
    vi: 'Sau khi lưu, tải lên nghị quyết của chi bộ (6-KNĐ) trên trang của quần chúng.',
    en: "After saving, upload the cell's resolution (6-KNĐ) on the candidate's page.",
  },
  'decision.afterNote': {
    vi: 'Sau khi lưu, bí thư chi bộ tải lên quyết định kết nạp (9-KNĐ).',
    en: 'After saving, the cell secretary uploads the admission decision (9-KNĐ).',
  },
  'withdraw.date': { vi: 'Ngày rút hồ sơ', en: 'Date of withdrawal' },
  'withdraw.removeDate': { vi: 'Ngày xóa tên', en: 'Date the name is removed' },
  'recognition.missingDocs': {
    vi: 'Hồ sơ chưa có {forms} (cần trước khi chi bộ biểu quyết công nhận). Vẫn ghi được kết quả biểu quyết; hãy tải các tài liệu này lên.',
    en: 'The dossier lacks {forms} (needed before the cell votes on recognition). The vote can still be recorded; please upload them.',
  },
  'vote.title': { vi: 'Kết quả biểu quyết của chi bộ', en: "The cell's vote" },
  'vote.meetingDate': { vi: 'Ngày họp', en: 'Meeting date' },
  'vote.officialMembers': { vi: 'Số đảng viên chính thức', en: 'Official members' },
  'vote.exempt': {
    vi: 'Số được trừ (công tác tạm thời, miễn sinh hoạt vắng mặt, bị đình chỉ)',
    en: 'Deducted (temporarily elsewhere, exempt and absent, suspended)',
  },
  'vote.yes': { vi: 'Số tán thành', en: 'In favour' },
  'vote.no': { vi: 'Số không tán thành', en: 'Against' },
  'vote.abstain': { vi: 'Số không biểu quyết', en: 'Not voting' },
  'vote.form': { vi: 'Hình thức biểu quyết', en: 'Voting method' },
  'vote.form.ballot': { vi: 'Bỏ phiếu kín', en: 'Secret ballot' },
  'vote.form.cards': { vi: 'Giơ thẻ đảng viên', en: 'Show of Party cards' },
  'vote.check': { vi: 'Kiểm tra tỷ lệ 2/3', en: '2/3 check' },
  'vote.checkPass': {
    vi: 'Đạt: {yes}/{denominator} tán thành, cần ít nhất {needed}.',
    en: 'Passes: {yes}/{denominator} in favour, at least {needed} needed.',
  },
  'vote.checkFail': {
    vi: 'Chưa đạt: {yes}/{denominator} tán thành, cần ít nhất {needed}. Kết quả sẽ được báo cáo lên cấp ủy.',
    en: 'Does not pass: {yes}/{denominator} in favour, at least {needed} needed. The result will be reported to the committee.',
  },
  'vote.checkBad': {
    vi: 'Nhập số đảng viên và số phiếu để kiểm tra tỷ lệ 2/3.',
    en: 'Enter the members and the votes to check the 2/3.',
  },
  'decision.title': { vi: 'Quyết định của cấp ủy', en: "The committee's decision" },
  'decision.outcome': { vi: 'Kết quả', en: 'Outcome' },
  'decision.outcome.admitted': { vi: 'Đồng ý kết nạp (9-KNĐ)', en: 'Admission approved (9-KNĐ)' },
  'decision.outcome.refused': { vi: 'Không đồng ý', en: 'Refused' },
  'decision.number': { vi: 'Số quyết định', en: 'Decision number' },
  'decision.date': { vi: 'Ngày quyết định', en: 'Decision date' },
  'decision.receivedOn': { vi: 'Ngày chi bộ nhận', en: 'Received by the cell on' },
  'ceremony.title': { vi: 'Lễ kết nạp', en: 'Admission ceremony' },
  'ceremony.date': { vi: 'Ngày tổ chức lễ', en: 'Ceremony date' },
  'ceremony.helper': { vi: 'Đảng viên được phân công giúp đỡ', en: 'Member assigned to help' },
  'appraisal.title': { vi: 'Thẩm định của đảng ủy bộ phận', en: "The sub-committee's appraisal" },
  'appraisal.note': {
    vi: 'Kết quả thẩm định được chuyển lên cấp ủy có thẩm quyền để quyết định.',
    en: 'The appraisal goes to the competent committee, which decides.',
  },
  'appraisal.date': { vi: 'Ngày thẩm định', en: 'Appraised on' },
  'appraisal.reportNo': { vi: 'Số báo cáo thẩm định', en: 'Appraisal report number' },
  'appraisal.opinion': { vi: 'Ý kiến thẩm định', en: 'Opinion' },
  'appraisal.agree': { vi: 'Đồng ý đề nghị kết nạp', en: 'Agrees with the admission' },
  'appraisal.disagree': { vi: 'Không đồng ý', en: 'Disagrees' },
  'biography.title': { vi: 'Lý lịch đảng viên', en: 'Party-member biography' },
  'biography.note': {
    vi: 'Đảng viên mới lập lý lịch đảng viên trong 30 ngày làm việc kể từ ngày kết nạp ({ceremonyOn}).',
    en: 'The new member completes the party-member biography within 30 working days of the ceremony ({ceremonyOn}).',
  },
  'biography.submittedOn': {
    vi: 'Ngày nộp lý lịch đảng viên đã được chứng nhận',
    en: 'Certified biography submitted on',
  },
  'newMemberCourse.title': {
    vi: 'Giấy chứng nhận lớp bồi dưỡng đảng viên mới',
    en: 'New-member course certificate',
  },
  'newMemberCourse.note': {
    vi: 'Cần có trước khi chi bộ xét công nhận đảng viên chính thức.',
    en: 'Needed before the cell votes on recognition.',
  },
  'probationEnd.title': { vi: 'Kết thúc thời gian dự bị', en: 'End of probation' },
  'probationEnd.note': {
    vi: 'Đã hết 12 tháng dự bị. Xác nhận để chi bộ xét công nhận đảng viên chính thức.',
    en: 'The 12 months of probation are over. Confirm, and the cell can vote on recognition.',
  },
  'probationEnd.notYet': {
    vi: 'Chưa hết thời gian dự bị: 12 tháng kết thúc ngày {date}.',
    en: 'Probation has not ended: the 12 months end on {date}.',
  },
  'probationEnd.submit': { vi: 'Xác nhận hết thời gian dự bị', en: 'Confirm the end of probation' },
  'recognition.title': { vi: 'Biểu quyết công nhận đảng viên chính thức', en: "The cell's recognition vote" },
  'recognition.round': {
    vi: 'Lần biểu quyết thứ {round} (tối đa {max} lần)',
    en: 'Round {round} (at most {max})',
  },
  'recognition.previous': {
    vi: 'Các lần biểu quyết trước (tán thành/tổng số):',
    en: 'Earlier rounds (in favour/total):',
  },
  'recognition.motion': { vi: 'Nội dung biểu quyết', en: 'Motion' },
  'recognition.motion.recognise': {
    vi: 'Công nhận đảng viên chính thức (13-KNĐ)',
    en: 'Recognise as an official member (13-KNĐ)',
  },
  'recognition.motion.remove': {
    vi: 'Xóa tên trong danh sách đảng viên',
    en: 'Remove the name from the membership',
  },
  'recognition.checkFail': {
    vi: 'Chưa đạt: {yes}/{denominator} tán thành, cần ít nhất {needed}. Chi bộ sẽ biểu quyết lại; sau lần thứ ba không đạt, báo cáo cấp trên.',
    en: 'Does not pass: {yes}/{denominator} in favour, at least {needed} needed. The cell will vote again; after a third round without 2/3 it reports up.',
  },
  'withdraw.title': { vi: 'Rút hồ sơ', en: 'Withdraw' },
  'withdraw.removeName': { vi: 'Xóa tên đảng viên dự bị', en: 'Remove the name (probationary member)' },
  'superior.title': {
    vi: 'Quyết định của cấp trên về công nhận đảng viên chính thức',
    en: "The superior committee's decision on recognition",
  },
  'superior.note': {
    vi: 'Chi bộ đã biểu quyết {rounds} lần mà không đạt 2/3; cấp ủy cấp trên quyết định.',
    en: 'The cell voted {rounds} times without 2/3; the superior committee decides.',
  },
  'superior.recognise': { vi: 'Công nhận đảng viên chính thức', en: 'Recognise as an official member' },
  'superior.remove': { vi: 'Xóa tên trong danh sách đảng viên', en: 'Remove the name from the membership' },
  'withdraw.reason': { vi: 'Lý do', en: 'Reason' },
});
