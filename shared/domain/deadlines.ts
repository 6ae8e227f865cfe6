/** Deadlines computed from events (docs/rules.md#deadlines) and the reminder schedule. */
import { addWorkingDays, defaultCalendar, type WorkCalendar, workingDaysBetween } from './calendar.ts';
import { addDays, addMonths, type CalendarDate, compareDates, isAfter } from './date.ts';
import type { Ruleset } from './ruleset.ts';

export type DeadlineKind =
  | 'decision'
  | 'recognition_decision'
  | 'ceremony'
  | 'member_biography'
  | 'probation_end'
  | 'recognition'
  | 'certificate_expiry'
  | 'document_staleness';

export interface Deadline {
  kind: DeadlineKind;
  dueOn: CalendarDate;
  /** Working-day deadlines (reminders count in working days); month deadlines are calendar dates. */
  unit: 'working_days' | 'months';
}

/** Competent committee's admission decision: cell resolution + 60 WD (+30 WD with the one extension). */
export function decisionDeadline(
  cellResolutionOn: CalendarDate,
  ruleset: Ruleset,
  opts: { extended?: boolean } = {},
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  return withExtension(cellResolutionOn, ruleset.deadlines.decisionWorkingDays, ruleset, opts, cal);
}

/** Resubmission after the committee returned the dossier: returned on + the ruleset's working days. */
export function resubmissionDeadline(
  returnedOn: CalendarDate,
  ruleset: Ruleset,
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  return addWorkingDays(returnedOn, ruleset.committee.resubmissionWorkingDays, cal);
}

/** Recognition decision: cell's recognition resolution + 30 WD (+30 WD with the extension). */
export function recognitionDecisionDeadline(
  cellResolutionOn: CalendarDate,
  ruleset: Ruleset,
  opts: { extended?: boolean } = {},
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  return withExtension(
    cellResolutionOn,
    ruleset.deadlines.recognitionDecisionWorkingDays,
    ruleset,
    opts,
    cal,
  );
}

/** A committee's time to decide: `workingDays` after the cell's resolution, plus the one extension if granted. */
function withExtension(
  from: CalendarDate,
  workingDays: number,
  ruleset: Ruleset,
  opts: { extended?: boolean },
  cal: WorkCalendar,
): CalendarDate {
  return addWorkingDays(
    from,
    workingDays + (opts.extended ? ruleset.deadlines.extensionWorkingDays : 0),
    cal,
  );
}

/** Ceremony: decision received + 30 WD. Later needs the superior committee's agreement. */
export function ceremonyDeadline(
  decisionReceivedOn: CalendarDate,
  ruleset: Ruleset,
  cal = defaultCalendar,
): CalendarDate {
  return addWorkingDays(decisionReceivedOn, ruleset.deadlines.ceremonyWorkingDays, cal);
}

/** Party-member biography (lý lịch đảng viên): ceremony + 30 WD. */
export function memberBiographyDeadline(
  ceremonyOn: CalendarDate,
  ruleset: Ruleset,
  cal = defaultCalendar,
): CalendarDate {
  return addWorkingDays(ceremonyOn, ruleset.deadlines.memberBiographyWorkingDays, cal);
}

/**
 * End of probation = ceremony + 12 months. It is also the official date when recognised (even when the cell
 * or the committee acts late), and the first day the cell may vote on recognition.
 */
export function probationEnd(ceremonyOn: CalendarDate, ruleset: Ruleset): CalendarDate {
  return addMonths(ceremonyOn, ruleset.deadlines.probationMonths);
}

/** Cell's recognition proposal due: probation end + 30 WD. */
export function recognitionDue(
  probationEndOn: CalendarDate,
  ruleset: Ruleset,
  cal = defaultCalendar,
): CalendarDate {
  return addWorkingDays(probationEndOn, ruleset.deadlines.recognitionDueWorkingDays, cal);
}

/** Last day the awareness-course certificate is valid: issued + 60 months. The cell vote is blocked after it. */
export function certificateValidUntil(issuedOn: CalendarDate, ruleset: Ruleset): CalendarDate {
  return addMonths(issuedOn, ruleset.certificate.validityMonths);
}

/** Last day a stale-prone document (3-, 4-, 4A-, 5-KNĐ) is fresh: signed + 12 months (configurable). */
export function documentFreshUntil(signedOn: CalendarDate, ruleset: Ruleset): CalendarDate {
  return addMonths(signedOn, ruleset.documentStaleness.months);
}

export interface DossierEvents {
  certificateIssuedOn?: CalendarDate;
  cellResolutionOn?: CalendarDate;
  decisionExtended?: boolean;
  decisionReceivedOn?: CalendarDate;
  ceremonyOn?: CalendarDate;
  recognitionResolutionOn?: CalendarDate;
  recognitionExtended?: boolean;
}

/** Every deadline the events so far imply, earliest first. */
export function deadlinesFor(events: DossierEvents, ruleset: Ruleset, cal = defaultCalendar): Deadline[] {
  const out: Deadline[] = [];
  if (events.certificateIssuedOn) {
    out.push({
      kind: 'certificate_expiry',
      dueOn: certificateValidUntil(events.certificateIssuedOn, ruleset),
      unit: 'months',
    });
  }
  if (events.cellResolutionOn) {
    out.push({
      kind: 'decision',
      dueOn: decisionDeadline(events.cellResolutionOn, ruleset, { extended: events.decisionExtended }, cal),
      unit: 'working_days',
    });
  }
  if (events.decisionReceivedOn) {
    out.push({
      kind: 'ceremony',
      dueOn: ceremonyDeadline(events.decisionReceivedOn, ruleset, cal),
      unit: 'working_days',
    });
  }
  if (events.ceremonyOn) {
    const end = probationEnd(events.ceremonyOn, ruleset);
    out.push({
      kind: 'member_biography',
      dueOn: memberBiographyDeadline(events.ceremonyOn, ruleset, cal),
      unit: 'working_days',
    });
    out.push({ kind: 'probation_end', dueOn: end, unit: 'months' });
    out.push({ kind: 'recognition', dueOn: recognitionDue(end, ruleset, cal), unit: 'working_days' });
  }
  if (events.recognitionResolutionOn) {
    out.push({
      kind: 'recognition_decision',
      dueOn: recognitionDecisionDeadline(
        events.recognitionResolutionOn,
        ruleset,
        { extended: events.recognitionExtended },
        cal,
      ),
      unit: 'working_days',
    });
  }
  return out.sort((a, b) => compareDates(a.dueOn, b.dueOn));
}

export interface ReminderStatus {
  /** Today is one of the reminder days (before, on, or overdue cadence). */
  remindToday: boolean;
  /** The next reminder day strictly after today. */
  nextRemindOn: CalendarDate;
  /** Working days past the deadline (0 when not overdue). */
  overdueWorkingDays: number;
  overdue: boolean;
  /** Overdue long enough to escalate to the superior. */
  escalate: boolean;
}

/**
 * Reminder days up to the deadline, ascending and distinct: for each offset o, the (o+1)-th working day
 * counting back from the deadline itself (o = 0: the deadline, or the last working day before it when it
 * falls on a day off, e.g. a certificate expiring on a Sunday).
 */
export function reminderDaysBefore(
  deadline: CalendarDate,
  ruleset: Ruleset,
  cal = defaultCalendar,
): CalendarDate[] {
  const dayAfter = addDays(deadline, 1);
  const days = ruleset.reminders.offsetsWorkingDays.map((o) => addWorkingDays(dayAfter, -(o + 1), cal));
  return [...new Set(days)].sort(compareDates);
}

/**
 * The first reminder day on or after `from`: a before-deadline offset day, else (once overdue) the deadline
 * plus a multiple of the overdue cadence (every 3 WD).
 */
export function nextReminderOn(
  deadline: CalendarDate,
  from: CalendarDate,
  ruleset: Ruleset,
  cal: WorkCalendar = defaultCalendar,
): CalendarDate {
  const before = reminderDaysBefore(deadline, ruleset, cal).find((d) => !isAfter(from, d));
  if (before) return before;
  const every = ruleset.reminders.overdueEveryWorkingDays;
  const late = Math.max(workingDaysBetween(deadline, from, cal), 1);
  let candidate = addWorkingDays(deadline, Math.ceil(late / every) * every, cal);
  // `from` on a non-working day counts the next working day; step on if we land before `from`.
  while (isAfter(from, candidate)) candidate = addWorkingDays(candidate, every, cal);
  return candidate;
}

/** What the reminder job should do today for one deadline. */
export function reminderStatus(
  deadline: CalendarDate,
  today: CalendarDate,
  ruleset: Ruleset,
  cal: WorkCalendar = defaultCalendar,
): ReminderStatus {
  const overdueWorkingDays = isAfter(today, deadline)
    ? Math.max(workingDaysBetween(deadline, today, cal), 0)
    : 0;
  const overdue = isAfter(today, deadline);
  return {
    remindToday: nextReminderOn(deadline, today, ruleset, cal) === today,
    nextRemindOn: nextReminderOn(deadline, addDays(today, 1), ruleset, cal),
    overdueWorkingDays,
    overdue,
    escalate: overdue && overdueWorkingDays >= ruleset.reminders.escalateAfterOverdueWorkingDays,
  };
}
