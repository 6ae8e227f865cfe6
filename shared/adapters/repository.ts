/**
 * The DynamoDB repository of ketnap (one table; patterns in access-patterns.md). Reads are strongly consistent
 * where a decision follows; every stage change is ONE TransactWriteItems (see `commitStageChange`).
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import {
  getItem,
  type Item,
  isConditionalFailure,
  queryAll,
  queryPrefix,
  type TxItem,
  transact,
  txPut,
  txUpdate,
} from './dynamo.ts';
import { CHORE_NOW, indexKeys, keys, SK_PREFIX } from './table.ts';

export * from './dynamo.ts';

/** The workflow's pending human step, stored beside the candidate. The token never leaves this item. */
export type Awaiting = { step: string; cursor: number; token: string; machine: string; since: string };
/** A step outcome committed but not yet confirmed delivered to the workflow. */
export type CallbackPending = { cursor: number; output: StepOutput };
/** What a human step's waiting task is completed with (the state machine's `$.wf`). */
export type StepOutput = {
  cursor: number;
  outcome: string;
  round?: number;
  hasSubCommittee?: boolean;
};

export type CandidateItem = Item & {
  id: string;
  cellId: string;
  fullName: string;
  nameKey: string;
  stage: string;
  stageSince: string;
  version: number;
  cursor: number;
  waitingFor: string | null;
  awaiting?: Awaiting;
  callbackPending?: CallbackPending;
};

export type AuditEventItem = {
  at: string;
  type: string;
  actorId: string;
  stageFrom?: string;
  stageTo?: string;
  step?: string;
  details?: Record<string, unknown>;
};

export const getCandidateItem = (id: string) => getItem<CandidateItem>(keys.candidate(id));

/**
 * The candidate's items with sort keys from `from` to `to` (its META among them when in that range), without
 * its audit events (every event names its actor, and nothing else does): ONE consistent Query.
 */
export async function candidateItems(
  candidateId: string,
  from: string,
  to: string,
): Promise<{ cand: CandidateItem | undefined; under: (prefix: string) => Item[] }> {
  const key = keys.candidate(candidateId);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    FilterExpression: 'attribute_not_exists(actorId)',
    ExpressionAttributeValues: { ':pk': key.PK, ':from': from, ':to': to },
    ConsistentRead: true,
  });
  return {
    cand: items.find((i) => i.SK === key.SK) as CandidateItem | undefined,
    under: (prefix) => items.filter((i) => String(i.SK).startsWith(prefix)),
  };
}

export function eventItem(candidateId: string, e: AuditEventItem, seq: number | string): Item {
  return { ...keys.event(candidateId, e.at, seq), candidateId, ...e };
}

/**
 * Writes an audit event at most once: with a marker item `<markerSk>` under the candidate, in one transaction.
 * A retried task that finds the marker records nothing; returns whether this call recorded the event.
 */
export async function recordEventOnce(
  candidateId: string,
  marker: { SK: string } & Item,
  event: AuditEventItem,
  seq: string,
  /** written in the same transaction, only if the event is recorded now */
  extra: TxItem[] = [],
): Promise<boolean> {
  try {
    await transact([
      txPut({ ...marker, PK: keys.candidate(candidateId).PK }, 'attribute_not_exists(PK)'),
      txPut(eventItem(candidateId, event, seq), 'attribute_not_exists(PK)'),
      ...extra,
    ]);
    return true;
  } catch (err) {
    if (isConditionalFailure(err)) return false;
    throw err;
  }
}

/** ADD to the counters of the year and the month of `day` (targets and progress). */
export function txCounters(cellId: string, day: string, counters: Record<string, number>): TxItem[] {
  const names = Object.keys(counters).filter((k) => counters[k] !== 0);
  if (names.length === 0) return [];
  return [day.slice(0, 4), day.slice(0, 7)].map((period) =>
    txUpdate({
      Key: keys.progress(cellId, period),
      UpdateExpression: `SET cellId = :cell, period = :period ADD ${names.map((_, i) => `#m${i} :m${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#m${i}`, n])),
      ExpressionAttributeValues: {
        ':cell': cellId,
        ':period': period,
        ...Object.fromEntries(names.map((n, i) => [`:m${i}`, counters[n] ?? 0])),
      },
    }),
  );
}

export type DeadlineOpen = { kind: string; dueOn: string; nextRemindOn: string };

export function txOpenDeadline(
  cand: { id: string; cellId: string; fullName: string; rulesetId: string },
  d: DeadlineOpen,
  now: string,
): TxItem {
  return txPut({
    ...keys.deadline(cand.id, d.kind),
    ...indexKeys.remind(d.nextRemindOn, cand.id, d.kind),
    type: 'deadline',
    candidateId: cand.id,
    cellId: cand.cellId,
    kind: d.kind,
    dueOn: d.dueOn,
    nextRemindOn: d.nextRemindOn,
    status: 'open',
    openedAt: now,
    candidateName: cand.fullName,
    rulesetId: cand.rulesetId,
  });
}

export function txCloseDeadline(candidateId: string, kind: string, now: string): TxItem {
  return txUpdate({
    Key: keys.deadline(candidateId, kind),
    UpdateExpression: 'SET #status = :closed, closedAt = :now REMOVE GSI3PK, GSI3SK',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':closed': 'closed', ':now': now },
  });
}

export const openDeadlines = async (candidateId: string) =>
  (await queryPrefix(`CAND#${candidateId}`, SK_PREFIX.deadline)).filter((d) => d.status === 'open');

export type StageChange = {
  cand: CandidateItem;
  /** the human step this change completes (its outcome goes to the workflow) */
  step: string;
  output: Omit<StepOutput, 'cursor'>;
  stage: string;
  waitingFor: string | null;
  /** attributes to set on the candidate (besides stage/version/cursor) */
  set?: Record<string, NativeAttributeValue>;
  remove?: string[];
  event: AuditEventItem;
  counters?: Record<string, number>;
  counterDay?: string;
  openDeadlines?: DeadlineOpen[];
  /** deadlines to close: each must be open (see `deadlinesOpenOf`) */
  closeDeadlines?: string[];
  /**
   * the kinds of deadline open before this change, when known: the candidate then keeps the kinds open after
   * it (`openDeadlineKinds`, written in the same transaction as the deadline items), so that the next change
   * knows what to close without a Query
   */
  deadlinesOpen?: readonly string[];
  extra?: TxItem[];
  now: string;
};

/** The kinds of deadline open on the candidate, as it keeps them; undefined for an item written before. */
export const deadlinesOpenOf = (cand: CandidateItem): string[] | undefined =>
  Array.isArray(cand.openDeadlineKinds) ? (cand.openDeadlineKinds as string[]).map(String) : undefined;

/** The delivery to make (the output for the waiting task at `cursor`) and the candidate as the change left it. */
export type Committed = { pending: CallbackPending; item: CandidateItem };

/**
 * The one transaction of a stage change: the candidate (version and cursor checked), the step outcome for
 * the workflow, the audit event, the counters, the deadlines, and whatever the caller adds (a consumed link).
 */
export async function commitStageChange(c: StageChange): Promise<Committed> {
  const { cand, now } = c;
  const cursor = cand.cursor;
  const output: StepOutput = { ...c.output, cursor: cursor + 1 };
  const pending: CallbackPending = { cursor, output };
  const stageSince = now;
  const opened = (c.openDeadlines ?? []).map((d) => d.kind);
  const closed = new Set([...(c.closeDeadlines ?? []), ...opened]);
  const set: Record<string, NativeAttributeValue> = {
    ...(c.set ?? {}),
    stage: c.stage,
    stageSince,
    waitingFor: c.waitingFor,
    version: cand.version + 1,
    cursor: cursor + 1,
    callbackPending: pending,
    ...indexKeys.byStage(cand.cellId, c.stage, stageSince, cand.id),
    // in the chores' index until the outcome is delivered (clearCallbackPending takes it out)
    ...indexKeys.chore(CHORE_NOW, cand.id, 'now'),
    ...(c.deadlinesOpen
      ? { openDeadlineKinds: [...c.deadlinesOpen.filter((k) => !closed.has(k)), ...opened].sort() }
      : {}),
  };
  const names: Record<string, string> = {};
  const values: Record<string, NativeAttributeValue> = { ':v0': cand.version, ':c0': cursor };
  const assigned = Object.entries(set).filter(([, v]) => v !== undefined);
  const assignments = assigned.map(([k, v], i) => {
    names[`#s${i}`] = k;
    values[`:s${i}`] = v;
    return `#s${i} = :s${i}`;
  });
  const removals = (c.remove ?? []).map((k, i) => {
    names[`#r${i}`] = k;
    return `#r${i}`;
  });
  names['#version'] = 'version';
  names['#cursor'] = 'cursor';
  const open = new Set(opened);
  const items: TxItem[] = [
    txUpdate({
      Key: keys.candidate(cand.id),
      UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
      ConditionExpression: '#version = :v0 AND #cursor = :c0',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
    txPut(
      { ...keys.step(cand.id, cursor), type: 'step', step: c.step, output, at: now },
      'attribute_not_exists(PK)',
    ),
    txPut(eventItem(cand.id, { ...c.event, step: c.step }, cand.version + 1), 'attribute_not_exists(PK)'),
    ...txCounters(cand.cellId, c.counterDay ?? now.slice(0, 10), c.counters ?? {}),
    ...(c.closeDeadlines ?? []).filter((k) => !open.has(k)).map((k) => txCloseDeadline(cand.id, k, now)),
    ...(c.openDeadlines ?? []).map((d) => txOpenDeadline(cand as never, d, now)),
    ...(c.extra ?? []),
  ];
  await transact(items);
  // the candidate as the update left it: what was read, with what was set and removed
  const item: Item = { ...cand, ...Object.fromEntries(assigned) };
  for (const k of c.remove ?? []) delete item[k];
  return { pending, item: item as CandidateItem };
}

/** Whether a transaction was cancelled by the condition of its first item (the candidate's version). */
export function firstItemFailed(err: unknown): boolean {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.[0]?.Code === 'ConditionalCheckFailed';
}

export * from './workflow-state.ts';
