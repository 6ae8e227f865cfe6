/**
 * Approval links: one per approver and pending step, random id, expires. Opening a link (getApprovalLink)
 * changes nothing (mail scanners open links); the decision (consumeApprovalLink) is recorded once, in the
 * same transaction as the stage change.
 */
import { randomBytes } from 'node:crypto';
import { config } from '../adapters/clients.ts';
import { getCandidateItem, getItem, type Item, put, queryPrefix, txUpdate } from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import { msg, today, toView } from './model.ts';
import { decide } from './steps.ts';
import {
  type Actor,
  AppError,
  type ApprovalLinkView,
  type CandidateView,
  type Decision,
  type Step,
} from './types.ts';

type LinkItem = Item & {
  linkId: string;
  candidateId: string;
  cellId: string;
  approverId: string;
  step: Step;
  cursor: number;
  expiresOn: string;
  usedAt?: string;
  decision?: Decision;
};

const LINK_ID = /^[A-Za-z0-9_-]{20,100}$/;

export async function createApprovalLink(q: {
  candidateId: string;
  approverId: string;
  ttlDays?: number;
  /** the workflow cursor the decision is awaited at; a candidate that has moved on gets no link */
  cursor?: number;
}): Promise<{ linkId: string; url: string; expiresAt: string }> {
  const cand = await getCandidateItem(q.candidateId);
  if (
    !cand ||
    (cand.waitingFor !== 'decision' && cand.waitingFor !== 'superior') ||
    (q.cursor !== undefined && cand.cursor !== q.cursor)
  ) {
    throw new AppError('WRONG_STAGE', msg('Hồ sơ không chờ quyết định', 'No decision is awaited'));
  }
  const linkId = randomBytes(24).toString('base64url');
  const expires = new Date(Date.now() + (q.ttlDays ?? 30) * 86_400_000);
  await put(
    {
      ...keys.link(linkId),
      type: 'link',
      linkId,
      candidateId: cand.id,
      cellId: cand.cellId,
      approverId: q.approverId,
      step: cand.waitingFor,
      cursor: cand.cursor,
      createdAt: new Date().toISOString(),
      expiresOn: expires.toISOString(),
      // DynamoDB TTL removes it some time after expiry; the check below does not wait for that
      expiresAt: Math.floor(expires.getTime() / 1000) + 30 * 86_400,
    },
    'attribute_not_exists(PK)',
  );
  return { linkId, url: `${config().appBaseUrl}/a/${linkId}`, expiresAt: expires.toISOString() };
}

async function loadLink(linkId: string): Promise<LinkItem> {
  const link = LINK_ID.test(linkId) ? await getItem<LinkItem>(keys.link(linkId)) : undefined;
  if (!link) throw new AppError('NOT_FOUND', msg('Liên kết không tồn tại', 'This link does not exist'));
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
  if (!cand) throw new AppError('NOT_FOUND', msg('Liên kết không tồn tại', 'This link does not exist'));
  const docs = (await queryPrefix(`CAND#${cand.id}`, SK_PREFIX.document)).filter(
    (d) => d.status === 'accepted',
  );
  // a link whose step has already been decided (by another approver, or in the app) counts as used
  const used = Boolean(link.usedAt) || cand.cursor !== link.cursor;
  return {
    linkId,
    candidateId: cand.id,
    cellId: cand.cellId,
    approverId: link.approverId,
    step: link.step,
    expiresAt: link.expiresOn,
    used,
    ...(link.decision ? { decision: link.decision } : {}),
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

export async function consumeApprovalLink(
  linkId: string,
  input: { decision: Decision; decidedOn?: string; decisionNo?: string; note?: string },
): Promise<CandidateView> {
  const link = await loadLink(linkId);
  const already = () =>
    new AppError(
      'LINK_USED',
      msg('Quyết định đã được ghi nhận trước đó', 'The decision has already been recorded'),
      {
        decision: link.decision,
      },
    );
  if (link.usedAt) throw already();
  if (link.expiresOn < new Date().toISOString()) {
    throw new AppError('LINK_EXPIRED', msg('Liên kết đã hết hạn', 'This link has expired'));
  }
  const cand = await getCandidateItem(link.candidateId);
  if (!cand || cand.cursor !== link.cursor || cand.waitingFor !== link.step) throw already();
  const now = new Date().toISOString();
  const consume = txUpdate({
    Key: keys.link(linkId),
    UpdateExpression: 'SET usedAt = :now, decision = :d',
    ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
    ExpressionAttributeValues: { ':now': now, ':d': input.decision },
  });
  try {
    const after = await decide(
      linkActor(link),
      link.candidateId,
      {
        decision: input.decision,
        decidedOn: input.decidedOn ?? today(),
        ...(input.decisionNo ? { decisionNo: input.decisionNo } : {}),
        ...(input.note ? { note: input.note } : {}),
        expectedVersion: cand.version,
      },
      [consume],
    );
    return toView(after);
  } catch (err) {
    // lost a race with another approver or a second click: "already recorded"
    if (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'WRONG_STAGE')) throw already();
    throw err;
  }
}
