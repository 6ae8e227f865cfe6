// The committee member's approval link /a/{id}. GET shows the dossier as it stood when the link was sent, the
// round (its number, deadline, quorum and every answer so far) and, to the link's own member signed in, the
// answer form; it changes NOTHING (mail scanners open every link). The answer is a POST carrying an HMAC CSRF
// token bound to the link and its member, accepted only from that member's session (Cognito with MFA in the
// cloud, the sign-in stand-in locally); sign-in comes back to this page.

import { getCell, userNames } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { Actor, ApprovalLinkView } from '../../app/types.ts';
import { requiredYes } from '../../domain/checks/votes.ts';
import { rulesetById } from '../../domain/ruleset.ts';
import { type MessageKey, type ParamArgs, standingText } from '../../i18n/index.ts';
import { csrfToken, csrfValid } from '../auth.ts';
import { toHttpError } from '../errors.ts';
import { type ApiResult, HttpError, h, json, type Raw, raw, redirect } from '../http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../lang.ts';
import type { AnyRoute, RouteContext } from '../router.ts';
import { parseWith, route } from '../router.ts';
import * as S from '../schemas.ts';
import { dayOf, errorBox, page, radios } from './common.ts';

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
    const expired = new Date(view.expiresAt).getTime() < Date.now();
    if (expired && !view.used && !view.round?.cancelled) return { kind: 'expired' };
    return { kind: 'ok', view };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'LINK_EXPIRED') return { kind: 'expired' };
    if (code === 'NOT_FOUND' || code === 'INVALID' || code === 'FORBIDDEN') return { kind: 'invalid' };
    throw e;
  }
}

function plain(ctx: RouteContext, status: number, message: string, extra: Raw | string = ''): ApiResult {
  return page(
    ctx,
    ctx.t('approval.title'),
    h`<section class="card"><p role="alert" id="approval-message">${message}</p>${extra}</section>`,
    { status },
  );
}

const L = <K extends MessageKey>(ctx: RouteContext, key: K, ...params: ParamArgs<K>) => ctx.t(key, ...params);
const answerLabel = (ctx: RouteContext, d: string) => ctx.t.dyn(`committee.answer.${d}`);
const signInHref = (v: ApprovalLinkView) => `/auth/login?next=${encodeURIComponent(`/a/${v.linkId}`)}`;

/** Who may answer here: the link's member signed in; otherwise why not, and what to do. */
function whoAnswers(ctx: RouteContext, v: ApprovalLinkView, names: Map<string, string>): Raw | undefined {
  if (!ctx.actor) {
    return h`<p id="approval-signin">${L(ctx, 'link.signin')}</p><p><a class="button" href="${signInHref(v)}">${L(ctx, 'link.signinButton')}</a></p>`;
  }
  if (ctx.actor.userId !== v.approverId) {
    return h`<p role="alert" id="approval-other">${L(ctx, 'link.otherUser', {
      who: ctx.actor.userId,
      name: names.get(v.approverId) || v.approverId,
    })}</p>`;
  }
  return undefined;
}

/** The round: its number, deadline in working days, quorum, and every answer so far (dissent included). */
function roundBlock(ctx: RouteContext, v: ApprovalLinkView, names: Map<string, string>): Raw {
  const r = v.round;
  if (!r) return raw('');
  const today = todayVn();
  const due = r.dueOn
    ? L(ctx, 'committee.deadline', {
        date: fmtDate(r.dueOn),
        left: standingText(ctx.lang, r.dueOn, today),
      })
    : '';
  return h`<section class="card" aria-labelledby="h-round"><h2 id="h-round">${L(ctx, 'committee.round', { round: r.round })}${r.kind === 'resubmitted' ? h` — <span class="badge" id="round-resubmitted">${L(ctx, 'link.resubmitted')}</span>` : ''}</h2>
${due ? h`<p id="round-deadline"><strong>${due}</strong></p>` : ''}
<p id="round-quorum">${L(ctx, `committee.quorum.${r.ruleKind}`, { required: r.required, voters: r.voters })}</p>
${r.outcome ? h`<p class="ok" role="status" id="round-outcome"><strong>${L(ctx, 'link.outcome', { outcome: answerLabel(ctx, r.outcome), at: fmtDateTime(r.decidedAt) })}</strong></p>` : ''}
<h3>${L(ctx, 'link.answers')}</h3>
${
  r.answers.length
    ? h`<ul id="round-answers">${r.answers.map(
        (a) =>
          h`<li data-by="${a.by}" data-decision="${a.decision}"><strong>${names.get(a.by) || a.by}</strong>: ${answerLabel(ctx, a.decision)}${a.comment ? h` — “${a.comment}”` : ''} <span class="muted">(${fmtDateTime(a.at)}${a.late ? `; ${L(ctx, 'committee.late')}` : ''})</span></li>`,
      )}</ul>`
    : h`<p>${L(ctx, 'link.noAnswers')}</p>`
}
</section>`;
}

function voteLine(ctx: RouteContext, v: ApprovalLinkView): Raw {
  const vote = v.candidate.cellVote;
  if (!vote) return raw('');
  const params = {
    yes: vote.yes,
    denominator: vote.denominator,
    // a vote recorded without its threshold: the one its ruleset's fraction gives (shared/domain/checks/votes.ts)
    required:
      vote.required ?? requiredYes(vote.denominator, rulesetById(v.candidate.rulesetId).vote.passFraction),
  };
  return vote.passed
    ? h`<dt>${ctx.t('vote.title')}</dt><dd id="cell-vote" data-passed="true">✔ ${L(ctx, 'committee.passedVote', params)} · ${fmtDate(vote.meetingOn)}</dd>`
    : h`<dt>${ctx.t('vote.title')}</dt><dd id="cell-vote" data-passed="false" class="overdue"><strong>✘ ${L(ctx, 'committee.failedVote', params)}</strong> · ${fmtDate(vote.meetingOn)}</dd>`;
}

async function linkPage(
  ctx: RouteContext,
  v: ApprovalLinkView,
  o: { err?: HttpError; values?: Record<string, unknown>; status?: number; fresh?: boolean } = {},
): Promise<ApiResult> {
  const t = ctx.t;
  const c = v.candidate;
  const ids = [v.approverId, ...(v.round?.answers.map((a) => a.by) ?? []), v.round?.cancelled?.by ?? ''];
  const [cell, names] = await Promise.all([getCell(v.cellId), userNames(ids)]);
  const values = o.values ?? {};
  const r = v.round;
  if (r?.cancelled) {
    return plain(
      ctx,
      410,
      L(ctx, 'link.withdrawn', {
        on: fmtDate(r.cancelled.on),
        at: fmtDateTime(r.cancelled.at),
        by: names.get(r.cancelled.by) || r.cancelled.by,
      }),
    );
  }
  const mine = r?.answers.find((a) => a.by === v.approverId);
  const status = v.used
    ? h`<p class="ok" role="status" id="approval-message">${o.fresh ? `${t('approval.recorded')} ` : ''}${L(ctx, 'link.yourAnswer', { answer: answerLabel(ctx, mine?.decision ?? v.decision ?? ''), at: fmtDateTime(mine?.at ?? v.usedAt) })}</p>`
    : v.decidedElsewhere
      ? h`<p role="status" id="approval-message">${r?.outcome ? L(ctx, 'link.decidedLate') : L(ctx, 'link.decidedApp', { outcome: answerLabel(ctx, c.decision?.decision ?? ''), by: names.get(c.decision?.by ?? '') || c.decision?.by || '—', on: fmtDate(c.decision?.decidedOn) })}</p>`
      : raw('');
  const forbidApprove = ruleForbids(v);
  const gate = v.used ? undefined : whoAnswers(ctx, v, names);
  const form =
    v.used || gate
      ? raw('')
      : h`<form method="post" action="/a/${v.linkId}" id="approval-form">
<input type="hidden" name="csrf" value="${csrfToken('approval', csrfSubject(v))}">
${radios(
  'decision',
  t('approval.decision'),
  [
    ...(forbidApprove ? [] : [{ value: 'approve', label: answerLabel(ctx, 'approve') }]),
    ...(v.step === 'superior' ? [] : [{ value: 'return', label: answerLabel(ctx, 'return') }]),
    { value: 'refuse', label: answerLabel(ctx, 'refuse') },
  ],
  typeof values.decision === 'string' ? values.decision : undefined,
)}
${r && !r.cellVotePassed ? h`<p class="hint" id="against-cell-hint">${L(ctx, forbidApprove ? 'link.againstForbidden' : 'link.againstComment')}</p>` : ''}
<label for="f-comment">${t('approval.comment')}</label><textarea id="f-comment" name="comment" rows="3">${String(values.comment ?? '')}</textarea>
${
  r?.recordsMeeting
    ? h`<p>${L(ctx, 'committee.quorum.recorder')}</p><label for="f-decisionNo">${L(ctx, 'link.decisionNo')}</label><input id="f-decisionNo" name="decisionNo" value="${String(values.decisionNo ?? '')}" required>
<label for="f-decidedOn">${L(ctx, 'link.decidedOn')}</label><input id="f-decidedOn" name="decidedOn" type="date" value="${String(values.decidedOn ?? '')}" required>`
    : ''
}
<button type="submit">${v.decidedElsewhere ? L(ctx, 'link.submitLate') : t('approval.submit')}</button></form>`;
  const docs = v.live
    ? h`<ul>${v.documents.map((d) => h`<li><strong>${d.formCode}</strong>${r && r.round > 1 && r.newDocIds.includes(d.docId) ? h` <span class="badge" data-new="1">${L(ctx, 'link.newDocument')}</span>` : ''} — <a href="/a/${v.linkId}/documents/${d.docId}" target="_blank" rel="noopener">${d.fileName}</a></li>`)}</ul>`
    : h`<p>${L(ctx, 'link.documentsClosed')}</p>`;
  const body: Raw = h`${status}<p>${t('approval.intro')}</p>
<section class="card" aria-labelledby="h-summary"><h2 id="h-summary">${c.fullName}</h2>
<dl>
<dt>${t('list.dob')}</dt><dd>${fmtDate(c.birthDate)}</dd>
<dt>${t('cand.cell')}</dt><dd>${cell?.name ?? v.cellId}</dd>
<dt>${t('approval.step')}</dt><dd>${t.dyn(`step.${v.step}`, v.step)}</dd>
${c.course ? h`<dt>${t('course.title')}</dt><dd>${c.course.certificateNo} (${fmtDate(c.course.issuedOn)})</dd>` : ''}
${v.step === 'decision' ? voteLine(ctx, v) : ''}
<dt>${t('approval.approver')}</dt><dd>${names.get(v.approverId) || v.approverId}</dd>
<dt>${t('approval.expires')}</dt><dd>${fmtDateTime(v.expiresAt)}</dd>
</dl></section>
${roundBlock(ctx, v, names)}
<section class="card" aria-labelledby="h-docs"><h2 id="h-docs">${t('approval.documents')}</h2>
${v.documents.length ? docs : h`<p>${t('approval.noDocuments')}</p>`}
</section>
${
  v.used
    ? ''
    : h`<section class="card" aria-labelledby="h-decide"><h2 id="h-decide">${L(ctx, 'link.yourAnswerTitle')}</h2>
${errorBox(ctx, o.err)}${gate ?? ''}${form}</section>`
}`;
  return page(ctx, t('approval.title'), body, { status: o.status ?? (o.err ? o.err.status : 200) });
}

/** The ruleset refuses admitting against a failed cell vote (the page then offers no "approve"). */
const ruleForbids = (v: ApprovalLinkView) =>
  v.round?.cellVotePassed === false && v.forbidAgainstCell === true;

const getLink = route({
  method: 'GET',
  path: '/a/{id}',
  kind: 'page',
  roles: 'public',
  summary: 'Approval link: the dossier, the round and the answer form (changes nothing)',
  async handler(ctx) {
    const st = await loadLink(ctx.params.id as string);
    if (st.kind === 'invalid') return plain(ctx, 404, ctx.t('approval.invalid'));
    if (st.kind === 'expired') return plain(ctx, 410, ctx.t('approval.expired'));
    return linkPage(ctx, st.view, { fresh: ctx.c.req.query('done') === '1' });
  },
});

const getDoc = route({
  method: 'GET',
  path: '/a/{id}/documents/{docId}',
  kind: 'page',
  roles: 'public',
  summary: 'Approval link: one document of the dossier as sent, while the link is live',
  async handler(ctx) {
    const st = await loadLink(ctx.params.id as string);
    if (st.kind === 'invalid') return plain(ctx, 404, ctx.t('approval.invalid'));
    if (st.kind === 'expired') return plain(ctx, 410, ctx.t('approval.expired'));
    const v = st.view;
    // used, decided elsewhere or withdrawn: the link no longer opens documents
    if (!v.live) return plain(ctx, 410, L(ctx, 'link.documentsClosed'));
    if (!v.documents.some((d) => d.docId === ctx.params.docId)) throw new HttpError(404, 'not_found');
    const r = await app.presignDownload(approverActor(v), v.candidateId, ctx.params.docId as string);
    return redirect(r.url);
  },
});

/** The answer, as a page form (PRG) or as JSON; only from the link's own member, signed in. */
async function answer(ctx: RouteContext, asJson: boolean): Promise<ApiResult> {
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
  if (!ctx.actor) {
    if (asJson) throw new HttpError(401, 'unauthenticated');
    return plain(
      ctx,
      401,
      L(ctx, 'link.signin'),
      h`<p><a class="button" href="${signInHref(view)}">${L(ctx, 'link.signinButton')}</a></p>`,
    );
  }
  if (ctx.actor.userId !== view.approverId) {
    if (asJson) throw new HttpError(403, 'forbidden');
    const names = await userNames([view.approverId]);
    return plain(
      ctx,
      403,
      L(ctx, 'link.otherUser', {
        who: ctx.actor.userId,
        name: names.get(view.approverId) || view.approverId,
      }),
    );
  }
  const values = ((asJson ? ctx.body : ctx.form) ?? {}) as Record<string, unknown>;
  // a used link says what was recorded and when, whatever the request carries
  if (view.used) {
    if (asJson) throw new HttpError(409, 'link_used');
    return linkPage(ctx, view, { status: 409 });
  }
  try {
    const input = parseWith(S.ApprovalBody, {
      decision: values.decision,
      csrf: values.csrf,
      ...(typeof values.comment === 'string' && values.comment.trim() ? { comment: values.comment } : {}),
      ...(typeof values.decisionNo === 'string' && values.decisionNo.trim()
        ? { decisionNo: values.decisionNo }
        : {}),
      ...(typeof values.decidedOn === 'string' && values.decidedOn.trim()
        ? { decidedOn: dayOf(values.decidedOn) }
        : {}),
    });
    if (!csrfValid(input.csrf, 'approval', csrfSubject(view))) throw new HttpError(403, 'csrf_invalid');
    const r = await app.consumeApprovalLink(
      id,
      {
        decision: input.decision,
        ...(input.comment ? { note: input.comment } : {}),
        ...(input.decisionNo ? { decisionNo: input.decisionNo } : {}),
        ...(input.decidedOn ? { decidedOn: input.decidedOn } : {}),
      },
      { userId: ctx.actor.userId, role: ctx.actor.role, cellIds: ctx.actor.cellIds },
    );
    if (asJson)
      return json(200, {
        recorded: true,
        kind: r.kind,
        outcome: r.outcome ?? null,
        stage: r.candidate.stage,
      });
    return redirect(`/a/${id}?done=1`);
  } catch (e) {
    const err = toHttpError(e, ctx.lang);
    if (asJson || err.status >= 500) throw e;
    const again = await loadLink(id);
    const v = again.kind === 'ok' ? again.view : view;
    if (err.code === 'link_used') return linkPage(ctx, v, { status: 409 });
    if (err.code === 'link_expired') return plain(ctx, 410, ctx.t('approval.expired'));
    return linkPage(ctx, v, { err, values });
  }
}

const postLink = route({
  method: 'POST',
  path: '/a/{id}',
  kind: 'page',
  roles: 'public',
  summary: "Approval link: record the signed-in member's answer (CSRF token required)",
  form: true,
  handler: (ctx) => answer(ctx, false),
});

const postLinkJson = route({
  method: 'POST',
  path: '/api/approvals/{id}',
  kind: 'api',
  roles: 'public',
  summary: "Record the signed-in member's answer through an approval link (CSRF token from the page)",
  tag: 'approvals',
  body: S.ApprovalBody,
  handler: (ctx) => answer(ctx, true),
});

export const approvalPages: AnyRoute[] = [getLink, getDoc, postLink, postLinkJson];
export { raw };
