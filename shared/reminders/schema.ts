// zod shapes at the job's boundaries: the scheduler event, and the items it reads from the table.
import * as z from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** EventBridge Scheduler (and the local cron) send `{ "time": ISO-8601 }`; other fields are ignored. */
export const ReminderEvent = z.object({ time: z.iso.datetime({ offset: true }) });
export type ReminderEvent = z.infer<typeof ReminderEvent>;

/** A deadline item as the GSI3 query returns it (projection ALL). */
export const DeadlineItem = z.object({
  PK: z.string().startsWith('CAND#'),
  SK: z.string().startsWith('DEADLINE#'),
  cellId: z.string().min(1),
  dueOn: day,
  nextRemindOn: day,
  status: z.string(),
  /** denormalised for the digest; if absent the job reads the candidate item */
  candidateName: z.string().optional(),
  rulesetId: z.string().optional(),
});
export type DeadlineItem = z.infer<typeof DeadlineItem>;

/**
 * A task (thử thách) of a pooled person or a candidate, in the same REMIND partition: it carries its own page
 * and title (shared/adapters/pool.ts `taskItem`).
 */
export const TaskDeadlineItem = z.object({
  PK: z.string().min(1),
  SK: z.string().min(1),
  type: z.literal('task'),
  kind: z.string().regex(/^task_[A-Za-z0-9_]{1,40}$/),
  subjectId: z.string().min(1),
  subjectName: z.string(),
  subjectPath: z.string().regex(/^\/[A-Za-z0-9/_-]+$/),
  title: z.string(),
  cellId: z.string().min(1),
  dueOn: day,
  nextRemindOn: day,
  status: z.string(),
});

export const DeadlineKindSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/);

export const CellItem = z.object({
  name: z.string().optional(),
  secretaryUserIds: z.array(z.string()).optional(),
  committeeUserIds: z.array(z.string()).optional(),
});

export const UserItem = z.object({
  PK: z.string().startsWith('USER#'),
  email: z.email(),
  displayName: z.string().optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const CandidateNameItem = z.object({
  PK: z.string().startsWith('CAND#'),
  fullName: z.string().optional(),
  name: z.string().optional(),
});
