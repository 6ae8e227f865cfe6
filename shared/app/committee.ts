/**
 * The committee decides as a committee. Each request for a decision opens a ROUND (one per workflow cursor):
 * who is asked, by which quorum rule (shared/domain/committee.ts, from the cell's setup and the dossier's
 * ruleset), the deadline, and the documents as they stood when the links were sent. Each member's link
 * records that member's answer in the round; the answer that makes the quorum fix the outcome records the
 * decision in the same transaction (decision.ts), which completes the workflow's waiting task. Answers after
 * the outcome are kept as late answers. A withdrawal cancels the round, and every link of it says so.
 *
 * The round item carries a version: answers are serialised by a conditional write, so two members answering
 * at once are both counted and exactly one of them fixes the outcome.
 */
import {
  type CandidateItem,
  candidateItems,
  eventItem,
  getCandidateItem,
  getItem,
  type Item,
  isConditionalFailure,
  transact,
  txPut,
  txUpdate,
} from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import {
  type CommitteeAnswer,
  checkAnswer,
  type QuorumRule,
  quorumRequired,
  quorumRule,
  tally,
} from '../domain/committee.ts';
import { rulesetById } from '../domain/ruleset.ts';
import type { CellItem } from './candidates.ts';
import { loadCell } from './candidates.ts';
import { type AnswerRecord, decide } from './decision.ts';
import { msg, today } from './model.ts';
import { type Actor, AppError, type VoteRecord } from './types.ts';

export type RoundItem = Item & {
  candidateId: string;
  cellId: string;
  cursor: number;
  round: number;
  kind: string;
  step: string;
  sentAt: string;
  dueOn?: string;
  rule: QuorumRule;
  memberIds: string[];
  docIds: string[];
  newDocIds: string[];
  cellVotePassed: boolean;
  links: Record<string, string>;
  answers: Record<string, AnswerRecord>;
  version: number;
  outcome?: CommitteeAnswer;
  decidedAt?: string;
  cancelled?: { on: string; at: string; by: string };
};

/** What a link page shows of its round. */
export type RoundView = {
  round: number;
  kind: string;
  sentAt: string;
  dueOn?: string;
  ruleKind: QuorumRule['kind'];
  required: number;
  voters: number;
  answers: AnswerRecord[];
  outcome?: CommitteeAnswer;
  decidedAt?: string;
  cancelled?: { on: string; at: string; by: string };
  cellVotePassed: boolean;
  /** this link's approver records the meeting's decision (number and date) */
  recordsMeeting: boolean;
  docIds: string[];
  newDocIds: string[];
};

export const getRound = (candidateId: string, cursor: number) =>
  getItem<RoundItem>(keys.round(candidateId, cursor));

export function committeeSetup(cell: CellItem) {
  return {
    memberIds: (cell.committeeUserIds as string[] | undefined) ?? [],
    authorised: cell.committeeAuthorised !== false,
    ...(cell.committeeRule ? { rule: cell.committeeRule as 'standingMajority' | 'recorder' } : {}),
    ...(cell.standingCommitteeUserIds ? { standingIds: cell.standingCommitteeUserIds as string[] } : {}),
    ...(cell.committeeRecorderId ? { recorderId: String(cell.committeeRecorderId) } : {}),
  };
}

/** What a committee request reads of the candidate's partition. */
export type RoundRead = {
  cand: CandidateItem | undefined;
  /** every round so far, oldest first */
  rounds: RoundItem[];
  docs: Item[];
  deadlines: Item[];
};

/**
 * The candidate, its rounds, documents and deadlines, from ONE consistent Query of its partition (the sort keys
 * from DEADLINE# to ROUND#, the events between them filtered out).
 */
export async function readForRound(candidateId: string): Promise<RoundRead> {
  const { cand, under } = await candidateItems(candidateId, SK_PREFIX.deadline, `${SK_PREFIX.round}~`);
  return {
    cand,
    rounds: under(SK_PREFIX.round) as RoundItem[],
    docs: under(SK_PREFIX.document),
    deadlines: under(SK_PREFIX.deadline),
  };
}

/**
 * The round at the candidate's cursor: the one opened before (a retried notification finds it), or the one to
 * open now, not yet written (links.openRoundWithLinks writes it with its links). `read` is what
 * `readForRound` read for `cand`; `cell` the candidate's cell, when read.
 */
export async function planRound(
  cand: CandidateItem,
  kind: string,
  read: RoundRead,
  cell?: CellItem,
): Promise<{ round: RoundItem; opened: boolean }> {
  const existing = read.rounds.find((r) => r.cursor === cand.cursor);
  if (existing) return { round: existing, opened: true };
  const setup = committeeSetup(cell ?? (await loadCell(cand.cellId)));
  const ruleset = rulesetById(String(cand.rulesetId));
  const rule = quorumRule(ruleset, setup);
  const last = read.rounds.at(-1);
  const docIds = read.docs.filter((d) => d.status === 'accepted').map((d) => String(d.docId));
  const dueKey = keys.deadline(cand.id, 'committeeDecision');
  const due = read.deadlines.find((d) => d.SK === dueKey.SK);
  const vote = cand.cellVote as VoteRecord | undefined;
  const item: RoundItem = {
    ...keys.round(cand.id, cand.cursor),
    type: 'round',
    candidateId: cand.id,
    cellId: cand.cellId,
    cursor: cand.cursor,
    round: read.rounds.length + 1,
    kind,
    step: String(cand.waitingFor),
    sentAt: new Date().toISOString(),
    ...(cand.waitingFor === 'decision' && due?.status === 'open' ? { dueOn: String(due.dueOn) } : {}),
    rule,
    memberIds: setup.memberIds,
    docIds,
    newDocIds: last ? docIds.filter((d) => !last.docIds.includes(d)) : [],
    cellVotePassed: cand.waitingFor === 'superior' || vote?.passed !== false,
    links: {},
    answers: {},
    version: 0,
  };
  return { round: item, opened: false };
}

export function roundView(r: RoundItem, approverId: string): RoundView {
  return {
    round: r.round,
    kind: r.kind,
    sentAt: r.sentAt,
    ...(r.dueOn ? { dueOn: r.dueOn } : {}),
    ruleKind: r.rule.kind,
    required: quorumRequired(r.rule),
    voters: new Set(r.rule.voters).size,
    answers: Object.values(r.answers ?? {}).sort((a, b) => a.at.localeCompare(b.at)),
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    ...(r.cancelled ? { cancelled: r.cancelled } : {}),
    cellVotePassed: r.cellVotePassed,
    recordsMeeting: r.rule.kind === 'recorder' && r.rule.voters[0] === approverId,
    docIds: r.docIds ?? [],
    newDocIds: r.newDocIds ?? [],
  };
}

export type LinkRef = { linkId: string; candidateId: string; approverId: string; cursor: number };
export type AnswerInput = {
  decision: CommitteeAnswer;
  comment?: string | undefined;
  decisionNo?: string | undefined;
  decidedOn?: string | undefined;
};
export type AnswerResult = { kind: 'answer' | 'late' | 'decided'; outcome?: CommitteeAnswer; stage?: string };

const withdrawnError = () =>
  new AppError('WRONG_STAGE', msg('app.withdrawn'), {
    withdrawn: true,
  });

/**
 * Record one member's answer through their link (the caller has checked that the link is live and that its
 * approver is the one signed in). Retries on a concurrent answer; never drops an answer.
 */
export async function answerRound(
  link: LinkRef,
  actor: Actor,
  input: AnswerInput,
  consume: (now: string) => ReturnType<typeof txUpdate>,
): Promise<AnswerResult> {
  for (let attempt = 0; ; attempt++) {
    const round = await getRound(link.candidateId, link.cursor);
    const cand = await getCandidateItem(link.candidateId);
    if (!round || !cand) throw new AppError('NOT_FOUND', msg('app.linkNotFound'));
    if (round.cancelled) throw withdrawnError();
    const ruleset = rulesetById(String(cand.rulesetId));
    const recordsMeeting = round.rule.kind === 'recorder' && round.rule.voters[0] === link.approverId;
    const findings = checkAnswer(ruleset, {
      answer: input.decision,
      comment: input.comment,
      cellVotePassed: round.cellVotePassed,
      recordsMeeting,
      decisionNo: input.decisionNo,
      decidedOn: input.decidedOn,
    });
    if (findings.length > 0) {
      throw new AppError(
        'INVALID',
        {
          vi: findings.map((f) => f.message.vi).join('; '),
          en: findings.map((f) => f.message.en).join('; '),
        },
        { fields: findings.flatMap((f) => f.fields) },
      );
    }
    const now = new Date().toISOString();
    const late = Boolean(round.outcome) || cand.cursor !== link.cursor;
    const rec: AnswerRecord = {
      by: link.approverId,
      decision: input.decision,
      ...(input.comment?.trim() ? { comment: input.comment.trim() } : {}),
      at: now,
      ...(late ? { late: true } : {}),
    };
    const answers = { ...(round.answers ?? {}), [link.approverId]: rec };
    const counted = Object.fromEntries(
      Object.entries(answers)
        .filter(([, a]) => !a.late)
        .map(([k, a]) => [k, a.decision]),
    ) as Record<string, CommitteeAnswer>;
    const t = late ? undefined : tally(round.rule, counted);
    const outcome = t?.outcome;
    const roundUpdate = txUpdate({
      Key: keys.round(link.candidateId, link.cursor),
      UpdateExpression: `SET answers.#a = :rec, version = :v1${outcome ? ', outcome = :o, decidedAt = :now' : ''}`,
      ConditionExpression: 'version = :v0 AND attribute_not_exists(cancelled)',
      ExpressionAttributeNames: { '#a': link.approverId },
      ExpressionAttributeValues: {
        ':rec': rec,
        ':v0': round.version,
        ':v1': round.version + 1,
        ...(outcome ? { ':o': outcome, ':now': now } : {}),
      },
    });
    const event = txPut(
      eventItem(
        link.candidateId,
        {
          at: now,
          type: late ? 'committeeAnswerLate' : 'committeeAnswer',
          actorId: link.approverId,
          details: {
            round: round.round,
            decision: input.decision,
            ...(rec.comment ? { comment: rec.comment } : {}),
          },
        },
        `ans-${link.cursor}-${link.approverId}`,
      ),
      'attribute_not_exists(PK)',
    );
    try {
      if (!outcome || !t) {
        await transact([roundUpdate, consume(now), event]);
        return { kind: late ? 'late' : 'answer' };
      }
      const all = Object.values(answers).sort((a, b) => a.at.localeCompare(b.at));
      const notes = all
        .filter((a) => a.comment)
        .map((a) => a.comment)
        .join(' · ')
        .slice(0, 2000);
      const after = await decide(
        actor,
        link.candidateId,
        {
          decision: outcome,
          decidedOn: input.decidedOn ?? today(),
          ...(input.decisionNo ? { decisionNo: input.decisionNo } : {}),
          ...(notes ? { note: notes } : {}),
          expectedVersion: cand.version,
        },
        [roundUpdate, consume(now), event],
        { round: round.round, answers: all, required: t.required, voters: t.voters },
      );
      return { kind: 'decided', outcome, stage: after.stage };
    } catch (err) {
      const raced =
        isConditionalFailure(err) ||
        (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'WRONG_STAGE'));
      if (!raced || attempt >= 4) throw err;
      // another member answered (or the candidate moved) meanwhile: read again and count again
    }
  }
}

/** The withdrawal's part of its transaction: the open round, if any, is cancelled (its links say so). */
export async function cancelOpenRound(
  cand: CandidateItem,
  w: { on: string; at: string; by: string },
): Promise<{ tx: ReturnType<typeof txUpdate>; round: RoundItem } | undefined> {
  if (cand.waitingFor !== 'decision' && cand.waitingFor !== 'superior') return undefined;
  const round = await getRound(cand.id, cand.cursor);
  if (!round || round.outcome || round.cancelled) return undefined;
  return {
    round,
    tx: txUpdate({
      Key: keys.round(cand.id, cand.cursor),
      UpdateExpression: 'SET cancelled = :c, version = version + :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':c': w, ':one': 1 },
    }),
  };
}

/** The decisions waiting for a committee member in the cells they oversee: candidate, round, deadline, link. */
export async function waitingDecisions(
  actor: Actor,
  candidates: readonly { id: string; cellId: string; fullName: string }[],
) {
  const out: {
    candidateId: string;
    cellId: string;
    fullName: string;
    round: number;
    dueOn?: string;
    linkId?: string;
    answered?: AnswerRecord;
    answers: number;
    cellVotePassed: boolean;
  }[] = [];
  for (const c of candidates) {
    if (actor.role !== 'admin' && !actor.cellIds.includes(c.cellId)) continue;
    const cand = await getCandidateItem(c.id);
    if (!cand || (cand.waitingFor !== 'decision' && cand.waitingFor !== 'superior')) continue;
    const r = await getRound(c.id, cand.cursor);
    if (!r || r.cancelled || r.outcome) continue;
    if (actor.role === 'committee' && !r.memberIds.includes(actor.userId)) continue;
    out.push({
      candidateId: c.id,
      cellId: c.cellId,
      fullName: c.fullName,
      round: r.round,
      ...(r.dueOn ? { dueOn: r.dueOn } : {}),
      ...(r.links?.[actor.userId] ? { linkId: r.links[actor.userId] } : {}),
      ...(r.answers?.[actor.userId] ? { answered: r.answers[actor.userId] } : {}),
      answers: Object.keys(r.answers ?? {}).length,
      cellVotePassed: r.cellVotePassed,
    });
  }
  return out.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
}
