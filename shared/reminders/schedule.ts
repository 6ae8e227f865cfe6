// Pure reminder planning over the domain's schedule (shared/domain/deadlines.ts `reminderStatus`, with the
// cadence of the dossier's ruleset): for one open deadline and today's date, what to tell people and when to
// look at the deadline next. No AWS, no clock: `today` is an argument.
import { deadlineStanding } from '../domain/calendar.ts';
import { reminderStatus } from '../domain/deadlines.ts';
import { type Ruleset, rulesetById } from '../domain/ruleset.ts';

/**
 * The deadlines the job watches (docs/rules.md#deadlines). The domain's `DeadlineKind`s plus the
 * earlier steps a cell sets itself. The job accepts any other kind too (shown with a generic label).
 */
export const DEADLINE_KINDS = [
  'course',
  'dossier',
  'cell_vote',
  'decision',
  'ceremony',
  'member_biography',
  'new_member_course',
  'probation_end',
  'recognition',
  'recognition_decision',
  'certificate_expiry',
  'document_staleness',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number] | (string & {});

export type Notice =
  | { type: 'upcoming'; workingDaysLeft: number }
  | { type: 'dueToday' }
  | { type: 'overdue'; workingDaysOverdue: number; escalate: boolean };

export interface DeadlinePlan {
  notice: Notice;
  /** The next day to look at this deadline again (strictly after today). */
  nextRemindOn: string;
}

/** The ruleset recorded on the dossier; the newest one when the item has none or an unknown id. */
export function rulesetOf(rulesetId: string | undefined): Ruleset {
  try {
    return rulesetById(rulesetId ?? 'r2025');
  } catch {
    return rulesetById('r2025');
  }
}

/**
 * Today's notice for a deadline the index says is due. It is computed from today and the due day (not from
 * `nextRemindOn`), so a day the job did not run is caught up with the right wording.
 */
export function planDeadline(dueOn: string, today: string, ruleset: Ruleset): DeadlinePlan {
  const s = reminderStatus(dueOn, today, ruleset);
  const standing = deadlineStanding(dueOn, today);
  const notice: Notice =
    standing.kind === 'late'
      ? { type: 'overdue', workingDaysOverdue: standing.days, escalate: s.escalate }
      : standing.kind === 'today'
        ? { type: 'dueToday' }
        : { type: 'upcoming', workingDaysLeft: standing.days };
  return { notice, nextRemindOn: s.nextRemindOn };
}
