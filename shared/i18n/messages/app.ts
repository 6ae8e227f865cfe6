/**
 * The application services' refusals (`AppError`), as the page or the JSON error shows them: not found, not
 * allowed, not now, a file refused.
 */
import { defineMessages } from '../define.ts';

export const appMessages = defineMessages({
  'app.invalidInput': {
    vi: 'Dữ liệu nhập chưa hợp lệ. {problems}',
    en: 'The input is not valid. {problems}',
  },
  'app.candidateGone': { vi: 'Không tìm thấy', en: 'Candidate not found' },
  'app.cellNotFound': { vi: 'Không tìm thấy chi bộ', en: 'Cell not found' },
  'app.introducerCount': {
    vi: 'Cần đúng {wanted} đảng viên giới thiệu cho cách giới thiệu đã chọn',
    en: 'This introduction path needs exactly {wanted} introducing member(s)',
  },
  'app.introducerNotOfficial': {
    vi: 'Người giới thiệu phải là đảng viên chính thức của chi bộ',
    en: 'Introducers must be official members of the cell',
  },
  'app.togetherSinceMissing': {
    vi: 'Nhập ngày đồng chí {name} bắt đầu cùng công tác với người vào Đảng',
    en: 'Enter since when {name} has worked together with the candidate',
  },
  'app.unknownStage': { vi: 'Giai đoạn không hợp lệ', en: 'Unknown stage' },
  'app.candidateNotFound': { vi: 'Không tìm thấy quần chúng', en: 'Candidate not found' },
  'app.withdrawn': { vi: 'Quần chúng đã rút hồ sơ', en: 'The candidate has withdrawn' },
  'app.linkNotFound': { vi: 'Liên kết không tồn tại', en: 'This link does not exist' },
  'app.superiorMotion': {
    vi: 'Cấp trên chỉ có thể công nhận hoặc xóa tên',
    en: 'The superior committee can only recognise or remove',
  },
  'app.recognitionFormTooEarly': {
    vi: '{form} ({title}) thuộc hồ sơ xét công nhận đảng viên chính thức: chỉ tải lên được trong thời gian dự bị, sau lễ kết nạp',
    en: '{form} ({title}) belongs to the recognition dossier: it can be uploaded only during probation, after the admission ceremony',
  },
  'app.admissionFormTooLate': {
    vi: '{form} ({title}) thuộc hồ sơ kết nạp: không tải lên được trong thời gian dự bị',
    en: '{form} ({title}) belongs to the admission dossier: it cannot be uploaded during probation',
  },
  'app.procedureEnded': { vi: 'Hồ sơ đã kết thúc', en: 'This candidate’s procedure has ended' },
  'app.unknownForm': { vi: 'Mã biểu mẫu không hợp lệ', en: 'Unknown form code' },
  'app.letterNeedsIntroducer': {
    vi: 'Giấy giới thiệu (3-KNĐ): chọn đảng viên đã viết giấy này',
    en: 'Letter of introduction (3-KNĐ): choose the member who wrote it',
  },
  'app.letterIntroducerUnknown': {
    vi: 'Người giới thiệu phải là một trong các đảng viên đã giới thiệu quần chúng này',
    en: 'The introducer must be one of the members who introduced this candidate',
  },
  'app.fileTooLargeMax': { vi: 'Tệp quá lớn (tối đa {max} MB)', en: 'File too large (at most {max} MB)' },
  'app.tooManyDocuments': {
    vi: 'Hồ sơ đã có {max} tài liệu, không tải thêm được',
    en: 'The dossier already holds {max} documents; no more can be uploaded',
  },
  'app.uploadMissing': { vi: 'Không tìm thấy tệp đã tải lên', en: 'The uploaded file was not found' },
  'app.uploadEmpty': { vi: 'Tệp rỗng', en: 'The file is empty' },
  'app.uploadTooLarge': { vi: 'Tệp vượt quá dung lượng cho phép', en: 'The file is larger than allowed' },
  'app.uploadBadType': {
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG',
    en: 'Only PDF, JPEG or PNG files are accepted',
  },
  'app.uploadBadExtension': {
    vi: 'Đuôi tên tệp không khớp với nội dung tệp (PDF: .pdf, JPEG: .jpg hoặc .jpeg, PNG: .png)',
    en: 'The file name’s extension does not match its content (PDF: .pdf, JPEG: .jpg or .jpeg, PNG: .png)',
  },
  'app.documentNotFound': { vi: 'Không tìm thấy tài liệu', en: 'Document not found' },
  'app.documentWithdrawTooLate': {
    vi: 'Hồ sơ đã chuyển sang bước sau khi tài liệu này được tải lên: không rút được nữa',
    en: 'The dossier has moved on since this document was uploaded: it can no longer be withdrawn',
  },
  'app.versionConflict': {
    vi: 'Hồ sơ vừa được cập nhật bởi người khác; hãy tải lại',
    en: 'Someone else changed this candidate; reload',
  },
  'app.noDecisionAwaited': { vi: 'Hồ sơ không chờ quyết định', en: 'No decision is awaited' },
  'app.linkOtherMember': {
    vi: 'Liên kết này dành cho một cấp ủy viên khác; đồng chí không thể ghi ý kiến bằng liên kết này',
    en: 'This link belongs to another committee member; you cannot answer with it',
  },
  'app.answerRecorded': {
    vi: 'Ý kiến đã được ghi nhận trước đó',
    en: 'The answer has already been recorded',
  },
  'app.linkExpired': { vi: 'Liên kết đã hết hạn', en: 'This link has expired' },
  'app.noAccessCell': { vi: 'Bạn không có quyền với chi bộ này', en: 'You have no access to this cell' },
  'app.notAllowed': { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
  'app.wrongStep': {
    vi: 'Hồ sơ không ở bước này (có thể đã được cập nhật)',
    en: 'The candidate is not at this step (it may have changed)',
  },
  'app.versionConflictReload': {
    vi: 'Hồ sơ vừa được người khác cập nhật; hãy tải lại',
    en: 'Someone else changed this candidate; reload',
  },
  'app.invalidPeriod': { vi: 'Kỳ không hợp lệ', en: 'Invalid period' },
  'app.invalidYear': { vi: 'Năm không hợp lệ', en: 'Invalid year' },
  'app.poolPersonNotFound': { vi: 'Không tìm thấy người này trong nguồn', en: 'No such person in the pool' },
  'app.probationNotEnded': { vi: 'Chưa hết thời gian dự bị ({end})', en: 'Probation has not ended ({end})' },
  'app.recognitionTooEarly': {
    vi: 'Chi bộ chỉ được xét công nhận sau khi hết 12 tháng dự bị ({end})',
    en: 'The cell may vote on recognition only once probation has ended ({end})',
  },
  'app.noNewMemberCourse': {
    vi: 'Chưa có giấy chứng nhận lớp đảng viên mới',
    en: 'No new-member course certificate',
  },
  'app.dateBefore': {
    vi: 'Ngày {field} không thể trước {before}',
    en: 'The {field} date cannot be before {before}',
  },
  'app.taskNotFound': { vi: 'Không tìm thấy thử thách', en: 'Task not found' },
});
