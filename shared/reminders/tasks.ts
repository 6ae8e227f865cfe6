// Tasks (thử thách) of pooled people and candidates in the daily reminders: same REMIND partition, same
// cadence as a deadline, their own page and title (shared/app/tasks.ts writes them).
import type * as z from 'zod';
import type { PlannedDeadline } from './due.ts';
import { planDeadline, rulesetOf } from './schedule.ts';
import type { TaskDeadlineItem } from './schema.ts';

/** A task's notice: on the candidate's or the pooled person's page, under the task's own title. */
export function planTask(t: z.infer<typeof TaskDeadlineItem>, today: string): PlannedDeadline {
  const plan = planDeadline(t.dueOn, today, rulesetOf(undefined));
  // a task is the cell's own matter: reminded to its secretaries, never escalated to the committee (a pooled
  // person is not a Party record, and their name does not go up)
  if (plan.notice.type === 'overdue') plan.notice = { ...plan.notice, escalate: false };
  return {
    ref: `${t.subjectId}#${t.kind}`,
    key: { PK: t.PK, SK: t.SK },
    candidateId: t.subjectId,
    kind: t.kind,
    seenNextRemindOn: t.nextRemindOn,
    nextRemindOn: plan.nextRemindOn,
    notice: {
      candidateId: t.subjectId,
      candidateName: t.subjectName,
      cellId: t.cellId,
      kind: t.kind,
      dueOn: t.dueOn,
      notice: plan.notice,
      path: t.subjectPath,
      label: t.title,
    },
  };
}
