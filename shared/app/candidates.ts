/** Referral, reads, search and the timeline of candidates. */
import { createHash } from 'node:crypto';
import { count } from '../adapters/observability.ts';
import { txIntroCounts } from '../adapters/pool.ts';
import {
  type CandidateItem,
  eventItem,
  getItem,
  getItems,
  type Item,
  isConditionalFailure,
  newId,
  queryAll,
  queryPage,
  transact,
  txCounters,
  txPut,
} from '../adapters/repository.ts';
import { CHORE_NOW, indexKeys, keys, SK_PREFIX } from '../adapters/table.ts';
import { checkIntroducers } from '../domain/checks/introducers.ts';
import { nameKey } from '../domain/names.ts';
import { rulesetFor } from '../domain/ruleset.ts';
import { toDocView } from './documents.ts';
import { startAdmission } from './engine.ts';
import { assertCell, assertRole, canSeeCell, loadCandidate, msg, toView } from './model.ts';
import { parse } from './parse.ts';
import { poolReferral } from './pool.ts';
import { ReferInput } from './schemas.ts';
import {
  type Actor,
  AppError,
  type AuditEvent,
  type CandidateView,
  type DocumentView,
  type Page,
  STAGES,
  type Stage,
} from './types.ts';

export type CellItem = Item & {
  name: string;
  officialMembers: number;
  probationaryMembers?: number;
  hasSubCommittee?: boolean;
  hasGrassrootsCommittee?: boolean;
  committeeUserIds?: string[];
  secretaryUserIds?: string[];
};

export async function loadCell(cellId: string): Promise<CellItem> {
  const cell = await getItem<CellItem>(keys.cell(cellId));
  if (!cell) throw new AppError('NOT_FOUND', msg('app.cellNotFound'));
  return cell;
}

export async function referCandidate(actor: Actor, raw: unknown): Promise<CandidateView> {
  const input = parse(ReferInput, raw);
  assertCell(actor, input.cellId);
  assertRole(actor, ['secretary', 'admin']);
  // the cell and the introducers: one BatchGetItem
  const ids = input.introduction.introducerMemberIds;
  const read = await getItems([keys.cell(input.cellId), ...ids.map((m) => keys.member(input.cellId, m))]);
  const cell = read.find((i) => i.SK === keys.cell(input.cellId).SK) as CellItem | undefined;
  if (!cell) throw new AppError('NOT_FOUND', msg('app.cellNotFound'));
  const members = ids.map((m) => read.find((i) => i.SK === keys.member(input.cellId, m).SK));
  const wanted = input.introduction.path === 'two-members' ? 2 : 1;
  if (members.length !== wanted || new Set(input.introduction.introducerMemberIds).size !== wanted) {
    throw new AppError('INVALID', msg('app.introducerCount', { wanted }), {
      fields: ['introduction.introducerMemberIds'],
    });
  }
  if (members.some((m) => m?.status !== 'official')) {
    throw new AppError('INVALID', msg('app.introducerNotOfficial'), {
      fields: ['introduction.introducerMemberIds'],
    });
  }
  const together = input.introduction.togetherSince;
  const named = input.introduction.introducerMemberIds.map((memberId, i) => ({
    memberId,
    fullName: String(members[i]?.fullName ?? ''),
    togetherSince: together[memberId],
  }));
  const undated = named.find((m) => !m.togetherSince);
  if (undated) {
    throw new AppError('INVALID', msg('app.togetherSinceMissing', { name: undated.fullName }), {
      fields: [`introduction.togetherSince.${undated.memberId}`],
    });
  }
  // the 12 months together (§3.4), counted to the day of the referral, by the domain's own check
  const tooShort = checkIntroducers(
    {
      personId: '',
      introducerPath: input.introduction.path === 'two-members' ? 'two_members' : 'trade_union',
    },
    named.map((m) => ({
      kind: 'member' as const,
      personId: m.memberId,
      fullName: m.fullName,
      status: 'official' as const,
      togetherSince: m.togetherSince as string,
      sameUnit: true,
      signedOn: input.referredOn,
    })),
    rulesetFor(input.referredOn),
  ).filter((f) => f.code === 'INTRODUCER_TOGETHER_TOO_SHORT');
  if (tooShort.length) {
    throw new AppError(
      'BLOCKED',
      {
        vi: tooShort.map((f) => f.message.vi).join('; '),
        en: tooShort.map((f) => f.message.en).join('; '),
      },
      { fields: ['introduction.togetherSince'] },
    );
  }
  const id = input.requestId
    ? `c${createHash('sha256').update(`${input.cellId}\n${input.requestId}`).digest('hex').slice(0, 20)}`
    : newId('c');
  // from the pool: the person must still be there (another cell's or a removed one is not found); a retried
  // referral finds the person gone and answers the candidate it created
  let fromPool: Awaited<ReturnType<typeof poolReferral>> | undefined;
  if (input.poolPersonId) {
    try {
      fromPool = await poolReferral(actor, input.cellId, input.poolPersonId);
    } catch (err) {
      if (input.requestId && (err as AppError).code === 'NOT_FOUND' && (await getItem(keys.candidate(id)))) {
        return toView(await loadCandidate(actor, id));
      }
      throw err;
    }
  }
  const now = new Date().toISOString();
  const ruleset = rulesetFor(input.referredOn);
  const key = nameKey(input.fullName);
  const stage: Stage = 'AWAITING_COURSE';
  const item: CandidateItem = {
    ...keys.candidate(id),
    ...indexKeys.byStage(input.cellId, stage, now, id),
    ...indexKeys.byName(input.cellId, key, id),
    // in the chores' index until its admission runs (the first wait's token takes it out: storeAwaiting)
    ...indexKeys.chore(CHORE_NOW, id, 'now'),
    type: 'candidate',
    id,
    cellId: input.cellId,
    fullName: input.fullName,
    nameKey: key,
    birthDate: input.birthDate,
    referredOn: input.referredOn,
    rulesetId: ruleset.id,
    introduction: input.introduction,
    introducers: named,
    hasSubCommittee: cell.hasSubCommittee === true,
    stage,
    domainStage: 'COURSE_ENROLLED',
    stageSince: now,
    waitingFor: 'course',
    version: 1,
    cursor: 0,
    workflowStarted: false,
    createdAt: now,
    createdBy: actor.userId,
    recognitionRounds: [],
    // no deadline is open yet (each stage change keeps this list: repository.commitStageChange)
    openDeadlineKinds: [],
  };
  try {
    await transact([
      txPut(item, 'attribute_not_exists(PK)'),
      txPut(
        eventItem(
          id,
          {
            at: now,
            type: 'referred',
            actorId: actor.userId,
            stageTo: stage,
            details: { path: input.introduction.path },
          },
          1,
        ),
        'attribute_not_exists(PK)',
      ),
      // the admission process starts with the referral (its execution is started right after, or by the
      // daily job if that start is lost); the execution itself records nothing of it
      txPut(
        eventItem(
          id,
          { at: now, type: 'admissionStarted', actorId: 'system', details: { machine: 'admission' } },
          'wf-admissionStarted',
        ),
        'attribute_not_exists(PK)',
      ),
      // an introduction counts once: when the person entered the pool, or now for a referral without one
      ...txCounters(input.cellId, input.referredOn, {
        sentToCourse: 1,
        introductions: fromPool ? 0 : input.introduction.introducerMemberIds.length,
      }),
      ...(fromPool
        ? await fromPool.moveTo(id, input.fullName)
        : input.introduction.introducerMemberIds.flatMap((m) =>
            txIntroCounts(input.cellId, m, input.referredOn, 1),
          )),
    ]);
  } catch (err) {
    // a retried referral (same requestId) answers the candidate it created
    if (!(input.requestId && isConditionalFailure(err))) throw err;
    return toView(await loadCandidate(actor, id));
  }
  count('CandidatesReferred');
  await startAdmission(item);
  return toView(item);
}

export async function getCandidate(actor: Actor, candidateId: string): Promise<CandidateView> {
  return toView(await loadCandidate(actor, candidateId));
}

/**
 * The candidate for a step's form: its view to show, and the item read (scoped like `loadCandidate`) for the
 * step to take from the same request instead of reading it again (`from` of the step functions).
 */
export async function candidateForStep(
  actor: Actor,
  candidateId: string,
): Promise<{ view: CandidateView; item: CandidateItem }> {
  const item = await loadCandidate(actor, candidateId);
  return { view: toView(item), item };
}

export async function listCandidates(
  actor: Actor,
  q: { cellId: string; stage: Stage; limit?: number; cursor?: string },
): Promise<Page<CandidateView>> {
  assertCell(actor, q.cellId);
  if (!(STAGES as readonly string[]).includes(q.stage)) {
    throw new AppError('INVALID', msg('app.unknownStage'), { fields: ['stage'] });
  }
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const page = await queryPage(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.byStage(q.cellId, q.stage, '', '').GSI1PK },
    },
    limit,
    q.cursor,
  );
  return { items: page.items.map(toView), nextCursor: page.nextCursor };
}

/** Search a cell's candidates by name without diacritics: every query word starts a word of the name. */
export async function searchCandidates(
  actor: Actor,
  q: { cellId: string; q: string; limit?: number },
): Promise<CandidateView[]> {
  assertCell(actor, q.cellId);
  const key = nameKey(q.q ?? '');
  if (key.length === 0) return [];
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const words = key.split(' ');
  const pk = indexKeys.byName(q.cellId, '', '').GSI2PK;
  // whole-name prefix: served by the sort key alone
  const prefix = await queryAll(
    {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :k)',
      ExpressionAttributeValues: { ':pk': pk, ':k': key },
    },
    limit,
  );
  const found = new Map(prefix.map((i) => [String(i.id), i]));
  if (found.size < limit) {
    // words anywhere in the name ("hong quang" finds "nguyen hong quang"): filter on the cell's partition
    const rest = await queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      FilterExpression: words.map((_, i) => `contains(nameKey, :w${i})`).join(' AND '),
      ExpressionAttributeValues: { ':pk': pk, ...Object.fromEntries(words.map((w, i) => [`:w${i}`, w])) },
    });
    for (const i of rest) {
      const nameWords = String(i.nameKey).split(' ');
      if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) found.set(String(i.id), i);
    }
  }
  return [...found.values()].slice(0, limit).map(toView);
}

function toEvent(i: Item): AuditEvent {
  const e: AuditEvent = { at: String(i.at), type: String(i.type), actorId: String(i.actorId) };
  if (i.stageFrom) e.stageFrom = i.stageFrom;
  if (i.stageTo) e.stageTo = i.stageTo;
  if (i.step) e.step = i.step;
  if (i.details) e.details = i.details;
  return e;
}

/** The candidate's audit timeline, scoped like `loadCandidate`: one Query of its partition. */
export async function timeline(actor: Actor, candidateId: string): Promise<AuditEvent[]> {
  return (await candidateRecord(actor, candidateId)).events;
}

/**
 * A candidate with its accepted documents, its timeline and its deadline items, from ONE consistent Query of
 * the candidate's partition (what the candidate page shows; separately it took four reads of the candidate
 * and three queries). Scoped like `loadCandidate`: another cell's candidate is not found.
 */
export async function candidateRecord(
  actor: Actor,
  candidateId: string,
): Promise<{ candidate: CandidateView; documents: DocumentView[]; events: AuditEvent[]; deadlines: Item[] }> {
  const key = keys.candidate(candidateId);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': key.PK },
    ConsistentRead: true,
  });
  const meta = items.find((i) => i.SK === key.SK) as CandidateItem | undefined;
  if (!meta || !canSeeCell(actor, meta.cellId)) {
    throw new AppError('NOT_FOUND', msg('app.candidateNotFound'));
  }
  const under = (prefix: string) => items.filter((i) => String(i.SK).startsWith(prefix));
  return {
    candidate: toView(meta),
    // accepted and withdrawn files: the page shows every file of a form and which one counts
    documents: under(SK_PREFIX.document)
      .filter((d) => d.status === 'accepted' || d.status === 'withdrawn')
      .map(toDocView),
    events: under(SK_PREFIX.event).map(toEvent),
    deadlines: under(SK_PREFIX.deadline),
  };
}
