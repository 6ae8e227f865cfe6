/**
 * Before the referral: the cell's pool of outstanding people (quần chúng ưu tú the cell is preparing), the
 * members who introduce them, the official members assigned to help them, and the tasks given to test them
 * (giao nhiệm vụ thử thách). Also: the per-member introductions of a period, the pipeline against the cell's
 * targets, and whether a vote may be held online (Hướng dẫn 03-HD/TW pilot). Pure rules, no I/O.
 *
 * Being in the pool is not a Party record: the pool keeps the minimum (name, date of birth, where the person
 * works or studies, who found them), and the data is deleted when the person leaves it.
 */
import { type CalendarDate, isAfter, isCalendarDate } from './date.ts';
import { block, type Finding, warn } from './findings.ts';
import type { Ruleset } from './ruleset.ts';
import { periodBounds } from './targets.ts';

export interface PoolMember {
  memberId: string;
  fullName: string;
  status: string;
}

/**
 * Who may introduce an outstanding person into the pool, or help one: official members only (the Charter's
 * introducers and helpers are official members; a probationary member cannot).
 */
export function checkIntroducer(member: PoolMember | undefined, field = 'foundByMemberId'): Finding[] {
  if (!member) {
    return [
      block('MEMBER_UNKNOWN', 'Không có đảng viên này trong chi bộ', 'No such member of the cell', [field]),
    ];
  }
  if (member.status !== 'official') {
    return [
      block(
        'INTRODUCER_PROBATIONARY',
        `Đồng chí ${member.fullName} là đảng viên dự bị, chưa được giới thiệu quần chúng; chỉ đảng viên chính thức được giới thiệu`,
        `${member.fullName} is a probationary member and cannot introduce anyone; only official members can`,
        [field],
      ),
    ];
  }
  return [];
}

/** The helper of a pooled person or a candidate: an official member of the cell. */
export function checkHelper(member: PoolMember | undefined): Finding[] {
  if (!member) {
    return [
      block('MEMBER_UNKNOWN', 'Không có đảng viên này trong chi bộ', 'No such member of the cell', [
        'helperMemberId',
      ]),
    ];
  }
  if (member.status !== 'official') {
    return [
      block(
        'HELPER_PROBATIONARY',
        `Đồng chí ${member.fullName} là đảng viên dự bị; người được phân công giúp đỡ phải là đảng viên chính thức`,
        `${member.fullName} is a probationary member; a helper must be an official member`,
        ['helperMemberId'],
      ),
    ];
  }
  return [];
}

/** A person enters the pool on a day that has come (not in the future) and was born before it. */
export function checkPoolEntry(
  p: { birthDate: CalendarDate; introducedOn: CalendarDate },
  today: CalendarDate,
): Finding[] {
  const out: Finding[] = [];
  if (!isCalendarDate(p.introducedOn) || isAfter(p.introducedOn, today)) {
    out.push(
      block(
        'DATE_IN_FUTURE',
        'Ngày giới thiệu không được sau hôm nay',
        'The introduction date cannot be after today',
        ['introducedOn'],
      ),
    );
  }
  if (!isCalendarDate(p.birthDate) || !isAfter(p.introducedOn, p.birthDate)) {
    out.push(
      block(
        'BIRTH_DATE_INVALID',
        'Ngày sinh phải trước ngày giới thiệu',
        'The date of birth must be before the introduction',
        ['birthDate'],
      ),
    );
  }
  return out;
}

export type TaskOutcome = 'open' | 'done' | 'not_done';

/** A task is given on a day that has come, due on or after it; its outcome is recorded on a day that has come. */
export function checkTask(
  t: { assignedOn: CalendarDate; dueOn: CalendarDate },
  today: CalendarDate,
): Finding[] {
  const out: Finding[] = [];
  if (isAfter(t.assignedOn, today)) {
    out.push(
      block('DATE_IN_FUTURE', 'Ngày giao không được sau hôm nay', 'The day given cannot be after today', [
        'assignedOn',
      ]),
    );
  }
  if (isAfter(t.assignedOn, t.dueOn)) {
    out.push(
      block(
        'DUE_BEFORE_ASSIGNED',
        'Hạn hoàn thành phải từ ngày giao trở đi',
        'The due date must be on or after the day given',
        ['dueOn'],
      ),
    );
  }
  return out;
}

export function checkTaskOutcome(
  o: { outcomeOn: CalendarDate; assignedOn: CalendarDate },
  today: CalendarDate,
): Finding[] {
  if (isAfter(o.outcomeOn, today)) {
    return [
      block(
        'DATE_IN_FUTURE',
        'Ngày đánh giá không được sau hôm nay',
        'The outcome date cannot be after today',
        ['outcomeOn'],
      ),
    ];
  }
  if (isAfter(o.assignedOn, o.outcomeOn)) {
    return [
      block(
        'OUTCOME_BEFORE_ASSIGNED',
        'Ngày đánh giá phải từ ngày giao trở đi',
        'The outcome date must be on or after the day given',
        ['outcomeOn'],
      ),
    ];
  }
  return [];
}

// ---- each member's introductions ---------------------------------------------------------------------------

export interface MemberIntroductions {
  member: PoolMember;
  count: number;
}

export interface IntroductionsView {
  period: string;
  /** official members who introduced at least `perMember` people in the period */
  introduced: MemberIntroductions[];
  /** official members who have not (yet) */
  notYet: MemberIntroductions[];
  /** probationary members: they cannot introduce (the page says so) */
  probationary: PoolMember[];
  /** introductions by members no longer official, or unknown (kept in the total) */
  total: number;
  perMember: number;
}

/**
 * Who of the cell's official members introduced someone in a period (counts by member id from the
 * counters), against the target of `perMember` each (1 by default).
 */
export function introductionsOf(
  period: string,
  members: readonly PoolMember[],
  counts: Readonly<Record<string, number>>,
  perMember = 1,
): IntroductionsView {
  periodBounds(period); // throws on a malformed period
  const official = members.filter((m) => m.status === 'official');
  const rows = official.map((member) => ({ member, count: counts[member.memberId] ?? 0 }));
  const need = Math.max(1, perMember);
  const byName = (a: MemberIntroductions, b: MemberIntroductions) =>
    a.member.fullName.localeCompare(b.member.fullName, 'vi') ||
    a.member.memberId.localeCompare(b.member.memberId);
  return {
    period,
    introduced: rows.filter((r) => r.count >= need).sort(byName),
    notYet: rows.filter((r) => r.count < need).sort(byName),
    probationary: members.filter((m) => m.status !== 'official'),
    total: Object.values(counts).reduce((s, n) => s + n, 0),
    perMember: need,
  };
}

// ---- the pipeline against the targets ----------------------------------------------------------------------

/** The pipeline's steps, in order: pool → course → dossier sent up → admitted (→ recognised). */
export const PIPELINE_METRICS = [
  'introductions',
  'sentToCourse',
  'dossiersSubmitted',
  'admitted',
  'recognized',
] as const;
export type PipelineMetric = (typeof PIPELINE_METRICS)[number];

export interface PipelineRow {
  metric: PipelineMetric;
  target: number | undefined;
  done: number;
  /** whole per cent of the target, capped at 999; undefined without a target */
  percent: number | undefined;
}

/** Done against target per metric of one period, with the percentage (no target: no percentage). */
export function pipelineRows(
  targets: Partial<Record<string, number>>,
  done: Partial<Record<string, number>>,
): PipelineRow[] {
  return PIPELINE_METRICS.map((metric) => {
    const target = targets[metric];
    const d = done[metric] ?? 0;
    const percent =
      target === undefined || target <= 0 ? undefined : Math.min(999, Math.floor((d * 100) / target));
    return { metric, target, done: d, percent };
  });
}

/** The months of a year, '2024-01' … '2024-12'. */
export const monthsOf = (year: string): string[] =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

// ---- votes held online (03-HD/TW) ---------------------------------------------------------------------------

export type MeetingMode = 'in_person' | 'online';

/**
 * Whether an admission or recognition vote may be held at an online meeting. 03-HD/TW (27/12/2022) pilots
 * online meetings of cells whose members cannot meet in one place; whether it covers these votes is not
 * confirmed, so the ruleset says (default: allowed) and, while unconfirmed, a warning says the committee must
 * confirm it.
 */
export function checkMeetingMode(
  mode: MeetingMode,
  ruleset: Pick<Ruleset, 'meetings' | 'unconfirmed'>,
): Finding[] {
  if (mode !== 'online') return [];
  if (!ruleset.meetings.onlineVotesAllowed) {
    return [
      block(
        'ONLINE_VOTE_NOT_ALLOWED',
        'Quy định đang áp dụng không cho phép biểu quyết kết nạp, công nhận đảng viên tại cuộc họp trực tuyến',
        'The ruleset in force does not allow admission or recognition votes at an online meeting',
        ['meetingMode'],
      ),
    ];
  }
  if (ruleset.unconfirmed.includes('meetings.onlineVotesAllowed')) {
    return [onlineVoteWarning()];
  }
  return [];
}

export const onlineVoteWarning = (): Finding =>
  warn(
    'ONLINE_VOTE_UNCONFIRMED',
    'Biểu quyết tại cuộc họp trực tuyến (thí điểm theo Hướng dẫn 03-HD/TW) chưa được xác nhận áp dụng cho việc kết nạp, công nhận đảng viên: đề nghị cấp ủy có thẩm quyền xác nhận.',
    'A vote at an online meeting (the 03-HD/TW pilot) is not confirmed for admissions and recognitions: the competent committee must confirm it.',
    ['meetingMode'],
  );
