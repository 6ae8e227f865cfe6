/**
 * The cell's pool of outstanding people before the referral (issue: "before the referral"): record a person a
 * member found, list and read the pool, remove a person (their data is deleted), and what the referral takes
 * from a pool record. Helpers and tasks are in tasks.ts; the per-member introductions in introductions.ts.
 *
 * Being in the pool is not a Party record: the minimum is kept (name, date of birth, where the person works or
 * studies, who found them), in the cell's partition, apart from the candidates (no index, no export).
 */
import { createHash } from 'node:crypto';
import {
  deleteAll,
  poolKeys,
  queryPerson,
  queryPool,
  type Subject,
  type TaskFields,
  txDelete,
  txIntroCounts,
  txPut,
} from '../adapters/pool.ts';
import {
  getItem,
  type Item,
  isConditionalFailure,
  newId,
  transact,
  txCounters,
} from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import { blocking, type Finding } from '../domain/findings.ts';
import { nameKey } from '../domain/names.ts';
import { checkIntroducer, checkPoolEntry } from '../domain/pool.ts';
import { assertCell, assertRole, msg, today } from './model.ts';
import { parse } from './parse.ts';
import { PoolEntryInput } from './pool-schemas.ts';
import { type Actor, AppError } from './types.ts';

export type MemberRef = { memberId: string; fullName: string };

/** A task as the pages show it: the stored task's fields without who created it and when. */
export type TaskView = Omit<TaskFields, 'createdBy' | 'createdAt'>;

export type PoolPersonView = {
  personId: string;
  cellId: string;
  fullName: string;
  birthDate: string;
  workplace: string;
  introducedOn: string;
  foundBy: MemberRef;
  helper?: MemberRef;
  tasks: TaskView[];
};

const SECRETARY = ['secretary', 'admin'] as const;

/** Findings that block, as one INVALID error (vi/en), nothing stored. */
export function refuse(findings: readonly Finding[]): void {
  const b = blocking(findings);
  if (b.length === 0) return;
  throw new AppError(
    'INVALID',
    { vi: b.map((f) => f.message.vi).join('; '), en: b.map((f) => f.message.en).join('; ') },
    { fields: b.flatMap((f) => f.fields), findings: b.map((f) => ({ code: f.code })) },
  );
}

export async function loadMember(cellId: string, memberId: string) {
  const m = await getItem(keys.member(cellId, memberId));
  return m
    ? { memberId, fullName: String(m.fullName ?? memberId), status: String(m.status ?? '') }
    : undefined;
}

export function toTaskView(i: Item): TaskView {
  const v: TaskView = {
    taskId: String(i.taskId),
    title: String(i.title),
    assignedOn: String(i.assignedOn),
    dueOn: String(i.dueOn),
    outcome: (i.outcome as TaskView['outcome']) ?? 'open',
  };
  if (i.outcomeOn) v.outcomeOn = String(i.outcomeOn);
  if (i.note) v.note = String(i.note);
  return v;
}

const byDue = (a: TaskView, b: TaskView) =>
  a.dueOn.localeCompare(b.dueOn) || a.taskId.localeCompare(b.taskId);

function toPersonView(person: Item, tasks: Item[]): PoolPersonView {
  const v: PoolPersonView = {
    personId: String(person.personId),
    cellId: String(person.cellId),
    fullName: String(person.fullName),
    birthDate: String(person.birthDate),
    workplace: String(person.workplace),
    introducedOn: String(person.introducedOn),
    foundBy: { memberId: String(person.foundByMemberId), fullName: String(person.foundByName ?? '') },
    tasks: tasks.map(toTaskView).sort(byDue),
  };
  if (person.helperMemberId) {
    v.helper = { memberId: String(person.helperMemberId), fullName: String(person.helperName ?? '') };
  }
  return v;
}

const notFound = () => new AppError('NOT_FOUND', msg('app.poolPersonNotFound'));

/** Record an outstanding person a member found (the secretary records it for them). */
export async function addToPool(actor: Actor, cellId: string, raw: unknown): Promise<PoolPersonView> {
  assertCell(actor, cellId);
  assertRole(actor, SECRETARY);
  const input = parse(PoolEntryInput, raw);
  const member = await loadMember(cellId, input.foundByMemberId);
  refuse([...checkIntroducer(member), ...checkPoolEntry(input, today())]);
  const personId = input.requestId
    ? `p${createHash('sha256').update(`${cellId}\n${input.requestId}`).digest('hex').slice(0, 16)}`
    : newId('p');
  const now = new Date().toISOString();
  const item: Item = {
    ...poolKeys.person(cellId, personId),
    type: 'poolPerson',
    personId,
    cellId,
    fullName: input.fullName,
    nameKey: nameKey(input.fullName),
    birthDate: input.birthDate,
    workplace: input.workplace,
    introducedOn: input.introducedOn,
    foundByMemberId: input.foundByMemberId,
    foundByName: member?.fullName ?? '',
    createdAt: now,
    createdBy: actor.userId,
  };
  try {
    await transact([
      txPut(item, 'attribute_not_exists(PK)'),
      // the pipeline's first step, and the finder's introduction of the period
      ...txCounters(cellId, input.introducedOn, { introductions: 1 }),
      ...txIntroCounts(cellId, input.foundByMemberId, input.introducedOn, 1),
    ]);
  } catch (err) {
    if (!(input.requestId && isConditionalFailure(err))) throw err;
  }
  return getPoolPerson(actor, cellId, personId);
}

/** The pool of a cell, by name, each person with their tasks (one Query of the cell's partition). */
export async function listPool(actor: Actor, cellId: string): Promise<PoolPersonView[]> {
  assertCell(actor, cellId);
  const items = await queryPool(cellId);
  const tasks = new Map<string, Item[]>();
  for (const i of items) {
    if (i.type !== 'task') continue;
    const list = tasks.get(String(i.subjectId)) ?? [];
    list.push(i);
    tasks.set(String(i.subjectId), list);
  }
  return items
    .filter((i) => i.type === 'poolPerson')
    .map((p) => toPersonView(p, tasks.get(String(p.personId)) ?? []))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi') || a.personId.localeCompare(b.personId));
}

/** The raw items of a person (person first), or NOT_FOUND: another cell's person does not exist here. */
export async function personItems(
  actor: Actor,
  cellId: string,
  personId: string,
): Promise<{ person: Item; tasks: Item[] }> {
  assertCell(actor, cellId);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(personId)) throw notFound();
  const items = await queryPerson(cellId, personId);
  const person = items.find((i) => i.type === 'poolPerson');
  if (!person) throw notFound();
  return { person, tasks: items.filter((i) => i.type === 'task') };
}

export async function getPoolPerson(actor: Actor, cellId: string, personId: string): Promise<PoolPersonView> {
  const { person, tasks } = await personItems(actor, cellId, personId);
  return toPersonView(person, tasks);
}

/**
 * Remove a person from the pool: the person and their tasks are deleted (nothing kept, no tombstone), and the
 * introduction they counted for is taken back from the counters of its period.
 */
export async function removeFromPool(actor: Actor, cellId: string, personId: string): Promise<void> {
  assertRole(actor, SECRETARY);
  const { person, tasks } = await personItems(actor, cellId, personId);
  const on = String(person.introducedOn);
  try {
    await deleteAll(
      [...tasks],
      [
        txDelete(poolKeys.person(cellId, personId), 'attribute_exists(PK)'),
        ...txCounters(cellId, on, { introductions: -1 }),
        ...txIntroCounts(cellId, String(person.foundByMemberId), on, -1),
      ],
    );
  } catch (err) {
    if (isConditionalFailure(err)) throw notFound();
    throw err;
  }
}

/**
 * What a referral takes from a pool record: the person (for the form), and the transaction parts that move the
 * person out of the pool when the candidate is created: the pool items deleted, the helper and the open and
 * past tasks carried over to the candidate. The introduction was counted when the person entered the pool.
 */
export async function poolReferral(
  actor: Actor,
  cellId: string,
  personId: string,
): Promise<{
  person: PoolPersonView;
  moveTo: (candidateId: string, candidateName: string) => Promise<import('./tasks.ts').TxItems>;
}> {
  const { person, tasks } = await personItems(actor, cellId, personId);
  const view = toPersonView(person, tasks);
  return {
    person: view,
    moveTo: async (candidateId, candidateName) => {
      const { moveSupportItems } = await import('./tasks.ts');
      const subject: Subject = { kind: 'candidate', candidateId };
      return moveSupportItems(person, tasks, subject, cellId, candidateName);
    },
  };
}
