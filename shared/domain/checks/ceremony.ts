/** The admission ceremony (docs/rules.md#ceremony): after the decision is received, within 30 working days unless approved late. */
import { defaultCalendar, type WorkCalendar } from '../calendar.ts';
import { type CalendarDate, isBefore } from '../date.ts';
import { ceremonyDeadline } from '../deadlines.ts';
import { block, type Finding, viDate } from '../findings.ts';
import type { Ruleset } from '../ruleset.ts';
import type { Ceremony } from '../types.ts';

export function checkCeremony(
  ceremony: Pick<Ceremony, 'date' | 'lateApprovalRef'>,
  decisionReceivedOn: CalendarDate,
  ruleset: Ruleset,
  cal: WorkCalendar = defaultCalendar,
): Finding[] {
  if (isBefore(ceremony.date, decisionReceivedOn)) {
    return [
      block(
        'CEREMONY_BEFORE_DECISION',
        `Lễ kết nạp (${viDate(ceremony.date)}) không thể trước ngày nhận quyết định (${viDate(decisionReceivedOn)})`,
        `The ceremony (${ceremony.date}) cannot precede receipt of the decision (${decisionReceivedOn})`,
        ['date'],
      ),
    ];
  }
  const due = ceremonyDeadline(decisionReceivedOn, ruleset, cal);
  if (isBefore(due, ceremony.date) && !ceremony.lateApprovalRef?.trim()) {
    return [
      block(
        'CEREMONY_LATE_NEEDS_APPROVAL',
        `Quá ${ruleset.deadlines.ceremonyWorkingDays} ngày làm việc (hạn ${viDate(due)}): cần ý kiến đồng ý của cấp ủy cấp trên trực tiếp`,
        `Past ${ruleset.deadlines.ceremonyWorkingDays} working days (due ${due}): record the superior committee's agreement`,
        ['date', 'lateApprovalRef'],
      ),
    ];
  }
  return [];
}
