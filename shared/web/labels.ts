// Dynamic labels: stages, steps, deadline kinds, metrics (vi/en).
import { TEXTS } from '../reminders/templates.ts';
import { addStrings } from './strings.ts';

const vi: Record<string, string> = {
  'stage.AWAITING_COURSE': 'Chờ học lớp cảm tình Đảng',
  'stage.DOSSIER': 'Đang hoàn thiện hồ sơ',
  'stage.AWAITING_CELL_VOTE': 'Chờ chi bộ biểu quyết',
  'stage.AWAITING_APPRAISAL': 'Chờ thẩm định',
  'stage.AWAITING_DECISION': 'Chờ cấp ủy quyết định',
  'stage.AWAITING_CEREMONY': 'Chờ tổ chức lễ kết nạp',
  'stage.AWAITING_BIOGRAPHY': 'Chờ lý lịch đảng viên',
  'stage.AWAITING_NEW_MEMBER_COURSE': 'Chờ học lớp đảng viên mới',
  'stage.PROBATION': 'Đảng viên dự bị',
  'stage.AWAITING_RECOGNITION': 'Chờ xét công nhận chính thức',
  'stage.AWAITING_SUPERIOR': 'Chờ cấp trên quyết định',
  'stage.OFFICIAL': 'Đảng viên chính thức',
  'stage.NAME_REMOVED': 'Đã xóa tên',
  'stage.REFUSED': 'Không được kết nạp',
  'stage.WITHDRAWN': 'Đã rút hồ sơ',
  'step.course': 'Giấy chứng nhận lớp bồi dưỡng',
  'step.dossier': 'Hồ sơ',
  'step.cellVote': 'Chi bộ biểu quyết',
  'step.appraisal': 'Thẩm định',
  'step.decision': 'Quyết định của cấp ủy',
  'step.ceremony': 'Lễ kết nạp',
  'step.biography': 'Lý lịch đảng viên',
  'step.newMemberCourse': 'Lớp đảng viên mới',
  'step.probationEnd': 'Hết thời gian dự bị',
  'step.recognition': 'Xét công nhận chính thức',
  'step.superior': 'Cấp trên quyết định',
};
const en: Record<string, string> = {
  'stage.AWAITING_COURSE': 'Awaiting the awareness course',
  'stage.DOSSIER': 'Dossier in preparation',
  'stage.AWAITING_CELL_VOTE': "Awaiting the cell's vote",
  'stage.AWAITING_APPRAISAL': 'Awaiting appraisal',
  'stage.AWAITING_DECISION': "Awaiting the committee's decision",
  'stage.AWAITING_CEREMONY': 'Awaiting the ceremony',
  'stage.AWAITING_BIOGRAPHY': 'Awaiting the member biography',
  'stage.AWAITING_NEW_MEMBER_COURSE': 'Awaiting the new-member course',
  'stage.PROBATION': 'Probationary member',
  'stage.AWAITING_RECOGNITION': 'Awaiting recognition',
  'stage.AWAITING_SUPERIOR': 'Awaiting the superior committee',
  'stage.OFFICIAL': 'Official member',
  'stage.NAME_REMOVED': 'Name removed',
  'stage.REFUSED': 'Refused',
  'stage.WITHDRAWN': 'Withdrawn',
  'step.course': 'Course certificate',
  'step.dossier': 'Dossier',
  'step.cellVote': "Cell's vote",
  'step.appraisal': 'Appraisal',
  'step.decision': "Committee's decision",
  'step.ceremony': 'Ceremony',
  'step.biography': 'Member biography',
  'step.newMemberCourse': 'New-member course',
  'step.probationEnd': 'End of probation',
  'step.recognition': 'Recognition',
  'step.superior': 'Superior committee',
};
addStrings('vi', vi);
addStrings('en', en);

// deadline kinds: the reminder job's labels (shared/reminders/templates.ts), one source for mail and page

for (const lang of ['vi', 'en'] as const)
  addStrings(
    lang,
    Object.fromEntries(Object.entries(TEXTS[lang].kind).map(([k, v]) => [`deadline.${k}`, v])),
  );
