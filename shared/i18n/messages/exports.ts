/** The cell's register as CSV and XLSX: its page and its column headers. */
import { defineMessages } from '../define.ts';

export const exportMessages = defineMessages({
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
