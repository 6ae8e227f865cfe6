/** Errors as a person reads them: the error page and the message of each stable error code (`err.<code>`). */
import { defineMessages } from '../define.ts';

export const errorMessages = defineMessages({
  'error.title': { vi: 'Có lỗi xảy ra', en: 'Something went wrong' },
  'error.back': { vi: 'Về trang chủ', en: 'Back to home' },
  'error.id': { vi: 'Mã lỗi', en: 'Error id' },
  'err.bad_request': { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  'err.invalid_json': { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The body is not valid JSON.' },
  'err.validation_failed': { vi: 'Dữ liệu nhập chưa hợp lệ.', en: 'Some fields are not valid.' },
  'err.unauthenticated': { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  'err.forbidden': { vi: 'Bạn không có quyền thực hiện việc này.', en: 'You are not allowed to do this.' },
  'err.not_found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'err.method_not_allowed': { vi: 'Phương thức không được hỗ trợ.', en: 'Method not allowed.' },
  'err.conflict': {
    vi: 'Dữ liệu vừa được người khác thay đổi. Vui lòng tải lại trang và thử lại.',
    en: 'Someone else changed this just now. Reload the page and try again.',
  },
  'err.rule_violation': {
    vi: 'Không thể thực hiện ở giai đoạn hiện tại.',
    en: 'This cannot be done at the current stage.',
  },
  'err.wrong_stage': {
    vi: 'Hồ sơ không ở bước này; có thể việc này đã được ghi nhận.',
    en: 'The candidate is not at this step; it may already be recorded.',
  },
  'err.blocked': { vi: 'Một quy định chặn bước này.', en: 'A rule blocks this step.' },
  'err.csrf_invalid': {
    vi: 'Phiên biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.',
    en: 'The form session is not valid. Reload the page and try again.',
  },
  'err.link_expired': { vi: 'Liên kết đã hết hạn.', en: 'The link has expired.' },
  'err.link_invalid': { vi: 'Liên kết không hợp lệ.', en: 'The link is not valid.' },
  'err.link_used': {
    vi: 'Quyết định cho liên kết này đã được ghi nhận.',
    en: 'A decision was already recorded for this link.',
  },
  'err.upload_invalid': { vi: 'Tệp tải lên không hợp lệ.', en: 'The uploaded file is not valid.' },
  'err.payload_too_large': { vi: 'Nội dung gửi lên quá lớn.', en: 'The body is too large.' },
  'err.unsupported_media_type': {
    vi: 'Định dạng nội dung không được hỗ trợ; hãy gửi JSON.',
    en: 'Unsupported content type; send JSON.',
  },
  'err.internal': {
    vi: 'Lỗi hệ thống. Vui lòng thử lại sau.',
    en: 'A system error occurred. Please try again later.',
  },
});
