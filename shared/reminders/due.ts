// Phase 1 of the reminder job, the reads: the due deadlines and tasks (GSI3, `GSI3SK <= today~`, never a
// scan) with today's notice of each, and the recipients of each cell (its secretaries, and its committee for
// escalated items).
import type { ReadMeter } from '../adapters/reminder-store.ts';
import { keys } from '../adapters/table.ts';
import type { DueNotice, Recipient, Routing } from './digest.ts';
import type { ReminderJobDeps } from './job.ts';
import { type DeadlineKind, planDeadline, rulesetOf } from './schedule.ts';
import {
  CandidateNameItem,
  CellItem,
  DeadlineItem,
  DeadlineKindSchema,
  TaskDeadlineItem as TaskItem,
  UserItem,
} from './schema.ts';
import { planTask } from './tasks.ts';

export interface PlannedDeadline {
  ref: string; // `<candidateId>#<kind>` (a task: `<subjectId>#task_<taskId>`)
  /** the item to advance: a candidate's deadline, or a task */
  key: { PK: string; SK: string };
  candidateId: string;
  kind: DeadlineKind;
  seenNextRemindOn: string;
  nextRemindOn: string;
  notice: DueNotice;
}

export async function planDueDeadlines(
  deps: Pick<ReminderJobDeps, 'store'>,
  today: string,
  meter: ReadMeter,
  fail: (phase: string, e: unknown) => void,
): Promise<PlannedDeadline[]> {
  const items = await deps.store.dueReminders(today, meter);
  const parsed: { item: DeadlineItem; candidateId: string; kind: DeadlineKind }[] = [];
  const tasks: PlannedDeadline[] = [];
  for (const raw of items) {
    if (raw.type === 'task') {
      const task = TaskItem.safeParse(raw);
      if (!task.success) fail('plan', { name: 'InvalidTaskItem' });
      else if (task.data.status === 'open') tasks.push(planTask(task.data, today));
      continue;
    }
    const item = DeadlineItem.safeParse(raw);
    const kind = DeadlineKindSchema.safeParse(String(raw.SK ?? '').slice('DEADLINE#'.length));
    if (!item.success || !kind.success) {
      fail('plan', { name: 'InvalidDeadlineItem' });
      continue;
    }
    if (item.data.status !== 'open') continue;
    parsed.push({ item: item.data, candidateId: item.data.PK.slice('CAND#'.length), kind: kind.data });
  }
  // Names are denormalised on the deadline; read the candidate item only for older items without one.
  const missing = [...new Set(parsed.filter((p) => !p.item.candidateName).map((p) => p.candidateId))];
  const names = new Map<string, string>();
  if (missing.length > 0) {
    for (const raw of await deps.store.candidates(missing, meter)) {
      const c = CandidateNameItem.safeParse(raw);
      if (c.success) names.set(c.data.PK.slice('CAND#'.length), c.data.fullName ?? c.data.name ?? '');
    }
  }
  const deadlines = parsed.map(({ item, candidateId, kind }): PlannedDeadline => {
    const plan = planDeadline(item.dueOn, today, rulesetOf(item.rulesetId));
    return {
      ref: `${candidateId}#${kind}`,
      key: keys.deadline(candidateId, kind),
      candidateId,
      kind,
      seenNextRemindOn: item.nextRemindOn,
      nextRemindOn: plan.nextRemindOn,
      notice: {
        candidateId,
        candidateName: item.candidateName || names.get(candidateId) || candidateId,
        cellId: item.cellId,
        kind,
        dueOn: item.dueOn,
        notice: plan.notice,
      },
    };
  });
  return [...deadlines, ...tasks];
}

export function recipientsOf(n: DueNotice, routing: Routing): readonly Recipient[] {
  const escalate = n.notice.type === 'overdue' && n.notice.escalate;
  const out = [...routing.secretaries(n.cellId)];
  if (escalate) for (const r of routing.committee(n.cellId)) if (!out.some((x) => x.id === r.id)) out.push(r);
  return out;
}

/** Secretaries and committee members of each cell, from the cell item and the users' items. */
export async function loadRouting(
  deps: Pick<ReminderJobDeps, 'store'>,
  cellIds: readonly string[],
  meter: ReadMeter,
): Promise<Routing> {
  const cells = new Map<string, { name?: string | undefined; secretaries: string[]; committee: string[] }>();
  if (cellIds.length === 0) return { secretaries: () => [], committee: () => [] };
  for (const raw of await deps.store.cells(cellIds, meter)) {
    const cell = CellItem.safeParse(raw);
    const cellId = String(raw.PK).slice('CELL#'.length);
    if (cell.success) {
      cells.set(cellId, {
        name: cell.data.name,
        secretaries: cell.data.secretaryUserIds ?? [],
        committee: cell.data.committeeUserIds ?? [],
      });
    }
  }
  const userIds = [...new Set([...cells.values()].flatMap((c) => [...c.secretaries, ...c.committee]))];
  const users = new Map<string, Recipient>();
  for (const raw of await deps.store.users(userIds, meter)) {
    const u = UserItem.safeParse(raw);
    if (!u.success) continue;
    const id = u.data.PK.slice('USER#'.length);
    users.set(id, { id, email: u.data.email, language: u.data.lang ?? 'vi', name: u.data.displayName });
  }
  const resolve = (ids: readonly string[] | undefined): Recipient[] =>
    (ids ?? []).flatMap((id) => {
      const u = users.get(id);
      return u ? [u] : [];
    });
  return {
    secretaries: (cellId) => resolve(cells.get(cellId)?.secretaries),
    committee: (cellId) => resolve(cells.get(cellId)?.committee),
    cellName: (cellId) => cells.get(cellId)?.name,
  };
}
