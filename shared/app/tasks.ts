/**
 * Helpers and tasks (thử thách) of a pooled person or a candidate: the cell assigns an official member to help
 * each one, and gives them tasks with due dates and outcomes. An open task is in GSI3's REMIND partition, so
 * the daily job reminds of it like of any other deadline; its outcome takes it out.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  poolKeys,
  queryCandidateSupport,
  type Subject,
  type TaskFields,
  taskItem,
  taskKey,
  txDelete,
  txPut,
} from '../adapters/pool.ts';
import { getItem, type Item, isConditionalFailure, newId, transact, update } from '../adapters/repository.ts';
import { checkHelper, checkTask, checkTaskOutcome } from '../domain/pool.ts';
import { assertRole, loadCandidate, msg, today } from './model.ts';
import { parse } from './parse.ts';
import { loadMember, type MemberRef, personItems, refuse, type TaskView, toTaskView } from './pool.ts';
import { HelperInput, TaskInput, TaskOutcomeInput } from './pool-schemas.ts';
import { type Actor, AppError } from './types.ts';

export type TxItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const SECRETARY = ['secretary', 'admin'] as const;

/** The subject's cell and name, or NOT_FOUND (another cell's person or candidate does not exist here). */
async function resolve(actor: Actor, s: Subject): Promise<{ cellId: string; name: string; item: Item }> {
  if (s.kind === 'pool') {
    const { person } = await personItems(actor, s.cellId, s.personId);
    return { cellId: s.cellId, name: String(person.fullName), item: person };
  }
  const cand = await loadCandidate(actor, s.candidateId);
  return { cellId: cand.cellId, name: cand.fullName, item: cand };
}

/** Assign (or replace) the official member who helps the person or candidate. */
export async function assignHelper(actor: Actor, s: Subject, raw: unknown): Promise<MemberRef> {
  assertRole(actor, SECRETARY);
  const input = parse(HelperInput, raw);
  const { cellId } = await resolve(actor, s);
  const member = await loadMember(cellId, input.helperMemberId);
  refuse(checkHelper(member));
  const helper = { memberId: input.helperMemberId, fullName: member?.fullName ?? '' };
  const now = new Date().toISOString();
  if (s.kind === 'pool') {
    await update({
      Key: poolKeys.person(s.cellId, s.personId),
      UpdateExpression: 'SET helperMemberId = :m, helperName = :n, helperSince = :d',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':m': helper.memberId, ':n': helper.fullName, ':d': today() },
    });
  } else {
    await transact([
      txPut({
        ...poolKeys.candidateHelper(s.candidateId),
        type: 'helper',
        candidateId: s.candidateId,
        cellId,
        helperMemberId: helper.memberId,
        helperName: helper.fullName,
        helperSince: today(),
        updatedAt: now,
        updatedBy: actor.userId,
      }),
    ]);
  }
  return helper;
}

/** Give a task with a due date; it is reminded of from the next daily run on. */
export async function addTask(actor: Actor, s: Subject, raw: unknown): Promise<TaskView> {
  assertRole(actor, SECRETARY);
  const input = parse(TaskInput, raw);
  const { cellId, name } = await resolve(actor, s);
  const day = today();
  refuse(checkTask(input, day));
  const t: TaskFields = {
    taskId: newId('t'),
    title: input.title,
    assignedOn: input.assignedOn,
    dueOn: input.dueOn,
    outcome: 'open',
    createdBy: actor.userId,
    createdAt: new Date().toISOString(),
  };
  // the first notice goes out with the next daily run (the helper and the secretary learn of it at once),
  // then the ruleset's cadence before and after the due day
  await transact([txPut(taskItem(s, cellId, name, t, day), 'attribute_not_exists(PK)')]);
  return toTaskView(t as unknown as Item);
}

/** Record a task's outcome (done / not done); it leaves the reminders. */
export async function recordTaskOutcome(
  actor: Actor,
  s: Subject,
  taskId: string,
  raw: unknown,
): Promise<TaskView> {
  assertRole(actor, SECRETARY);
  const input = parse(TaskOutcomeInput, raw);
  await resolve(actor, s);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(taskId)) throw taskNotFound();
  const key = taskKey(s, taskId);
  const current = await getItem(key);
  if (!current) throw taskNotFound();
  refuse(checkTaskOutcome({ outcomeOn: input.outcomeOn, assignedOn: String(current.assignedOn) }, today()));
  try {
    const item = await update({
      Key: key,
      UpdateExpression:
        'SET outcome = :o, outcomeOn = :d, #status = :closed, note = :n REMOVE GSI3PK, GSI3SK, nextRemindOn',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':o': input.outcome,
        ':d': input.outcomeOn,
        ':closed': 'closed',
        ':n': input.note ?? '',
      },
    });
    return toTaskView(item ?? {});
  } catch (err) {
    if (isConditionalFailure(err)) throw taskNotFound();
    throw err;
  }
}

const taskNotFound = () => new AppError('NOT_FOUND', msg('app.taskNotFound'));

/** A candidate's helper and tasks (the candidate page's block). */
export async function candidateSupport(
  actor: Actor,
  candidateId: string,
): Promise<{ helper?: MemberRef; tasks: TaskView[] }> {
  await loadCandidate(actor, candidateId);
  const { helper, tasks } = await queryCandidateSupport(candidateId);
  return {
    ...(helper
      ? { helper: { memberId: String(helper.helperMemberId), fullName: String(helper.helperName ?? '') } }
      : {}),
    tasks: tasks.map(toTaskView).sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
  };
}

/**
 * The transaction parts that move a pooled person's support to the new candidate: the pool items deleted
 * (conditional: a second referral of the same person fails), the helper and every task written under the
 * candidate (open tasks stay in the reminders, now pointing at the candidate's page).
 */
export function moveSupportItems(
  person: Item,
  tasks: readonly Item[],
  to: Subject & { kind: 'candidate' },
  cellId: string,
  candidateName: string,
): TxItems {
  const out: TxItems = [txDelete({ PK: String(person.PK), SK: String(person.SK) }, 'attribute_exists(PK)')];
  if (person.helperMemberId) {
    out.push(
      txPut({
        ...poolKeys.candidateHelper(to.candidateId),
        type: 'helper',
        candidateId: to.candidateId,
        cellId,
        helperMemberId: person.helperMemberId,
        helperName: person.helperName ?? '',
        helperSince: person.helperSince ?? today(),
      }),
    );
  }
  for (const t of tasks) {
    out.push(txDelete({ PK: String(t.PK), SK: String(t.SK) }));
    const fields: TaskFields = {
      taskId: String(t.taskId),
      title: String(t.title),
      assignedOn: String(t.assignedOn),
      dueOn: String(t.dueOn),
      outcome: (t.outcome as TaskFields['outcome']) ?? 'open',
      createdBy: String(t.createdBy ?? ''),
      createdAt: String(t.createdAt ?? ''),
      ...(t.outcomeOn ? { outcomeOn: String(t.outcomeOn) } : {}),
      ...(t.note ? { note: String(t.note) } : {}),
    };
    out.push(
      txPut(taskItem(to, cellId, candidateName, fields, t.nextRemindOn ? String(t.nextRemindOn) : today())),
    );
  }
  return out;
}
