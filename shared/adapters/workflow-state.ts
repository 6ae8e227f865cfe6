/**
 * The workflow's bookkeeping on the candidate item (the protocol in workflows/README.md): the token of the step
 * the workflow waits at (`awaiting`), the outcome still to deliver (`callbackPending`), the start of the
 * admission marked (`workflowStarted`), and the chores the daily job finds in GSI3's CHORE partition.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clients, config } from './clients.ts';
import { getItems, isConditionalFailure, queryAll, type TxItem, txPut, update } from './dynamo.ts';
import { requires } from './permissions.ts';
import type { Awaiting, CandidateItem } from './repository.ts';
import { CHORE_NOW, indexKeys, keys } from './table.ts';

const table = () => config().tableName;
const ddb = () => clients().ddb;

/** The item a failed conditional write returns with `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
function itemOfFailure(err: unknown): Record<string, unknown> | undefined {
  return (err as { Item?: Record<string, unknown> }).Item;
}

/** `callbackPending.cursor` of that item (it comes in DynamoDB's attribute-value form), if any. */
function pendingCursorOf(item: Record<string, unknown>): number | undefined {
  const p = item.callbackPending as { M?: { cursor?: { N?: string } }; cursor?: number } | undefined;
  const c = p?.M?.cursor?.N ?? p?.cursor;
  return c === undefined ? undefined : Number(c);
}

/**
 * Clears `callbackPending` once the outcome at `cursor` reached the workflow, and takes the candidate out of
 * the chores' index unless its admission still has to be started (then `startAdmission` takes it out).
 */
export async function clearCallbackPending(candidateId: string, cursor: number): Promise<void> {
  requires('ketnap-iam:table:dynamodb:UpdateItem');
  const Key = keys.candidate(candidateId);
  const ExpressionAttributeNames = { '#cursor': 'cursor' };
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key,
        UpdateExpression: 'REMOVE callbackPending, GSI3PK, GSI3SK',
        ConditionExpression:
          'callbackPending.#cursor = :c AND (attribute_not_exists(workflowStarted) OR workflowStarted = :t)',
        ExpressionAttributeNames,
        ExpressionAttributeValues: { ':c': cursor, ':t': true },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return;
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    const old = itemOfFailure(err);
    // already cleared (someone else delivered it), or a newer outcome is pending: nothing more to do
    if (old !== undefined && pendingCursorOf(old) !== cursor) return;
  }
  // the admission is not started yet: clear the outcome only, the candidate stays in the chores' index
  try {
    await update({
      Key,
      UpdateExpression: 'REMOVE callbackPending',
      ConditionExpression: 'callbackPending.#cursor = :c',
      ExpressionAttributeNames,
      ExpressionAttributeValues: { ':c': cursor },
    });
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
  }
}

/**
 * Records that the candidate's admission execution was started, and takes the candidate out of the chores'
 * index unless an outcome is still to be delivered (then `clearCallbackPending` takes it out). The workflow's
 * own waits mark it (`storeAwaiting`); this is the daily job's, for a workflow that waits without the mark.
 */
export async function markWorkflowStarted(candidateId: string): Promise<void> {
  requires('ketnap-iam:table:dynamodb:UpdateItem');
  const Key = keys.candidate(candidateId);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key,
        UpdateExpression: 'SET workflowStarted = :t REMOVE GSI3PK, GSI3SK',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(callbackPending)',
        ExpressionAttributeValues: { ':t': true },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return;
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    const old = itemOfFailure(err);
    if (old !== undefined && old.callbackPending === undefined) return; // no such candidate
  }
  try {
    await update({
      Key,
      UpdateExpression: 'SET workflowStarted = :t',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':t': true },
    });
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
  }
}

/** A number or a map of an item in DynamoDB's attribute-value form, as a failed write returns it. */
const numberOf = (v: unknown): number | undefined => {
  const n = (v as { N?: string } | undefined)?.N ?? (typeof v === 'number' ? v : undefined);
  return n === undefined ? undefined : Number(n);
};
const mapOf = (v: unknown): Record<string, unknown> | undefined =>
  ((v as { M?: Record<string, unknown> } | undefined)?.M ?? v) as Record<string, unknown> | undefined;

/**
 * Stores the token of the step the workflow waits at (`aw.cursor`) on the candidate, and in the same write
 * clears what the step before left, when no outcome of this step is recorded yet: the outcome the workflow
 * has consumed to get here (`callbackPending` of an earlier cursor: the app no longer clears it itself) and
 * the candidate's place in the chores' index. A stored token is also the mark that the admission's execution
 * runs (`workflowStarted`): the first wait marks it, so the referral does not write a mark of its own.
 * Answers `stored`, `recorded` (the token is stored, and an outcome of this step was committed first: the
 * caller completes its task with it) or `refused` (no candidate, or a newer task waits).
 */
export async function storeAwaiting(
  candidateId: string,
  aw: Awaiting,
): Promise<'stored' | 'recorded' | 'refused'> {
  requires('ketnap-iam:table:dynamodb:UpdateItem');
  const Key = keys.candidate(candidateId);
  const ExpressionAttributeNames = { '#cursor': 'cursor' };
  const waiting = 'attribute_exists(PK) AND (attribute_not_exists(awaiting) OR awaiting.#cursor <= :c)';
  const values = { ':c': aw.cursor, ':a': aw, ':t': true };
  let old: Record<string, unknown> | undefined;
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key,
        UpdateExpression: 'SET awaiting = :a, workflowStarted = :t REMOVE callbackPending, GSI3PK, GSI3SK',
        ConditionExpression: `${waiting} AND #cursor <= :c`,
        ExpressionAttributeNames,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'stored';
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    old = itemOfFailure(err);
  }
  if (!old || (numberOf(mapOf(old.awaiting)?.cursor) ?? -1) > aw.cursor) return 'refused';
  // an outcome of this step was committed first: store the token, and keep the outcome (and with it the
  // candidate's place in the chores' index) for the caller to deliver
  try {
    const stored = await update({
      Key,
      UpdateExpression: 'SET awaiting = :a, workflowStarted = :t',
      ConditionExpression: waiting,
      ExpressionAttributeNames,
      ExpressionAttributeValues: values,
    });
    return Number(stored?.cursor ?? Number.POSITIVE_INFINITY) > aw.cursor ? 'recorded' : 'stored';
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    return 'refused';
  }
}

/** A dated chore of a candidate (e.g. the end of probation on `day`), for the stage change that needs it. */
export const txChore = (candidateId: string, kind: string, day: string): TxItem =>
  txPut({
    ...keys.chore(candidateId, kind),
    ...indexKeys.chore(day, candidateId, kind),
    type: 'chore',
    candidateId,
    kind,
    day,
  });

/**
 * Takes a chore out of the index once it is done or no longer needed: a dated chore item loses its GSI3 keys
 * and expires by TTL (the functions may not delete); a candidate item loses them only if nothing is left to
 * nudge.
 */
export async function retireChore(chore: Chore): Promise<void> {
  try {
    if (chore.kind === 'now') {
      await update({
        Key: keys.candidate(chore.candidateId),
        UpdateExpression: 'REMOVE GSI3PK, GSI3SK',
        ConditionExpression:
          'GSI3PK = :chore AND attribute_not_exists(callbackPending) AND (attribute_not_exists(workflowStarted) OR workflowStarted = :t)',
        ExpressionAttributeValues: { ':chore': 'CHORE', ':t': true },
      });
    } else {
      await update({
        Key: keys.chore(chore.candidateId, chore.kind),
        UpdateExpression: 'SET expiresAt = :exp REMOVE GSI3PK, GSI3SK',
        ConditionExpression: 'GSI3SK = :sk',
        ExpressionAttributeValues: {
          ':exp': Math.floor(Date.now() / 1000),
          ':sk': indexKeys.chore(chore.day, chore.candidateId, chore.kind).GSI3SK,
        },
      });
    }
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
  }
}

export type Chore = {
  candidateId: string;
  /** `now` (the candidate item is in the index), or a dated chore (`probationEnd`) */
  kind: string;
  /** the day it falls due (CHORE_NOW for `now`) */
  day: string;
  /** the candidate: for `now` as the index has it (eventually consistent), for a dated chore read strongly */
  cand: CandidateItem | undefined;
};

/**
 * The workflows' chores due by `day` (YYYY-MM-DD), or only those due now (undelivered outcomes, admissions
 * not started) without it: one Query of GSI3's CHORE partition, plus one strongly consistent BatchGet of the
 * candidates of the dated chores. Reads the chores only, never the rest of the table; `itemsRead` counts
 * the items DynamoDB read for it.
 */
export async function listChores(day?: string): Promise<{ chores: Chore[]; itemsRead: number }> {
  const found = await queryAll({
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :upTo',
    ExpressionAttributeValues: { ':pk': 'CHORE', ':upTo': `${day ?? CHORE_NOW}~` },
  });
  const chores: Chore[] = found.map((it) => {
    const [choreDay = '', candidateId = '', kind = ''] = String(it.GSI3SK).split('#');
    const isCandidate = it.SK === 'META' && String(it.PK).startsWith('CAND#');
    return { candidateId, kind, day: choreDay, cand: isCandidate ? (it as CandidateItem) : undefined };
  });
  const dated = [...new Set(chores.filter((c) => c.kind !== 'now').map((c) => c.candidateId))];
  const candidates = await getItems<CandidateItem>(dated.map((id) => keys.candidate(id)));
  const read = new Map(candidates.map((c) => [c.id, c]));
  for (const c of chores) if (c.kind !== 'now') c.cand = read.get(c.candidateId);
  return { chores, itemsRead: found.length + candidates.length };
}
