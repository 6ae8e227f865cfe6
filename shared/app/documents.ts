/** Dossier documents: presigned POST upload, confirmation (size, magic bytes, SHA-256), listing, download. */

import { config } from '../adapters/clients.ts';
import {
  copyObject,
  deleteObject,
  documentKey,
  extensionMatches,
  headObject,
  inspectObject,
  presignGet,
  presignPost,
  sniff,
  uploadKey,
} from '../adapters/documents.ts';
import {
  eventItem,
  type Item,
  newId,
  put,
  queryPrefix,
  transact,
  txDelete,
  txPut,
  txUpdate,
} from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import { phaseForms } from '../domain/checks/documents.ts';
import { FORM_CODES, FORM_TITLES } from '../domain/forms.ts';
import { type FormCode, rulesetById } from '../domain/ruleset.ts';
import { perLang, t } from '../i18n/lookup.ts';
import '../i18n/messages/app.ts';
import { assertRole, isFinal, loadCandidateWithDocuments, msg, PROBATION_STAGES, today } from './model.ts';
import { parse } from './parse.ts';
import { UploadRequest } from './schemas.ts';
import {
  type Actor,
  AppError,
  type DocumentView,
  type Lang,
  type PresignedUpload,
  type Stage,
  type UploadResult,
} from './types.ts';

const UPLOADERS = ['secretary', 'admin'] as const;

/** The most documents (uploaded or awaiting confirmation) one candidate's dossiers may hold. */
export const MAX_DOCUMENTS_PER_CANDIDATE = 40;

export const toDocView = (d: Item): DocumentView => ({
  docId: String(d.docId),
  formCode: String(d.formCode),
  fileName: String(d.fileName),
  contentType: String(d.contentType),
  size: Number(d.size),
  sha256: String(d.sha256),
  uploadedAt: String(d.uploadedAt),
  uploadedBy: String(d.uploadedBy),
  ...(typeof d.signedOn === 'string' ? { signedOn: d.signedOn } : {}),
  ...(typeof d.introducerMemberId === 'string' ? { introducerMemberId: d.introducerMemberId } : {}),
  ...(d.status === 'withdrawn'
    ? { withdrawn: { at: String(d.withdrawnAt), by: String(d.withdrawnBy) } }
    : {}),
});

/**
 * A form is uploaded in its own phase: the admission dossier until the ceremony, the recognition dossier (10-KNĐ
 * to 16-KNĐ, the new-member certificate, the admission decision) during probation — as the ruleset lists them.
 */
function assertPhase(
  cand: { id: string; stage: string; rulesetId?: unknown },
  docs: readonly Item[],
  form: FormCode,
  introducerMemberId: string | undefined,
): void {
  const phase = PROBATION_STAGES.includes(cand.stage as Stage) ? 'recognition' : 'admission';
  const ruleset = rulesetById(String(cand.rulesetId));
  if (phaseForms(ruleset, phase).includes(form)) return;
  if (phase === 'recognition' && phaseForms(ruleset, 'admission').includes(form)) {
    // a document the admission dossier still lacks (the cell's resolution, the admission decision, a letter)
    // can be added during probation; one it already has cannot be replaced any more
    const has = docs.some(
      (d) =>
        d.status === 'accepted' &&
        d.formCode === form &&
        (form !== '3-KNĐ' || d.introducerMemberId === introducerMemberId),
    );
    if (!has) return;
  }
  const title = FORM_TITLES[form];
  throw new AppError(
    'WRONG_STAGE',
    phase === 'admission'
      ? perLang((l) => t(l, 'app.recognitionFormTooEarly', { form, title: title[l] }))
      : perLang((l) => t(l, 'app.admissionFormTooLate', { form, title: title[l] })),
    { fields: ['formCode'] },
  );
}

export async function presignUpload(
  actor: Actor,
  candidateId: string,
  raw: unknown,
): Promise<PresignedUpload> {
  const req = parse(UploadRequest, raw);
  const { cand, docs: held } = await loadCandidateWithDocuments(actor, candidateId);
  assertRole(actor, [...UPLOADERS]);
  if (isFinal(cand.stage)) {
    throw new AppError('WRONG_STAGE', msg('app.procedureEnded'));
  }
  if (!(FORM_CODES as string[]).includes(req.formCode)) {
    throw new AppError('INVALID', msg('app.unknownForm'), {
      fields: ['formCode'],
    });
  }
  assertPhase(cand, held, req.formCode as FormCode, req.introducerMemberId);
  if (req.formCode === '3-KNĐ' && !req.introducerMemberId) {
    throw new AppError('INVALID', msg('app.letterNeedsIntroducer'), { fields: ['introducerMemberId'] });
  }
  if (req.introducerMemberId && !cand.introduction.introducerMemberIds.includes(req.introducerMemberId)) {
    throw new AppError('INVALID', msg('app.letterIntroducerUnknown'), { fields: ['introducerMemberId'] });
  }
  const max = config().maxUploadBytes;
  if (req.size > max) {
    throw new AppError('INVALID', msg('app.fileTooLargeMax', { max: Math.round(max / 1048576) }), {
      fields: ['size'],
    });
  }
  if (held.length >= MAX_DOCUMENTS_PER_CANDIDATE) {
    throw new AppError('CONFLICT', msg('app.tooManyDocuments', { max: MAX_DOCUMENTS_PER_CANDIDATE }));
  }
  const docId = newId('d');
  const key = documentKey(cand.cellId, cand.id, req.formCode, docId);
  // the POST reaches only the upload key; the document's own key is written by the confirmation alone
  const postKey = uploadKey(key);
  const expiresAt = new Date(Date.now() + 600_000);
  await put({
    ...keys.document(cand.id, req.formCode, docId),
    type: 'document',
    status: 'pending',
    docId,
    candidateId: cand.id,
    cellId: cand.cellId,
    formCode: req.formCode,
    s3Key: key,
    uploadKey: postKey,
    fileName: req.fileName,
    declaredType: req.contentType,
    declaredSize: req.size,
    signedOn: req.signedOn ?? today(),
    introducerMemberId: req.introducerMemberId,
    verifiedOn: req.verifiedOn,
    uploadedBy: actor.userId,
    // a pending upload never confirmed disappears after a day
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
  });
  const post = await presignPost(postKey, req.contentType, max);
  return {
    docId,
    url: post.url,
    fields: post.fields,
    key: postKey,
    maxBytes: max,
    expiresAt: expiresAt.toISOString(),
  };
}

const REASONS = {
  MISSING: msg('app.uploadMissing'),
  EMPTY: msg('app.uploadEmpty'),
  TOO_LARGE: msg('app.uploadTooLarge'),
  BAD_TYPE: msg('app.uploadBadType'),
  BAD_EXTENSION: msg('app.uploadBadExtension'),
} as const;

/** The candidate (scoped like `loadCandidate`) and one of its documents, from one Query. */
async function loadDoc(actor: Actor, candidateId: string, docId: string) {
  const { cand, docs } = await loadCandidateWithDocuments(actor, candidateId);
  return { cand, doc: docs.find((d) => d.docId === docId) };
}

/**
 * Check what arrived: size (> 0, ≤ the limit), type by magic bytes (PDF, JPEG, PNG), SHA-256; keep it on the
 * checklist item (form code), or delete it and say why. `lang` picks nothing here: the reason carries vi and en.
 */
export async function confirmUpload(
  actor: Actor,
  candidateId: string,
  docId: string,
  _lang: Lang = 'vi',
): Promise<UploadResult> {
  const { cand, doc } = await loadDoc(actor, candidateId, docId);
  assertRole(actor, [...UPLOADERS]);
  if (!doc) throw new AppError('NOT_FOUND', msg('app.documentNotFound'));
  if (doc.status === 'accepted') return { accepted: true, document: toDocView(doc) };
  const key = String(doc.s3Key);
  const posted = String(doc.uploadKey ?? doc.s3Key);
  const now = new Date().toISOString();
  const reject = async (code: keyof typeof REASONS): Promise<UploadResult> => {
    // not swallowed: if the lie cannot be deleted, the confirmation fails and is retried (the record stays pending)
    await deleteObject(posted);
    if (posted !== key) await deleteObject(key);
    await transact([
      txDelete({ PK: String(doc.PK), SK: String(doc.SK) }),
      txPut(
        eventItem(
          cand.id,
          {
            at: now,
            type: 'documentRejected',
            actorId: actor.userId,
            details: { formCode: doc.formCode, docId, code, fileName: doc.fileName },
          },
          `doc-${docId}`,
        ),
      ),
    ]);
    return { accepted: false, code, reason: REASONS[code] };
  };
  const head = await headObject(posted);
  if (!head) return reject('MISSING');
  if (head.size === 0) return reject('EMPTY');
  if (head.size > config().maxUploadBytes) return reject('TOO_LARGE');
  // copy first, then check and hash the copy: the bytes recorded are the bytes every download serves, whatever
  // is posted to the upload key afterwards (the presigned POST stays valid for its ten minutes)
  if (posted !== key) await copyObject(posted, key);
  const seen = await inspectObject(key);
  if (seen.size === 0) return reject('EMPTY');
  if (seen.size > config().maxUploadBytes) return reject('TOO_LARGE');
  const type = sniff(seen.head);
  if (!type) return reject('BAD_TYPE');
  if (!extensionMatches(String(doc.fileName), type)) return reject('BAD_EXTENSION');
  if (posted !== key) await deleteObject(posted).catch(() => undefined);
  await transact([
    txUpdate({
      Key: { PK: String(doc.PK), SK: String(doc.SK) },
      UpdateExpression:
        'SET #status = :accepted, contentType = :type, size = :size, sha256 = :sha, uploadedAt = :now REMOVE expiresAt',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':accepted': 'accepted',
        ':pending': 'pending',
        ':type': type,
        ':size': seen.size,
        ':sha': seen.sha256,
        ':now': now,
      },
    }),
    txPut(
      eventItem(
        cand.id,
        {
          at: now,
          type: 'documentUploaded',
          actorId: actor.userId,
          details: {
            formCode: doc.formCode,
            docId,
            fileName: doc.fileName,
            size: seen.size,
            sha256: seen.sha256,
          },
        },
        `doc-${docId}`,
      ),
    ),
  ]);
  return {
    accepted: true,
    document: toDocView({ ...doc, contentType: type, size: seen.size, sha256: seen.sha256, uploadedAt: now }),
  };
}

/**
 * Withdraw a wrongly filed document before the dossier moves on (the candidate still at the stage it was
 * uploaded in): it no longer counts on the checklist or in the checks, the file stays in the bucket (versioned),
 * and the timeline says who withdrew which file of which form, and when.
 */
export async function withdrawDocument(
  actor: Actor,
  candidateId: string,
  docId: string,
): Promise<DocumentView> {
  const { cand, doc } = await loadDoc(actor, candidateId, docId);
  assertRole(actor, [...UPLOADERS]);
  if (doc?.status !== 'accepted') {
    throw new AppError('NOT_FOUND', msg('app.documentNotFound'));
  }
  // the last move to another stage (a refused submission keeps the stage and does not count)
  const moves = (await queryPrefix(`CAND#${cand.id}`, SK_PREFIX.event)).filter(
    (e) => e.stageTo && e.stageTo !== e.stageFrom,
  );
  const movedAt =
    moves
      .map((e) => String(e.at))
      .sort()
      .at(-1) ?? '';
  if (isFinal(cand.stage) || String(doc.uploadedAt) < movedAt) {
    throw new AppError('WRONG_STAGE', msg('app.documentWithdrawTooLate'));
  }
  const now = new Date().toISOString();
  await transact([
    txUpdate({
      Key: { PK: String(doc.PK), SK: String(doc.SK) },
      UpdateExpression: 'SET #status = :withdrawn, withdrawnAt = :now, withdrawnBy = :by',
      ConditionExpression: '#status = :accepted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':withdrawn': 'withdrawn',
        ':accepted': 'accepted',
        ':now': now,
        ':by': actor.userId,
      },
    }),
    txPut(
      eventItem(
        cand.id,
        {
          at: now,
          type: 'documentWithdrawn',
          actorId: actor.userId,
          details: { formCode: doc.formCode, docId, fileName: doc.fileName },
        },
        `withdraw-${docId}`,
      ),
    ),
  ]);
  return toDocView({ ...doc, status: 'withdrawn', withdrawnAt: now, withdrawnBy: actor.userId });
}

export async function listDocuments(actor: Actor, candidateId: string): Promise<DocumentView[]> {
  const { docs } = await loadCandidateWithDocuments(actor, candidateId);
  return docs.filter((d) => d.status === 'accepted').map(toDocView);
}

export async function presignDownload(
  actor: Actor,
  candidateId: string,
  docId: string,
  opts: { inline?: boolean } = {},
): Promise<{ url: string; expiresAt: string }> {
  const { doc } = await loadDoc(actor, candidateId, docId);
  if (doc?.status !== 'accepted') {
    throw new AppError('NOT_FOUND', msg('app.documentNotFound'));
  }
  const seconds = 300;
  return {
    url: await presignGet(String(doc.s3Key), String(doc.fileName), {
      contentType: String(doc.contentType),
      inline: opts.inline === true,
      expiresSeconds: seconds,
    }),
    expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
  };
}
