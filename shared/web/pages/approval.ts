// The committee's approval link /a/{id}. GET shows the dossier and a form and changes NOTHING (mail scanners
// open every link); the decision is a POST carrying an HMAC CSRF token bound to the link and its approver.
import * as app from '../../app/index.ts';
import type { Actor, ApprovalLinkView } from '../../app/types.ts';
import { csrfToken, csrfValid } from '../auth.ts';
import { toHttpError } from '../errors.ts';
import { type ApiResult, HttpError, h, json, type Raw, raw, redirect } from '../http.ts';
import { fmtDate, fmtDateTime } from '../lang.ts';
import '../labels.ts';
import { getCell, linkUsage, userNames } from '../reads.ts';
import type { AnyRoute, RouteContext } from '../router.ts';
import { parseWith, route } from '../router.ts';
import * as S from '../schemas.ts';
import { errorBox, page, radios } from './common.ts';

const csrfSubject = (v: ApprovalLinkView) => `${v.linkId}:${v.approverId}`;
const approverActor = (v: ApprovalLinkView): Actor => ({
  userId: v.approverId,
  role: 'committee',
  cellIds: [v.cellId],
});

type LinkState = { kind: 'ok'; view: ApprovalLinkView } | { kind: 'invalid' } | { kind: 'expired' };

async function loadLink(id: string): Promise<LinkState> {
  try {
    const view = await app.getApprovalLink(id);
    if (!view.used && new Date(view.expiresAt).getTime() < Date.now()) return { kind: 'expired' };
    return { kind: 'ok', view };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'LINK_EXPIRED') return { kind: 'expired' };
    if (code === 'NOT_FOUND' || code === 'INVALID' || code === 'FORBIDDEN') return { kind: 'invalid' };
    throw e;
  }
}

function plain(
  ctx: RouteContext,
  status: number,
  message: string,
  role: 'alert' | 'status' = 'alert',
): ApiResult {
  return page(
    ctx,
    ctx.t('approval.title'),
    h`<section class="card"><p role="${role}" id="approval-message">${message}</p></section>`,
    {
      status,
    },
  );
}

async function alreadyRecorded(
  ctx: RouteContext,
  view: ApprovalLinkView,
  status: number,
  fresh = false,
): Promise<ApiResult> {
  const usage = (await linkUsage(view.linkId)) ?? {};
  // decided through this link, or otherwise (another approver's link, or in the app): the candidate says who
  const byLink = Boolean(usage.usedAt);
  const recorded = view.candidate.decision;
  const who = byLink ? (usage.approverId ?? view.approverId) : (recorded?.by ?? '');
  const names = await userNames([who]);
  const decision = (byLink ? usage.decision : recorded?.decision) ?? view.decision ?? '';
  const at = byLink ? fmtDateTime(usage.usedAt) : recorded?.decidedOn ? fmtDate(recorded.decidedOn) : '—';
  const msg = ctx.t('approval.already', {
    decision: ctx.t.dyn(`approval.decision.${decision}`, decision),
    by: names.get(who) || who || '—',
    at,
  });
  return page(
    ctx,
    ctx.t('approval.title'),
    h`<section class="card">${fresh ? h`<p class="ok" role="status">${ctx.t('approval.recorded')}</p>` : ''}<p id="approval-message" role="${fresh ? 'note' : 'alert'}">${msg}</p></section>`,
    { status },
  );
}

async function reviewPage(
  ctx: RouteContext,
  view: ApprovalLinkView,
  err?: HttpError,
  values: Record<string, unknown> = {},
): Promise<ApiResult> {
  const t = ctx.t;
  const c = view.candidate;
  const [cell, names] = await Promise.all([getCell(view.cellId), userNames([view.approverId])]);
  const docs = view.documents;
  const body: Raw = h`<p>${t('approval.intro')}</p>
<section class="card" aria-labelledby="h-summary"><h2 id="h-summary">${c.fullName}</h2>
<dl>
<dt>${t('list.dob')}</dt><dd>${fmtDate(c.birthDate)}</dd>
<dt>${t('cand.cell')}</dt><dd>${cell?.name ?? view.cellId}</dd>
<dt>${t('cand.stage')}</dt><dd>${t.dyn(`stage.${c.stage}`, c.stage)}</dd>
<dt>${t('approval.step')}</dt><dd>${t.dyn(`step.${view.step}`, view.step)}</dd>
${c.course ? h`<dt>${t('course.title')}</dt><dd>${c.course.certificateNo} (${fmtDate(c.course.issuedOn)})</dd>` : ''}
${c.cellVote ? h`<dt>${t('vote.title')}</dt><dd>${c.cellVote.yes}/${c.cellVote.denominator} · ${fmtDate(c.cellVote.meetingOn)}</dd>` : ''}
<dt>${t('approval.approver')}</dt><dd>${names.get(view.approverId) || view.approverId}</dd>
<dt>${t('approval.expires')}</dt><dd>${fmtDateTime(view.expiresAt)}</dd>
</dl></section>
<section class="card" aria-labelledby="h-docs"><h2 id="h-docs">${t('approval.documents')}</h2>
${docs.length ? h`<ul>${docs.map((d) => h`<li><strong>${d.formCode}</strong> — <a href="/a/${view.linkId}/documents/${d.docId}" target="_blank" rel="noopener">${d.fileName}</a></li>`)}</ul>` : h`<p>${t('approval.noDocuments')}</p>`}
</section>
<section class="card" aria-labelledby="h-decide"><h2 id="h-decide">${t('approval.decision')}</h2>
${errorBox(ctx, err)}
<form method="post" action="/a/${view.linkId}" id="approval-form">
<input type="hidden" name="csrf" value="${csrfToken('approval', csrfSubject(view))}">
${radios(
  'decision',
  t('approval.decision'),
  [
    { value: 'approve', label: t('approval.approve') },
    { value: 'return', label: t('approval.return') },
    { value: 'refuse', label: t('approval.refuse') },
  ],
  String(values.decision ?? 'approve'),
)}
<label for="f-comment">${t('approval.comment')}</label><textarea id="f-comment" name="comment" rows="3">${String(values.comment ?? '')}</textarea>
<button type="submit">${t('approval.submit')}</button></form></section>`;
  return page(ctx, t('approval.title'), body, { status: err ? err.status : 200 });
}

const getLink = route({
  method: 'GET',
  path: '/a/{id}',
  kind: 'page',
  roles: 'public',
  summary: 'Approval link: the dossier and the decision form (changes nothing)',
  async handler(ctx) {
    const st = await loadLink(ctx.params.id as string);
    if (st.kind === 'invalid') return plain(ctx, 404, ctx.t('approval.invalid'));
    if (st.kind === 'expired') return plain(ctx, 410, ctx.t('approval.expired'));
    if (st.view.used)
      return alreadyRecorded(ctx, st.view, 200, ctx.event.queryStringParameters?.done === '1');
    return reviewPage(ctx, st.view);
  },
});

const getDoc = route({
  method: 'GET',
  path: '/a/{id}/documents/{docId}',
  kind: 'page',
  roles: 'public',
  summary: 'Approval link: a short-lived link to one document of the dossier',
  async handler(ctx) {
    const st = await loadLink(ctx.params.id as string);
    if (st.kind === 'invalid') return plain(ctx, 404, ctx.t('approval.invalid'));
    if (st.kind === 'expired') return plain(ctx, 410, ctx.t('approval.expired'));
    const v = st.view;
    if (!v.documents.some((d) => d.docId === ctx.params.docId)) throw new HttpError(404, 'not_found');
    const r = await app.presignDownload(approverActor(v), v.candidateId, ctx.params.docId as string);
    return redirect(r.url);
  },
});

/** The decision, as a page form (PRG) or as JSON. */
async function decide(ctx: RouteContext, asJson: boolean): Promise<ApiResult> {
  const id = ctx.params.id as string;
  const st = await loadLink(id);
  if (st.kind === 'invalid') {
    if (asJson) throw new HttpError(404, 'link_invalid');
    return plain(ctx, 404, ctx.t('approval.invalid'));
  }
  if (st.kind === 'expired') {
    if (asJson) throw new HttpError(410, 'link_expired');
    return plain(ctx, 410, ctx.t('approval.expired'));
  }
  const view = st.view;
  const values = (asJson ? ctx.body : ctx.form) as Record<string, unknown>;
  try {
    const input = parseWith(S.ApprovalBody, {
      decision: values?.decision,
      csrf: values?.csrf,
      ...(typeof values?.comment === 'string' && values.comment.trim() ? { comment: values.comment } : {}),
    });
    if (!csrfValid(input.csrf, 'approval', csrfSubject(view))) throw new HttpError(403, 'csrf_invalid');
    if (view.used) throw new HttpError(409, 'link_used');
    const cand = await app.consumeApprovalLink(id, {
      decision: input.decision,
      ...(input.comment ? { note: input.comment } : {}),
    });
    if (asJson) return json(200, { recorded: true, stage: cand.stage });
    return redirect(`/a/${id}?done=1`);
  } catch (e) {
    const err = toHttpError(e, ctx.lang);
    if (err.code === 'link_used') {
      if (asJson) throw err;
      const again = await loadLink(id);
      return alreadyRecorded(ctx, again.kind === 'ok' ? again.view : view, 409);
    }
    if (err.code === 'link_expired' && !asJson) return plain(ctx, 410, ctx.t('approval.expired'));
    if (asJson || err.status >= 500) throw e;
    return reviewPage(ctx, view, err, values ?? {});
  }
}

const postLink = route({
  method: 'POST',
  path: '/a/{id}',
  kind: 'page',
  roles: 'public',
  summary: 'Approval link: record the decision (CSRF token required)',
  form: true,
  handler: (ctx) => decide(ctx, false),
});

const postLinkJson = route({
  method: 'POST',
  path: '/api/approvals/{id}',
  kind: 'api',
  roles: 'public',
  summary: 'Record the decision of an approval link (CSRF token from the page)',
  tag: 'approvals',
  body: S.ApprovalBody,
  handler: (ctx) => decide(ctx, true),
});

export const approvalPages: AnyRoute[] = [getLink, getDoc, postLink, postLinkJson];
export { raw };
