// Read-only queries the web pages need beside the application services: cells and their members (pickers), a
// candidate's deadlines, the open deadlines of a cell, users' names, a link's use, the job runs. Every function
// here is called only after the route has checked the actor's cell scope.
import { getItem, getItems, type Item, queryAll } from './dynamo.ts';
import { keys, reminderKeys, SK_PREFIX } from './table.ts';

export interface CellInfo {
  cellId: string;
  name: string;
  officialMembers?: number;
  probationaryMembers?: number;
}
export interface MemberInfo {
  memberId: string;
  fullName: string;
  status?: string;
}
export interface DeadlineInfo {
  candidateId: string;
  kind: string;
  dueOn: string;
  status: string;
  cellId?: string;
  /** a task (thử thách): its title, and the pooled person's or candidate's page and name */
  task?: { title: string; path: string; name: string };
}

export async function getCell(cellId: string): Promise<CellInfo | undefined> {
  const cell = await getItem(keys.cell(cellId));
  if (!cell) return undefined;
  return {
    cellId,
    name: String(cell.name ?? cellId),
    ...(typeof cell.officialMembers === 'number' ? { officialMembers: cell.officialMembers } : {}),
    ...(typeof cell.probationaryMembers === 'number'
      ? { probationaryMembers: cell.probationaryMembers }
      : {}),
  };
}

export async function getCells(cellIds: readonly string[]): Promise<CellInfo[]> {
  const out = await Promise.all(cellIds.map((c) => getCell(c)));
  return out.map((c, i) => c ?? { cellId: cellIds[i] as string, name: cellIds[i] as string });
}

export async function listMembers(cellId: string): Promise<MemberInfo[]> {
  const items = await queryAll(
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.cell(cellId).PK, ':sk': SK_PREFIX.member },
    },
    500,
  );
  return items.map((it) => ({
    memberId: String(it.memberId ?? String(it.SK).slice(SK_PREFIX.member.length)),
    fullName: String(it.fullName ?? ''),
    ...(it.status ? { status: String(it.status) } : {}),
  }));
}

export async function candidateDeadlines(candidateId: string): Promise<DeadlineInfo[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': keys.candidate(candidateId).PK, ':sk': SK_PREFIX.deadline },
  });
  return items.map((it) => toDeadlineInfo(candidateId, it));
}

/** A deadline item as the pages show it. */
export function toDeadlineInfo(candidateId: string, it: Item): DeadlineInfo {
  return {
    candidateId,
    kind: String(it.kind ?? String(it.SK).slice(SK_PREFIX.deadline.length)),
    dueOn: String(it.dueOn ?? ''),
    status: String(it.status ?? 'open'),
    ...(it.cellId ? { cellId: String(it.cellId) } : {}),
  };
}

/** Open deadlines of the given cells due on or before `until` (overdue included), from the reminder index. */
export async function openDeadlines(cellIds: readonly string[], until: string): Promise<DeadlineInfo[]> {
  if (cellIds.length === 0) return [];
  const cellValues = Object.fromEntries(cellIds.slice(0, 50).map((c, i) => [`:c${i}`, c]));
  const items = await queryAll(
    {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      FilterExpression: `dueOn <= :until AND cellId IN (${Object.keys(cellValues).join(', ')})`,
      ExpressionAttributeValues: { ':pk': 'REMIND', ':until': until, ...cellValues },
    },
    500,
  );
  const out: DeadlineInfo[] = items.map((it) => ({
    candidateId: String(it.candidateId ?? String(it.PK).slice(5)),
    kind: String(it.kind ?? String(it.SK).slice(SK_PREFIX.deadline.length)),
    dueOn: String(it.dueOn),
    status: String(it.status ?? 'open'),
    cellId: String(it.cellId),
    ...(it.type === 'task'
      ? { task: { title: String(it.title), path: String(it.subjectPath), name: String(it.subjectName) } }
      : {}),
  }));
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** Display names of users (approvers, actors in the timeline). */
export async function userNames(userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((u) => u && u !== 'system'))].slice(0, 100);
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  for (const it of await getItems(ids.map((u) => keys.user(u))))
    names.set(String(it.PK).slice(5), String(it.displayName ?? ''));
  return names;
}

/** When and by whom an approval link was used (the link item's `usedAt` / `approverId` / `decision`). */
export async function linkUsage(
  linkId: string,
): Promise<{ usedAt?: string; approverId?: string; decision?: string } | undefined> {
  const link = await getItem(keys.link(linkId));
  if (!link) return undefined;
  return {
    ...(link.usedAt ? { usedAt: String(link.usedAt) } : {}),
    ...(link.approverId ? { approverId: String(link.approverId) } : {}),
    ...(link.decision ? { decision: String(link.decision) } : {}),
  };
}

export interface JobRunRow {
  runId: string;
  job: string;
  day?: string;
  startedAt: string;
  finishedAt?: string;
  status: string;
  itemsRead?: number;
  deadlinesDue?: number;
  mailsSent?: number;
  errors?: number;
}

/** The latest runs of the scheduled jobs (the reminder job's `JOBRUN` items), newest first. */
export async function jobRuns(limit = 30): Promise<JobRunRow[]> {
  const items = await queryAll(
    {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': reminderKeys.jobRuns },
      ScanIndexForward: false,
      Limit: limit,
    },
    limit,
  );
  return items.slice(0, limit).map((it) => ({
    runId: String(it.runId ?? ''),
    job: String(it.job ?? ''),
    ...(it.day ? { day: String(it.day) } : {}),
    startedAt: String(it.startedAt ?? String(it.SK).split('#')[0]),
    ...(it.finishedAt ? { finishedAt: String(it.finishedAt) } : {}),
    status: String(it.status ?? ''),
    ...(typeof it.itemsRead === 'number' ? { itemsRead: it.itemsRead } : {}),
    ...(typeof it.deadlinesDue === 'number' ? { deadlinesDue: it.deadlinesDue } : {}),
    ...(typeof it.mailsSent === 'number' ? { mailsSent: it.mailsSent } : {}),
    ...(typeof it.errors === 'number' ? { errors: it.errors } : {}),
  }));
}
