/** The cell's register as CSV and XLSX: its page and its column headers. */
import { defineMessages } from '../define.ts';

export const exportMessages = defineMessages({
  'export.zipTooLarge': {
    vi: 'Hồ sơ quá lớn để tải về trong một tệp ZIP (tối đa {mb} MB); hãy tải từng tài liệu',
    en: 'The dossier is too large for one ZIP file (at most {mb} MB); download the documents one by one',
  },
  'export.timeline.at': { vi: 'Thời gian', en: 'Time' },
  'export.timeline.what': { vi: 'Diễn biến', en: 'Event' },
  'export.timeline.about': { vi: 'Tài liệu', en: 'Document' },
  'export.timeline.stageTo': { vi: 'Chuyển sang giai đoạn', en: 'Moved to' },
  'export.timeline.who': { vi: 'Người thực hiện', en: 'By' },
  'exports.title': { vi: 'Xuất sổ theo dõi của chi bộ', en: "Export the cell's register" },
  'exports.csv': { vi: 'Tải CSV', en: 'Download CSV' },
  'exports.xlsx': { vi: 'Tải Excel (XLSX)', en: 'Download Excel (XLSX)' },
  'exports.intro': {
    vi: 'Sổ theo dõi gồm toàn bộ quần chúng của chi bộ và giai đoạn hiện tại.',
    en: 'The register lists every candidate of the cell and the current stage.',
  },
  'export.no': { vi: 'STT', en: 'No.' },
  'export.stageSince': { vi: 'Từ ngày', en: 'Since' },
  'export.id': { vi: 'Mã hồ sơ', en: 'Dossier id' },
  'export.sheet': { vi: 'So theo doi', en: 'Register' },
});
