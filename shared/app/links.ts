/**
 * Approval links: one per committee member and round, random id, alive until the committee's deadline (plus
 * the ruleset's grace days). Opening a link (getApprovalLink) changes nothing (mail scanners open links). An
 * answer (consumeApprovalLink) needs the link's own member signed in; it is recorded once, in the round
 * (committee.ts), and the answer that fixes the quorum records the decision in the same transaction.
 * A link gives the dossier's documents as they stood when it was sent, and only while it is live.
 */
import { randomBytes } from 'node:crypto';
import { config } from '../adapters/clients.ts';
import {
  type CandidateItem,
  firstItemFailed,
  getCandidateItem,
  getItem,
  type Item,
  isConditionalFailure,
  queryPrefix,
  type TxItem,
  transact,
  txCheck,
  txPut,
  txUpdate,
} from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import { rulesetById } from '../domain/ruleset.ts';
import {
  type AnswerInput,
  type AnswerResult,
  answerRound,
  getRound,
  type RoundItem,
  roundView,
} from './committee.ts';
import { msg, toView } from './model.ts';
import { type Actor, AppError, type ApprovalLinkView, type Decision, type Step } from './types.ts';

type LinkItem = Item & {
  linkId: string;
  candidateId: string;
  cellId: string;
  approverId: string;
  step: Step;
  cursor: number;
  createdAt: string;
  expiresOn: string;
  usedAt?: string;
  decision?: Decision;
};

const LINK_ID = /^[A-Za-z0-9_-]{20,100}$/;
const DAY = 86_400_000;

/** When a link of this round expires: the committee's deadline (end of that day in Vietnam) plus grace. */
export function linkExpiry(round: Pick<RoundItem, 'dueOn'> | undefined, rulesetId: string, now = Date.now()) {
  const grace = rulesetById(rulesetId).committee.linkGraceDays;
  const floor = now + 30 * DAY;
  if (!round?.dueOn) return new Date(floor);
  const endOfDue = Date.parse(`${round.dueOn}T23:59:59+07:00`) + grace * DAY;
  return new Date(Math.max(floor, endOfDue));
}

/** The approval link of `approverId` for the round the candidate waits at (not written). */
export function linkItem(
  cand: CandidateItem,
  round: Pick<RoundItem, 'dueOn'>,
  approverId: string,
): LinkItem & { expiresOn: string } {
  const linkId = randomBytes(24).toString('base64url');
  const expires = linkExpiry(round, String(cand.rulesetId));
  return {
    ...keys.link(linkId),
    type: 'link',
    linkId,
    candidateId: cand.id,
    cellId: cand.cellId,
    approverId,
    step: cand.waitingFor as Step,
    cursor: cand.cursor,
    createdAt: new Date().toISOString(),
    expiresOn: expires.toISOString(),
    // DynamoDB TTL removes it some time after expiry; the check below does not wait for that
    expiresAt: Math.floor(expires.getTime() / 1000) + 30 * 86_400,
  };
}

/** The address of a link, as its member's mail carries it. */
export const linkUrl = (linkId: string) => `${config().appBaseUrl}/a/${linkId}`;

/** The transaction part that fails when the candidate is no longer where it was read (decided or withdrawn). */
export const txStillWaiting = (cand: CandidateItem) =>
  txCheck({
    Key: keys.candidate(cand.id),
    ConditionExpression: '#cursor = :c AND waitingFor = :w',
    ExpressionAttributeNames: { '#cursor': 'cursor' },
    ExpressionAttributeValues: { ':c': cand.cursor, ':w': cand.waitingFor },
  });

export const noDecisionAwaited = () => new AppError('WRONG_STAGE', msg('app.noDecisionAwaited'));

/** The most links written in the transaction that opens a round (a transaction holds up to 100 items). */
const LINKS_WITH_ROUND = 90;

/**
 * Opens a round (committee.planRound) with the link of each of `approverIds`, remembered in it, in ONE
 * transaction checked against the candidate as read: decided or withdrawn meanwhile, nothing is written
 * (WRONG_STAGE). An attempt that finds the round opened by another answers that round, read again. Members
 * beyond what one transaction holds get their link afterwards (createApprovalLink). `made`: this call
 * wrote the round (so no mail has gone out for its links yet).
 */
export async function openRoundWithLinks(
  cand: CandidateItem,
  round: RoundItem,
  approverIds: readonly string[],
  /** more parts of the same transaction (the claim of the first mail, which is sent right after it) */
  also: readonly TxItem[] = [],
): Promise<{ round: RoundItem; made: boolean }> {
  const links = [...new Set(approverIds)].slice(0, LINKS_WITH_ROUND).map((a) => linkItem(cand, round, a));
  const opened: RoundItem = {
    ...round,
    links: Object.fromEntries(links.map((l) => [l.approverId, l.linkId])),
  };
  try {
    await transact([
      txStillWaiting(cand),
      txPut(opened, 'attribute_not_exists(PK)'),
      ...links.map((l) => txPut(l, 'attribute_not_exists(PK)')),
      ...also,
    ]);
    return { round: opened, made: true };
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    if (firstItemFailed(err)) throw noDecisionAwaited();
    const found = await getRound(cand.id, cand.cursor);
    if (!found) throw err;
    return { round: found, made: false };
  }
}

export async function createApprovalLink(
  q: {
    candidateId: string;
    approverId: string;
    /** the workflow cursor the decision is awaited at; a candidate that has moved on gets no link */
    cursor?: number;
  },
  /**
   * the candidate and its round as the caller read them: the link is written in one transaction with a check
   * that the candidate is still where it was read, and remembered in the round
   */
  read: { cand: CandidateItem | undefined; round: RoundItem },
): Promise<{ linkId: string; url: string; expiresAt: string }> {
  const { cand, round } = read;
  if (
    !cand ||
    (cand.waitingFor !== 'decision' && cand.waitingFor !== 'superior') ||
    (q.cursor !== undefined && cand.cursor !== q.cursor)
  ) {
    throw noDecisionAwaited();
  }
  const item = linkItem(cand, round, q.approverId);
  try {
    await transact([
      // decided or withdrawn since it was read: no link
      txStillWaiting(cand),
      txPut(item, 'attribute_not_exists(PK)'),
      // the member's home page links to it
      txUpdate({
        Key: keys.round(round.candidateId, round.cursor),
        UpdateExpression: 'SET links.#a = :l',
        ExpressionAttributeNames: { '#a': q.approverId },
        ExpressionAttributeValues: { ':l': item.linkId },
      }),
    ]);
  } catch (err) {
    if (isConditionalFailure(err) && firstItemFailed(err)) throw noDecisionAwaited();
    throw err;
  }
  return { linkId: item.linkId, url: linkUrl(item.linkId), expiresAt: item.expiresOn };
}

async function loadLink(linkId: string): Promise<LinkItem> {
  const link = LINK_ID.test(linkId) ? await getItem<LinkItem>(keys.link(linkId)) : undefined;
  if (!link) throw new AppError('NOT_FOUND', msg('app.linkNotFound'));
  return link;
}

/** The actor a link stands for: its approver, on its cell only. */
export const linkActor = (link: { approverId: string; cellId: string }): Actor => ({
  userId: link.approverId,
  role: 'committee',
  cellIds: [link.cellId],
});

export async function getApprovalLink(linkId: string): Promise<ApprovalLinkView> {
  const link = await loadLink(linkId);
  const cand = await getCandidateItem(link.candidateId);
  if (!cand) throw new AppError('NOT_FOUND', msg('app.linkNotFound'));
  const round = await getRound(cand.id, link.cursor);
  // the dossier as it stood when the link was sent: the round's documents (a link without a round: those
  // accepted before it was made)
  const docs = (await queryPrefix(`CAND#${cand.id}`, SK_PREFIX.document)).filter(
    (d) =>
      d.status === 'accepted' &&
      (round ? round.docIds.includes(String(d.docId)) : String(d.uploadedAt) <= String(link.createdAt)),
  );
  const decidedElsewhere = cand.cursor !== link.cursor || Boolean(round?.outcome);
  const used = Boolean(link.usedAt);
  const expired = link.expiresOn < new Date().toISOString();
  return {
    linkId,
    candidateId: cand.id,
    cellId: cand.cellId,
    approverId: link.approverId,
    step: link.step,
    expiresAt: link.expiresOn,
    used,
    ...(link.usedAt ? { usedAt: String(link.usedAt) } : {}),
    ...(link.decision ? { decision: link.decision } : {}),
    decidedElsewhere,
    forbidAgainstCell: rulesetById(String(cand.rulesetId)).committee.againstFailedCellVote === 'never',
    // the documents are served only while the link can still change the outcome
    live: !used && !expired && !decidedElsewhere && !round?.cancelled,
    ...(round ? { round: roundView(round, link.approverId) } : {}),
    candidate: toView(cand),
    documents: docs.map((d) => ({
      docId: String(d.docId),
      formCode: String(d.formCode),
      fileName: String(d.fileName),
      contentType: String(d.contentType),
      size: Number(d.size),
      sha256: String(d.sha256),
      uploadedAt: String(d.uploadedAt),
      uploadedBy: String(d.uploadedBy),
    })),
  };
}

/**
 * Record the signed-in member's answer through their link. `signedIn` must be the link's approver: a link
 * forwarded to anyone else records nothing.
 */
export async function consumeApprovalLink(
  linkId: string,
  input: { decision: Decision; decidedOn?: string; decisionNo?: string; note?: string },
  signedIn: Actor,
): Promise<AnswerResult & { candidate: ReturnType<typeof toView> }> {
  const link = await loadLink(linkId);
  if (signedIn.userId !== link.approverId) {
    throw new AppError('FORBIDDEN', msg('app.linkOtherMember'));
  }
  const already = () =>
    new AppError('LINK_USED', msg('app.answerRecorded'), {
      decision: link.decision,
    });
  if (link.usedAt) throw already();
  if (link.expiresOn < new Date().toISOString()) {
    throw new AppError('LINK_EXPIRED', msg('app.linkExpired'));
  }
  const answer: AnswerInput = {
    decision: input.decision,
    comment: input.note,
    decisionNo: input.decisionNo,
    decidedOn: input.decidedOn,
  };
  const consume = (now: string) =>
    txUpdate({
      Key: keys.link(linkId),
      UpdateExpression: 'SET usedAt = :now, decision = :d',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
      ExpressionAttributeValues: { ':now': now, ':d': input.decision },
    });
  try {
    const r = await answerRound(link, linkActor(link), answer, consume);
    const cand = await getCandidateItem(link.candidateId);
    return { ...r, candidate: toView(cand as Item) };
  } catch (err) {
    const fresh = await loadLink(linkId);
    if (fresh.usedAt) throw already();
    throw err;
  }
}
