/** Age (docs/rules.md#age) and education (#education) at the date of the cell's vote. */
import { type CalendarDate, isBefore, wholeMonthsBetween } from '../date.ts';
import { block, type Finding, viDate } from '../findings.ts';
import type { Ruleset } from '../ruleset.ts';
import { type Candidate, EDUCATION_LEVELS, type EducationLevel } from '../types.ts';

/** Age in whole months on `on` (negative when `on` is before the birth date). */
export function ageInMonths(birthDate: CalendarDate, on: CalendarDate): number {
  if (isBefore(on, birthDate)) return -wholeMonthsBetween(on, birthDate);
  return wholeMonthsBetween(birthDate, on);
}

export function checkAge(
  candidate: Pick<Candidate, 'birthDate' | 'ageException'>,
  voteDate: CalendarDate,
  ruleset: Ruleset,
): Finding[] {
  const months = ageInMonths(candidate.birthDate, voteDate);
  const { minMonths, maxMonths } = ruleset.age;
  if (months < minMonths) {
    return [
      block(
        'AGE_UNDER_MIN',
        `Chưa đủ ${minMonths / 12} tuổi (tính theo tháng) vào ngày chi bộ xét ${viDate(voteDate)}: ${months} tháng`,
        `Under ${minMonths / 12} (counted in months) on the cell's vote date ${voteDate}: ${months} months`,
        ['birthDate'],
      ),
    ];
  }
  if (months > maxMonths && !candidate.ageException) {
    return [
      block(
        'AGE_OVER_MAX_NEEDS_EXCEPTION',
        `Quá ${maxMonths / 12} tuổi (${months} tháng): cần văn bản đồng ý của cấp ủy trực thuộc Trung ương`,
        `Over ${maxMonths / 12} (${months} months): needs the written approval of the provincial-level committee`,
        ['birthDate', 'ageException'],
      ),
    ];
  }
  return [];
}

const rank = (level: EducationLevel): number => EDUCATION_LEVELS.indexOf(level);

export function checkEducation(
  candidate: Pick<Candidate, 'education' | 'educationException'>,
  ruleset: Ruleset,
): Finding[] {
  if (rank(candidate.education) >= rank(ruleset.education.minLevel)) return [];
  const ex = candidate.educationException;
  if (!ex) {
    return [
      block(
        'EDUCATION_BELOW_MIN',
        'Chưa tốt nghiệp THCS và không có văn bản cho phép ngoại lệ',
        'No lower-secondary diploma and no exception record',
        ['education', 'educationException'],
      ),
    ];
  }
  const floor: EducationLevel = ex.kind === 'special_area_primary' ? 'primary' : 'literate';
  if (rank(candidate.education) < rank(floor)) {
    return [
      block(
        'EDUCATION_BELOW_EXCEPTION',
        ex.kind === 'special_area_primary'
          ? 'Ngoại lệ vùng đặc biệt vẫn yêu cầu tối thiểu tốt nghiệp tiểu học'
          : 'Ngoại lệ già làng, người có uy tín vẫn yêu cầu biết đọc, biết viết',
        ex.kind === 'special_area_primary'
          ? 'The special-area exception still requires primary education'
          : 'The respected-elder exception still requires reading and writing',
        ['education', 'educationException.kind'],
      ),
    ];
  }
  return [];
}
