/** Titles of the forms (12-HD/BTCTW 2022; numbers from older guidance where docs/rules.md#dossier marks them). */
import type { LocalizedText } from './findings.ts';
import type { FormCode } from './ruleset.ts';

export const FORM_TITLES: Readonly<Record<FormCode, LocalizedText>> = {
  'CN-NTVĐ': {
    vi: 'Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng',
    en: 'Awareness course certificate',
  },
  '1-KNĐ': { vi: 'Đơn xin vào Đảng', en: 'Application to join the Party' },
  '2-KNĐ': { vi: 'Lý lịch của người xin vào Đảng', en: "Applicant's biography" },
  '3-KNĐ': { vi: 'Giấy giới thiệu người vào Đảng', en: 'Letter of introduction' },
  '4-KNĐ': {
    vi: 'Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng',
    en: 'Youth Union introduction resolution',
  },
  '4A-KNĐ': {
    vi: 'Nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng',
    en: 'Trade-union introduction resolution',
  },
  '5-KNĐ': { vi: 'Tổng hợp ý kiến nhận xét', en: 'Summary of comments' },
  '6-KNĐ': { vi: 'Nghị quyết đề nghị kết nạp của chi bộ', en: "Cell's resolution proposing admission" },
  '7-KNĐ': { vi: 'Báo cáo thẩm định của đảng ủy bộ phận', en: "Sub-committee's appraisal" },
  '8-KNĐ': { vi: 'Nghị quyết đề nghị kết nạp của đảng ủy cơ sở', en: "Grassroots committee's resolution" },
  '9-KNĐ': { vi: 'Quyết định kết nạp đảng viên', en: 'Admission decision' },
  '10-KNĐ': { vi: 'Bản tự kiểm điểm của đảng viên dự bị', en: "Probationary member's self-review" },
  '11-KNĐ': { vi: 'Bản nhận xét của đảng viên giúp đỡ', en: "Helper's comments" },
  '12-KNĐ': { vi: 'Tổng hợp ý kiến nhận xét (công nhận)', en: 'Summary of comments (recognition)' },
  '13-KNĐ': {
    vi: 'Nghị quyết đề nghị công nhận đảng viên chính thức của chi bộ',
    en: "Cell's recognition resolution",
  },
  '14-KNĐ': {
    vi: 'Báo cáo thẩm định của đảng ủy bộ phận (công nhận)',
    en: "Sub-committee's appraisal (recognition)",
  },
  '15-KNĐ': {
    vi: 'Nghị quyết đề nghị công nhận của đảng ủy cơ sở',
    en: "Grassroots committee's recognition resolution",
  },
  '16-KNĐ': { vi: 'Quyết định công nhận đảng viên chính thức', en: 'Recognition decision' },
  'CN-ĐVM': {
    vi: 'Giấy chứng nhận lớp bồi dưỡng lý luận chính trị cho đảng viên mới',
    en: 'New-member course certificate',
  },
};

export const FORM_CODES = Object.keys(FORM_TITLES) as FormCode[];
