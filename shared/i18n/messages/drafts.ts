/** The papers ketnap drafts (DOCX), as the candidate's page offers them: its card and a checklist line's links. */
import { defineMessages } from '../define.ts';

export const draftMessages = defineMessages({
  'drafts.unknown': {
    vi: 'Không có bản thảo giấy tờ này. Các bản thảo: {codes}.',
    en: 'There is no such draft. The drafts: {codes}.',
  },
  'drafts.title': { vi: 'Bản thảo giấy tờ để in', en: 'Papers drafted for printing' },
  'drafts.how': {
    vi: 'Tải bản thảo (Word), kiểm tra, điền các chỗ để trống (……), in, ký, rồi quét và tải bản đã ký lên danh mục hồ sơ: dòng tương ứng sẽ đóng.',
    en: 'Download the draft (Word), check it, fill in the blanks (……), print and sign it, then scan it and upload the signed copy to the dossier checklist: its line closes.',
  },
  'drafts.voted': {
    vi: 'Chi bộ đã biểu quyết ngày {date}: {what} đã sẵn sàng để in.',
    en: 'The cell voted on {date}: {what} ready to print.',
  },
  'drafts.passedPapers': {
    vi: 'biên bản và nghị quyết 6-KNĐ',
    en: 'the minutes and the 6-KNĐ resolution are',
  },
  'drafts.failedPapers': {
    vi: 'biên bản và báo cáo kết quả biểu quyết gửi cấp ủy (không có nghị quyết 6-KNĐ vì chưa đạt 2/3)',
    en: 'the minutes and the report of the result to the committee are (no 6-KNĐ: 2/3 was not reached)',
  },
  'drafts.recognitionPapers': {
    vi: 'biên bản và nghị quyết 13-KNĐ',
    en: 'the minutes and the 13-KNĐ resolution are',
  },
  'drafts.recognitionMinutes': { vi: 'biên bản cuộc họp', en: 'the minutes of the meeting are' },
  'drafts.draft': { vi: 'Bản thảo', en: 'Draft' },
  'drafts.uploadSigned': { vi: 'Tải bản đã ký lên', en: 'Upload the signed copy' },
});
