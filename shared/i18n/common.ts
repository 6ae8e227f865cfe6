/** Messages shared by every part: generic errors, stages, languages. Other parts add their own files. */
import type { Catalogue } from './catalogue.ts';

export const commonMessages: Catalogue = {
  'app.name': { vi: 'Quản lý kết nạp đảng viên', en: 'Party admission management' },
  'lang.vi': { vi: 'Tiếng Việt', en: 'Vietnamese' },
  'lang.en': { vi: 'Tiếng Anh', en: 'English' },
  'error.validation': { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  'error.not_found': { vi: 'Không tìm thấy', en: 'Not found' },
  'error.forbidden': { vi: 'Không có quyền truy cập', en: 'Access denied' },
  'error.conflict': {
    vi: 'Dữ liệu đã bị thay đổi, vui lòng tải lại',
    en: 'The data changed meanwhile, please reload',
  },
  'error.internal': { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'System error, please try again' },
  'error.transition': { vi: 'Không thể chuyển giai đoạn', en: 'Stage change refused' },
  'action.approve': { vi: 'Đồng ý', en: 'Approve' },
  'action.return': { vi: 'Trả lại để bổ sung', en: 'Return for changes' },
  'action.refuse': { vi: 'Không đồng ý', en: 'Refuse' },
  'action.save': { vi: 'Lưu', en: 'Save' },
  'action.cancel': { vi: 'Hủy', en: 'Cancel' },
};
