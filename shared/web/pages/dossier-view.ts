// The dossier on a candidate's page: the checklist (every file of a form, its date, which one counts, the
// withdrawn ones), the upload form, and the withdrawal of a wrongly filed document (a confirmation page, then a
// POST with CSRF).
import * as z from 'zod';
import * as app from '../../app/index.ts';
import type { AuditEvent, CandidateView, DocumentView } from '../../app/types.ts';
import { type ChecklistItem, missingBeforeRecognitionVote, type RecognitionItem } from '../checklist.ts';
import { checklistDraftLinks } from '../drafts-links.ts';
import { h, notFound, type Raw } from '../http.ts';
import { fmtDate, fmtDateTime } from '../lang.ts';
import { loadCandidate, SECRETARY_ROLES, scoped, toActor } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { csrfField, errorBox, field, formRoutes, select } from './common.ts';

/** When the candidate last moved to another stage: a document uploaded before it can no longer be withdrawn. */
export const lastMoveAt = (events: AuditEvent[]): string =>
  events
    .filter((e) => e.stageTo && e.stageTo !== e.stageFrom)
    .map((e) => e.at)
    .sort()
    .at(-1) ?? '';

function fileLine(
  ctx: AuthedContext,
  cand: CandidateView,
  d: DocumentView,
  o: { counts: boolean; canWithdraw: boolean; names: Map<string, string> },
): Raw {
  const t = ctx.t;
  const base = `/api/candidates/${cand.id}/documents/${d.docId}/download`;
  const dates = [
    d.signedOn ? t('doc.signedOn', { date: fmtDate(d.signedOn) }) : '',
    t('doc.uploadedOn', { date: fmtDateTime(d.uploadedAt) }),
  ]
    .filter(Boolean)
    .join(', ');
  if (d.withdrawn) {
    const by = o.names.get(d.withdrawn.by) ?? '';
    return h`<li class="doc-withdrawn" data-doc="${d.docId}"><s>${d.fileName}</s> <span class="muted">(${dates}) — ${t('doc.withdrawnBy', { at: fmtDateTime(d.withdrawn.at), by })}</span></li>`;
  }
  return h`<li data-doc="${d.docId}"${o.counts ? h` class="doc-counts"` : ''}>${o.counts ? h`<strong class="badge">${t('doc.counts')}</strong> ` : ''}<span class="file-name">${d.fileName}</span> <span class="muted">(${dates}, ${Math.ceil(d.size / 1024)} KB)</span><br>
<a href="${base}?inline=1" target="_blank" rel="noopener">${t('cand.preview')}<span class="sr-only"> ${d.fileName}</span></a> · <a href="${base}" download>${t('cand.download')}<span class="sr-only"> ${d.fileName}</span></a>${
    o.canWithdraw
      ? h` · <a class="no-print" href="/candidates/${cand.id}/documents/${d.docId}/withdraw">${t('doc.withdraw')}<span class="sr-only"> ${d.fileName}</span></a>`
      : ''
  }</li>`;
}

/** A checklist table: one line per form (per introducer for the letters), every file with its dates. */
export function docTable(
  ctx: AuthedContext,
  cand: CandidateView,
  id: string,
  items: (ChecklistItem | RecognitionItem)[],
  o: { withdrawable: (d: DocumentView) => boolean; names: Map<string, string>; drafts?: boolean },
): Raw {
  const t = ctx.t;
  return h`<div class="table-wrap"><table id="${id}" class="checklist"><thead><tr><th scope="col">${t('cand.form')}</th><th scope="col">${t('cand.status')}</th><th scope="col">${t('cand.file')}</th></tr></thead>
<tbody>${items.map((i) => {
    const status =
      i.status === 'later' && i.producedBy ? t(`doc.later.${i.producedBy}`) : t(`doc.${i.status}`);
    return h`<tr data-form="${i.formCode}"${i.introducer ? h` data-introducer="${i.introducer.memberId}"` : ''}><td><strong>${i.formCode}</strong><br><span class="muted">${i.label[ctx.lang]}${i.introducer ? h` ${t('doc.introducerOf', { name: i.introducer.fullName })}` : ''}</span>${'beforeVote' in i && i.beforeVote ? h`<br><span class="muted">${t('cand.beforeVote')}</span>` : ''}</td><td><span class="status status-${i.status}">${status}</span></td><td>${
      i.documents.length
        ? h`<ul class="files">${i.documents.map((d) =>
            fileLine(ctx, cand, d, {
              counts: d === i.counts,
              canWithdraw: o.withdrawable(d),
              names: o.names,
            }),
          )}</ul>`
        : h`<span class="muted">${t('doc.noFile')}</span> ${checklistDraftLinks(cand, i.formCode, true, o.drafts === true, ctx.lang)}`
    }</td></tr>`;
  })}</tbody></table></div>`;
}

/** The warning of the recognition dossier: what the ruleset needs before the vote and is not uploaded. */
export function missingWarning(ctx: AuthedContext, items: RecognitionItem[]): Raw | '' {
  const missing = missingBeforeRecognitionVote(items);
  return missing.length
    ? h`<div class="warning" role="status" id="recognition-missing">${ctx.t('recognition.missingDocs', { forms: missing.map((i) => i.formCode).join(', ') })}</div>`
    : '';
}

/** The documents a past step produced and nobody has uploaded yet (6-KNĐ after the vote, 9-KNĐ after the decision). */
export function missingProduced(ctx: AuthedContext, items: ChecklistItem[]): Raw | '' {
  const due = items.filter((i) => i.producedBy && i.status === 'missing');
  return due.length
    ? h`<div class="warning" role="status" id="next-docs"><p>${ctx.t('cand.nextDocs')}</p><ul>${due.map((i) => h`<li><strong>${i.formCode}</strong> — ${i.label[ctx.lang]}</li>`)}</ul><p>${ctx.t('cand.nextDocsHint')}</p></div>`
    : '';
}

/** The upload form (the script sends the file straight to the bucket and confirms it). */
export function uploadForm(
  ctx: AuthedContext,
  cand: CandidateView,
  o: {
    items: ChecklistItem[];
    introducers: { memberId: string; fullName: string }[];
    probation: boolean;
    today: string;
    preselect?: string | undefined;
  },
): Raw {
  const t = ctx.t;
  // one option per form (the letters share theirs: the introducer is chosen below)
  const options: { value: string; label: string }[] = [];
  for (const i of o.items) {
    if (!options.some((x) => x.value === i.formCode))
      options.push({ value: i.formCode, label: `${i.formCode} — ${i.label[ctx.lang]}` });
  }
  const letters = o.items.some((i) => i.formCode === '3-KNĐ');
  const firstMissing = o.items.find((i) => i.status === 'missing');
  return h`<h3 id="h-upload" class="no-print">${t('upload.title')}</h3>
${o.probation ? h`<p class="muted no-print">${t('upload.lateNote')}</p>` : ''}
<form id="upload-form" class="no-print" data-candidate="${cand.id}" data-done="${t('upload.done')}" data-failed="${t('upload.failed')}" data-busy="${t('upload.busy')}" data-fake="${t.template('upload.fakeFile')}">
${select('formCode', t('upload.form'), options, options.find((x) => x.value === o.preselect)?.value ?? firstMissing?.formCode)}
${field('signedOn', t('upload.signedOn'), { type: 'date', value: o.today, max: o.today })}
${
  letters
    ? h`${select(
        'introducerMemberId',
        t('upload.introducer'),
        [{ value: '', label: '—' }, ...o.introducers.map((m) => ({ value: m.memberId, label: m.fullName }))],
        firstMissing?.introducer?.memberId,
      )}<p class="hint muted">${t('upload.introducerHint')}</p>`
    : ''
}
${o.probation ? '' : field('verifiedOn', t('upload.verifiedOn'), { type: 'date', max: o.today })}
<label for="f-file">${t('upload.file')}</label><input id="f-file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" required>
<label for="upload-bar">${t('upload.progress')}</label><progress id="upload-bar" max="100" value="0" hidden></progress>
<p id="upload-status" role="status" aria-live="polite"></p>
<button type="submit">${t('upload.submit')}</button></form>`;
}

type Loaded = { cand: CandidateView; doc: DocumentView };
const Empty = z.object({});

/** Withdraw a wrongly filed document: a page that says what happens, then the POST. */
export const withdrawDocRoutes: AnyRoute[] = formRoutes<z.infer<typeof Empty>>({
  path: '/candidates/{id}/documents/{docId}/withdraw',
  roles: SECRETARY_ROLES,
  summary: 'Form: withdraw a wrongly filed document',
  schema: Empty,
  async load(ctx) {
    const cand = await loadCandidate(ctx.actor, ctx.params.id as string);
    const docs = await scoped(() => app.listDocuments(toActor(ctx.actor), cand.id));
    const doc = docs.find((d) => d.docId === ctx.params.docId);
    if (!doc) throw notFound();
    return { cand, doc } satisfies Loaded;
  },
  async render(ctx, data, _v, err) {
    const { cand, doc } = data as Loaded;
    const t = ctx.t;
    return {
      title: t('withdrawDoc.title'),
      body: h`<p><a href="/candidates/${cand.id}">${cand.fullName}</a></p>${errorBox(ctx, err)}
<form method="post" class="card">${csrfField(ctx)}
<p>${t('withdrawDoc.note', { form: doc.formCode, file: doc.fileName })}</p>
<div><button type="submit">${t('withdrawDoc.submit')}</button> <a href="/candidates/${cand.id}">${t('form.cancel')}</a></div></form>`,
    };
  },
  toInput: () => ({}),
  async submit(ctx, _input, data) {
    const { cand, doc } = data as Loaded;
    await scoped(() => app.withdrawDocument(toActor(ctx.actor), cand.id, doc.docId));
    return `/candidates/${cand.id}#h-checklist`;
  },
});
