// Read-only queries the web pages need and the application services (shared/app) do not offer (yet):
// cells and their members (pickers), a candidate's deadlines, the open deadlines of a cell, users' names.
// Every function here is called only after the route has checked the actor's cell scope.
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';

// the shared clients of the adapters (created once per environment)
const doc = {
  send(cmd: GetCommand | QueryCommand | BatchGetCommand) {
    // biome-ignore lint/suspicious/noExplicitAny: the document client's overloads per command
    return clients().ddb.send(cmd as any) as Promise<any>;
  },
};
const table = () => config().tableName;

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
  const r = await doc.send(new GetCommand({ TableName: table(), Key: keys.cell(cellId) }));
  if (!r.Item) return undefined;
  return {
    cellId,
    name: String(r.Item.name ?? cellId),
    ...(typeof r.Item.officialMembers === 'number' ? { officialMembers: r.Item.officialMembers } : {}),
    ...(typeof r.Item.probationaryMembers === 'number'
      ? { probationaryMembers: r.Item.probationaryMembers }
      : {}),
  };
}

export async function getCells(cellIds: readonly string[]): Promise<CellInfo[]> {
  const out = await Promise.all(cellIds.map((c) => getCell(c)));
  return out.map((c, i) => c ?? { cellId: cellIds[i] as string, name: cellIds[i] as string });
}

export async function listMembers(cellId: string): Promise<MemberInfo[]> {
  const out: MemberInfo[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await doc.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `CELL#${cellId}`, ':sk': SK_PREFIX.member },
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? [])
      out.push({
        memberId: String(it.memberId ?? String(it.SK).slice(SK_PREFIX.member.length)),
        fullName: String(it.fullName ?? ''),
        ...(it.status ? { status: String(it.status) } : {}),
      });
    start = r.LastEvaluatedKey;
  } while (start && out.length < 500);
  return out;
}

export async function candidateDeadlines(candidateId: string): Promise<DeadlineInfo[]> {
  const r = await doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `CAND#${candidateId}`, ':sk': SK_PREFIX.deadline },
    }),
  );
  return ((r.Items ?? []) as Record<string, unknown>[]).map((it) => toDeadlineInfo(candidateId, it));
}

/** A deadline item as the pages show it. */
export function toDeadlineInfo(candidateId: string, it: Record<string, unknown>): DeadlineInfo {
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
  const out: DeadlineInfo[] = [];
  let start: Record<string, unknown> | undefined;
  const cellValues = Object.fromEntries(cellIds.slice(0, 50).map((c, i) => [`:c${i}`, c]));
  do {
    const r = await doc.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        FilterExpression: `dueOn <= :until AND cellId IN (${Object.keys(cellValues).join(', ')})`,
        ExpressionAttributeValues: { ':pk': 'REMIND', ':until': until, ...cellValues },
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? [])
      out.push({
        candidateId: String(it.candidateId ?? String(it.PK).slice(5)),
        kind: String(it.kind ?? String(it.SK).slice(SK_PREFIX.deadline.length)),
        dueOn: String(it.dueOn),
        status: String(it.status ?? 'open'),
        cellId: String(it.cellId),
        ...(it.type === 'task'
          ? { task: { title: String(it.title), path: String(it.subjectPath), name: String(it.subjectName) } }
          : {}),
      });
    start = r.LastEvaluatedKey;
  } while (start && out.length < 500);
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** Display names of users (approvers, actors in the timeline). */
export async function userNames(userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((u) => u && u !== 'system'))].slice(0, 100);
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const r = await doc.send(
    new BatchGetCommand({
      RequestItems: {
        [table()]: { Keys: ids.map((u) => keys.user(u)), ProjectionExpression: 'PK, displayName' },
      },
    }),
  );
  for (const it of r.Responses?.[table()] ?? [])
    names.set(String(it.PK).slice(5), String(it.displayName ?? ''));
  return names;
}

/** When and by whom an approval link was used (the link item's `usedAt` / `approverId` / `decision`). */
export async function linkUsage(
  linkId: string,
): Promise<{ usedAt?: string; approverId?: string; decision?: string } | undefined> {
  const r = await doc.send(new GetCommand({ TableName: table(), Key: keys.link(linkId) }));
  if (!r.Item) return undefined;
  return {
    ...(r.Item.usedAt ? { usedAt: String(r.Item.usedAt) } : {}),
    ...(r.Item.approverId ? { approverId: String(r.Item.approverId) } : {}),
    ...(r.Item.decision ? { decision: String(r.Item.decision) } : {}),
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
  const r = await doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'JOBRUN' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return ((r.Items ?? []) as Record<string, unknown>[]).map((it) => ({
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
