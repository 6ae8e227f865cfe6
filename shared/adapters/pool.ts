/**
 * The pool's items in the one table (access-patterns.md, "The pool"): outstanding people a cell prepares
 * before the referral, their tasks (thử thách), the helpers of candidates, and the per-member introduction
 * counters. A pooled person is not a Party record: their items live in the cell's partition under
 * `POOL#<personId>#`, so one Query finds all of them and removing the person deletes every one (no tombstone).
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { type Item, queryPrefix, type TxItem, transact, txDelete, txPut, txUpdate } from './repository.ts';

/** Who a task or a helper belongs to: a pooled person of a cell, or a candidate. */
export type Subject =
  | { kind: 'pool'; cellId: string; personId: string }
  | { kind: 'candidate'; candidateId: string };

export const poolKeys = {
  /** all items of one pooled person (the person and their tasks): Query begins_with */
  personPrefix: (personId: string) => `POOL#${personId}#`,
  person: (cellId: string, personId: string) => ({ PK: `CELL#${cellId}`, SK: `POOL#${personId}#A` }),
  poolTask: (cellId: string, personId: string, taskId: string) => ({
    PK: `CELL#${cellId}`,
    SK: `POOL#${personId}#T#${taskId}`,
  }),
  candidateTask: (candidateId: string, taskId: string) => ({
    PK: `CAND#${candidateId}`,
    SK: `TASK#${taskId}`,
  }),
  candidateHelper: (candidateId: string) => ({ PK: `CAND#${candidateId}`, SK: 'HELPER' }),
  /** introductions by a member in a period ('2024' and '2024-01'): `count`, ADDed */
  intro: (cellId: string, period: string, memberId: string) => ({
    PK: `CELL#${cellId}`,
    SK: `INTRO#${period}#${memberId}`,
  }),
  introPrefix: (period: string) => `INTRO#${period}#`,
} as const;

/** GSI3 REMIND keys of an open task: the daily job reminds of it like of any deadline. */
export const taskRemindKeys = (nextRemindOn: string, subjectId: string, taskId: string) => ({
  GSI3PK: 'REMIND',
  GSI3SK: `${nextRemindOn}#${subjectId}#${taskKind(taskId)}`,
});
/** The deadline "kind" of a task in the reminders (`task_<taskId>`). */
export const taskKind = (taskId: string) => `task_${taskId}`;

export const subjectId = (s: Subject) => (s.kind === 'pool' ? s.personId : s.candidateId);
/** The page of the subject (links in the reminder mails). */
export const subjectPath = (s: Subject, cellId: string) =>
  s.kind === 'pool' ? `/cells/${cellId}/pool/${s.personId}` : `/candidates/${s.candidateId}`;
export const taskKey = (s: Subject, taskId: string) =>
  s.kind === 'pool'
    ? poolKeys.poolTask(s.cellId, s.personId, taskId)
    : poolKeys.candidateTask(s.candidateId, taskId);

/** The pool of a cell: every person and task item (one Query of the cell's partition). */
export const queryPool = (cellId: string) => queryPrefix(`CELL#${cellId}`, 'POOL#');

/** One person's items (the person and their tasks). */
export const queryPerson = (cellId: string, personId: string) =>
  queryPrefix(`CELL#${cellId}`, poolKeys.personPrefix(personId));

/** A candidate's tasks and helper (two prefixes of its partition, one Query each). */
export async function queryCandidateSupport(candidateId: string): Promise<{ helper?: Item; tasks: Item[] }> {
  const [tasks, helper] = await Promise.all([
    queryPrefix(`CAND#${candidateId}`, 'TASK#'),
    queryPrefix(`CAND#${candidateId}`, 'HELPER'),
  ]);
  return { tasks, ...(helper[0] ? { helper: helper[0] } : {}) };
}

/** Introductions per member in a period. */
export async function introCounts(cellId: string, period: string): Promise<Record<string, number>> {
  const items = await queryPrefix(`CELL#${cellId}`, poolKeys.introPrefix(period));
  const out: Record<string, number> = {};
  for (const i of items) {
    const n = Number(i.count ?? 0);
    if (n > 0) out[String(i.memberId)] = n;
  }
  return out;
}

/** ADD `by` to the member's introductions of the year and the month of `day`. */
export function txIntroCounts(cellId: string, memberId: string, day: string, by: number): TxItem[] {
  return [day.slice(0, 4), day.slice(0, 7)].map((period) =>
    txUpdate({
      Key: poolKeys.intro(cellId, period, memberId),
      UpdateExpression: 'SET cellId = :cell, period = :p, memberId = :m ADD #count :by',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':cell': cellId, ':p': period, ':m': memberId, ':by': by },
    }),
  );
}

export { txDelete, txPut };

/** Task item fields shared by pool and candidate tasks. */
export type TaskFields = {
  taskId: string;
  title: string;
  assignedOn: string;
  dueOn: string;
  outcome: 'open' | 'done' | 'not_done';
  outcomeOn?: string;
  note?: string;
  createdBy: string;
  createdAt: string;
};

/** A task item; open tasks carry the GSI3 REMIND keys and what the reminder mail needs (no second read). */
export function taskItem(
  s: Subject,
  cellId: string,
  subjectName: string,
  t: TaskFields,
  nextRemindOn: string | undefined,
): Item {
  const open = t.outcome === 'open' && nextRemindOn !== undefined;
  const item: Record<string, NativeAttributeValue> = {
    ...taskKey(s, t.taskId),
    ...(open ? taskRemindKeys(nextRemindOn, subjectId(s), t.taskId) : {}),
    type: 'task',
    subjectKind: s.kind,
    subjectId: subjectId(s),
    subjectName,
    subjectPath: subjectPath(s, cellId),
    cellId,
    kind: taskKind(t.taskId),
    status: open ? 'open' : 'closed',
    ...(open ? { nextRemindOn } : {}),
    ...t,
  };
  return item;
}

/** Delete items in transactions of at most 100 (a person with fewer than 98 tasks goes in one). */
export async function deleteAll(items: readonly Item[], extra: TxItem[] = []): Promise<void> {
  const all: TxItem[] = [...items.map((i) => txDelete({ PK: String(i.PK), SK: String(i.SK) })), ...extra];
  for (let i = 0; i < all.length; i += 100) {
    await transact(all.slice(i, i + 100));
  }
}
