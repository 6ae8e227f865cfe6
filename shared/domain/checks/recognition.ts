/** Recognition as an official member (docs/rules.md#recognition). */
import { defaultCalendar, type WorkCalendar } from '../calendar.ts';
import { type CalendarDate, isAfter, isBefore } from '../date.ts';
import { probationEnd, recognitionDue } from '../deadlines.ts';
import { block, type Finding, viDate, warn } from '../findings.ts';
import type { Ruleset } from '../ruleset.ts';
import type { CellRoll, CourseCertificate } from '../types.ts';
import { cellDenominator, votePasses } from './votes.ts';

/** One round of the cell's recognition vote: on recognising, and (if held) on removing the name. */
export interface RecognitionRound {
  date: CalendarDate;
  roll: CellRoll;
  recogniseYes: number;
  removeYes?: number;
}

export interface RecognitionInput {
  ceremonyOn: CalendarDate;
  /** The new-member political-theory course certificate. */
  newMemberCertificate?: CourseCertificate;
  rounds: RecognitionRound[];
}

export interface RecognitionResult {
  probationEnd: CalendarDate;
  /** Cell's proposal due (probation end + 30 WD). */
  dueOn: CalendarDate;
  /** When recognised: the probation end, not the approval date. */
  officialDate: CalendarDate;
  /**
   * 'not_yet' before probation ends; 'awaiting_vote' after it with no round; 'recognised' / 'name_removed' when
   * a round reached 2/3; 'next_round' after a round without 2/3 either way; 'report_up' after 3 such rounds.
   */
  outcome: 'not_yet' | 'awaiting_vote' | 'recognised' | 'name_removed' | 'next_round' | 'report_up';
  findings: Finding[];
}

export function checkRecognition(
  input: RecognitionInput,
  today: CalendarDate,
  ruleset: Ruleset,
  cal: WorkCalendar = defaultCalendar,
): RecognitionResult {
  const end = probationEnd(input.ceremonyOn, ruleset);
  const dueOn = recognitionDue(end, ruleset, cal);
  const findings: Finding[] = [];
  const base = { probationEnd: end, dueOn, officialDate: end };
  const fraction = ruleset.vote.passFraction;
  const max = ruleset.recognition.maxRounds;

  input.rounds.forEach((r, i) => {
    if (isBefore(r.date, end)) {
      findings.push(
        block(
          'RECOGNITION_TOO_EARLY',
          `Chi bộ chỉ được xét công nhận sau khi hết 12 tháng dự bị (${viDate(end)})`,
          `The cell may vote on recognition only once probation has ended (${end})`,
          [`rounds.${i}.date`],
        ),
      );
    }
  });
  if (input.rounds.length > 0 && !input.newMemberCertificate) {
    findings.push(
      block(
        'RECOGNITION_NO_NEW_MEMBER_CERTIFICATE',
        'Chưa có giấy chứng nhận lớp bồi dưỡng lý luận chính trị cho đảng viên mới',
        'No new-member political-theory course certificate',
        ['newMemberCertificate'],
      ),
    );
  }
  if (input.rounds.length > max) {
    findings.push(
      block(
        'RECOGNITION_TOO_MANY_ROUNDS',
        `Quá ${max} lần biểu quyết: phải báo cáo cấp ủy cấp trên`,
        `More than ${max} rounds: report to the superior committee`,
        ['rounds'],
      ),
    );
  }
  const first = input.rounds[0];
  if (first && isAfter(first.date, dueOn)) {
    findings.push(
      warn(
        'RECOGNITION_LATE',
        `Chi bộ xét muộn (hạn ${viDate(dueOn)}); vẫn công nhận từ ngày hết dự bị`,
        `The cell voted late (due ${dueOn}); recognition still dates from the end of probation`,
        ['rounds.0.date'],
      ),
    );
  }
  if (input.rounds.length === 0) {
    if (isAfter(today, dueOn)) {
      findings.push(
        warn(
          'RECOGNITION_OVERDUE',
          `Quá hạn xét công nhận đảng viên chính thức (${viDate(dueOn)})`,
          `The recognition vote is overdue (due ${dueOn})`,
          ['rounds'],
        ),
      );
    }
    return { ...base, outcome: isBefore(today, end) ? 'not_yet' : 'awaiting_vote', findings };
  }
  if (findings.some((f) => f.severity === 'block')) {
    return { ...base, outcome: isBefore(today, end) ? 'not_yet' : 'awaiting_vote', findings };
  }
  for (const r of input.rounds) {
    const n = cellDenominator(r.roll);
    if (votePasses(r.recogniseYes, n, fraction)) return { ...base, outcome: 'recognised', findings };
    if (r.removeYes !== undefined && votePasses(r.removeYes, n, fraction)) {
      return { ...base, outcome: 'name_removed', findings };
    }
  }
  return { ...base, outcome: input.rounds.length >= max ? 'report_up' : 'next_round', findings };
}
