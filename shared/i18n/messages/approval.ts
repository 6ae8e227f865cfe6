/** The approval link page as a committee member reads it (its own texts; the committee wording is in committee.ts). */
import { defineMessages } from '../define.ts';

export const approvalMessages = defineMessages({
  'approval.title': { vi: 'Xem xét hồ sơ kết nạp', en: 'Review an admission dossier' },
  'approval.intro': {
    vi: 'Đồng chí được mời xem xét hồ sơ dưới đây và cho ý kiến. Mở trang này không ghi nhận gì.',
    en: 'You are asked to review the dossier below and answer. Opening this page records nothing.',
  },
  'approval.step': { vi: 'Bước chờ quyết định', en: 'Step waiting for a decision' },
  'approval.approver': { vi: 'Người xem xét', en: 'Reviewer' },
  'approval.expires': { vi: 'Liên kết hết hạn lúc', en: 'This link expires at' },
  'approval.documents': { vi: 'Tài liệu trong hồ sơ', en: 'Documents in the dossier' },
  'approval.noDocuments': { vi: 'Chưa có tài liệu.', en: 'No documents yet.' },
  'approval.decision': { vi: 'Quyết định', en: 'Decision' },
  'approval.approve': { vi: 'Đồng ý', en: 'Approve' },
  'approval.return': { vi: 'Trả lại để bổ sung', en: 'Return for changes' },
  'approval.refuse': { vi: 'Không đồng ý', en: 'Refuse' },
  'approval.comment': {
    vi: 'Ý kiến (bắt buộc khi trả lại hoặc không đồng ý)',
    en: 'Comment (required to return or refuse)',
  },
  'approval.submit': { vi: 'Ghi ý kiến của tôi', en: 'Record my answer' },
  'approval.recorded': { vi: 'Đã ghi nhận ý kiến của đồng chí.', en: 'Your answer has been recorded.' },
  'approval.already': {
    vi: 'Quyết định cho liên kết này đã được ghi nhận: "{decision}" bởi {by} lúc {at}.',
    en: 'A decision was already recorded for this link: "{decision}" by {by} at {at}.',
  },
  'approval.expired': {
    vi: 'Liên kết này đã hết hạn. Vui lòng liên hệ bí thư chi bộ để nhận liên kết mới.',
    en: 'This link has expired. Please ask the cell secretary for a new one.',
  },
  'approval.invalid': {
    vi: 'Liên kết không hợp lệ. Vui lòng kiểm tra lại thư.',
    en: 'This link is not valid. Please check the e-mail.',
  },
  'approval.decision.approve': { vi: 'Đồng ý', en: 'Approved' },
  'approval.decision.return': { vi: 'Trả lại', en: 'Returned' },
  'approval.decision.refuse': { vi: 'Không đồng ý', en: 'Refused' },
});
