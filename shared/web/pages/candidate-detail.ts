import * as app from '../../app/index.ts';
import type { CandidateView, DocumentView } from '../../app/types.ts';
import {
  type ChecklistItem,
  checklist,
  inProbation,
  missingBeforeRecognitionVote,
  type RecognitionItem,
  recognitionChecklist,
} from '../checklist.ts';
import { checklistDraftLinks, draftsCard } from '../drafts-links.ts';
import { h, notFound, type Raw, raw } from '../http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../lang.ts';
import '../labels.ts';
import { allowedActions, canSeeCell, SECRETARY_ROLES, scoped, toActor } from '../ops.ts';
import { getCell, listMembers, toDeadlineInfo, userNames } from '../reads.ts';
import type { AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import { scriptTag } from '../static/index.ts';
import { outcomeBanner } from './committee-blocks.ts';
import { field, page, select } from './common.ts';
import { candidateSupportBlock } from './pool.ts';
import { isSuperior } from './step-form.ts';

const _SECRETARY = SECRETARY_ROLES;
const READERS = ['secretary', 'committee', 'admin'] as const;

function docLinks(ctx: AuthedContext, cand: CandidateView, d: DocumentView): Raw {
  const t = ctx.t;
  const base = `/api/candidates/${cand.id}/documents/${d.docId}/download`;
  return h`<a href="${base}?inline=1" target="_blank" rel="noopener">${t('cand.preview')}<span class="sr-only" style="position:absolute;left:-999px"> ${d.fileName}</span></a> · <a href="${base}" download>${t('cand.download')}</a> <span class="muted">${d.fileName} (${Math.ceil(d.size / 1024)} KB)</span>`;
}

/** A checklist table: each form, its status and its newest file. */
function docTable(
  ctx: AuthedContext,
  cand: CandidateView,
  id: string,
  items: (ChecklistItem | RecognitionItem)[],
  canUpload = false,
): Raw {
  const t = ctx.t;
  return h`<div class="table-wrap"><table id="${id}"><thead><tr><th scope="col">${t('cand.form')}</th><th scope="col">${t('cand.status')}</th><th scope="col">${t('cand.file')}</th></tr></thead>
<tbody>${items.map(
    (i) =>
      h`<tr data-form="${i.formCode}"><td><strong>${i.formCode}</strong><br><span class="muted">${i.label[ctx.lang]}</span>${'beforeVote' in i && i.beforeVote ? h`<br><span class="muted">${t('cand.beforeVote')}</span>` : ''}</td><td><span class="status status-${i.status}">${t(`doc.${i.status}`)}</span></td><td>${i.documents[0] ? docLinks(ctx, cand, i.documents[0]) : checklistDraftLinks(cand, i.formCode, true, canUpload, ctx.lang)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The warning of the recognition dossier: what the ruleset needs before the vote and is not uploaded. */
export function missingWarning(ctx: AuthedContext, items: RecognitionItem[]): Raw | '' {
  const missing = missingBeforeRecognitionVote(items);
  return missing.length
    ? h`<div class="warning" role="status" id="recognition-missing">${ctx.t('recognition.missingDocs', { forms: missing.map((i) => i.formCode).join(', ') })}</div>`
    : '';
}

const UPLOAD_SCRIPT = scriptTag('upload.js');

export const detailRoute = route({
  method: 'GET',
  path: '/candidates/{id}',
  kind: 'page',
  roles: READERS,
  summary: "A candidate's page",
  async handler(c) {
    const ctx = c as AuthedContext;
    const t = ctx.t;
    // the candidate, its documents, timeline and deadlines in one read of its partition
    const record = await scoped(() => app.candidateRecord(toActor(ctx.actor), ctx.params.id as string));
    if (!canSeeCell(ctx.actor, record.candidate.cellId)) throw notFound();
    const { candidate: cand, documents: docs, events } = record;
    const deadlines = record.deadlines.map((d) => toDeadlineInfo(cand.id, d));
    const canUpload = allowedActions(cand, ctx.actor.role).includes('upload');
    const [cell, allMembers] = await Promise.all([
      getCell(cand.cellId),
      // the 3-KNĐ letters come from the candidate's introducers, named on the candidate since referral;
      // the cell's members are read only for a candidate referred before the names were kept
      canUpload && !cand.introducers ? listMembers(cand.cellId) : Promise.resolve([]),
    ]);
    const introducers =
      cand.introducers ??
      allMembers
        .filter((m) => cand.introduction.introducerMemberIds.includes(m.memberId))
        .map((m) => ({ memberId: m.memberId, fullName: m.fullName }));
    const names = await userNames(events.map((e) => e.actorId));
    const today = todayVn();
    const items = checklist(cand, docs, today);
    // after the ceremony the recognition dossier is the one open; the admission dossier stays listed below it
    const probation = inProbation(cand);
    const recItems = probation || cand.stage === 'OFFICIAL' ? recognitionChecklist(cand, docs) : [];
    const uploadItems = probation ? recItems : items;
    const actions = allowedActions(cand, ctx.actor.role);
    const actionLinks = actions.filter((a) => a !== 'upload');
    const open = deadlines.filter((d) => d.status === 'open');
    const actionLabel: Record<string, string> = {
      course: t('course.title'),
      dossier: t('submit.title'),
      vote: t('vote.title'),
      decision: isSuperior(cand) ? t('superior.title') : t('decision.title'),
      appraisal: t('appraisal.title'),
      ceremony: t('ceremony.title'),
      biography: t('biography.title'),
      'new-member-course': t('newMemberCourse.title'),
      'probation-end': t('probationEnd.title'),
      recognition: t('recognition.title'),
      withdraw: inProbation(cand) ? t('withdraw.removeName') : t('withdraw.title'),
    };
    const support = await candidateSupportBlock(ctx, cand.id, cand.cellId);
    const banner = await outcomeBanner(ctx, cand);
    const body = h`${banner}
<section class="card" aria-labelledby="h-details"><h2 id="h-details">${t('cand.details')}</h2>
<dl>
<dt>${t('list.name')}</dt><dd id="cand-name">${cand.fullName}</dd>
<dt>${t('list.dob')}</dt><dd>${fmtDate(cand.birthDate)}</dd>
<dt>${t('cand.cell')}</dt><dd>${cell?.name ?? cand.cellId}</dd>
<dt>${t('cand.stage')}</dt><dd><strong id="cand-stage" data-stage="${cand.stage}">${t.dyn(`stage.${cand.stage}`, cand.stage)}</strong> <span class="muted">(${fmtDate(cand.stageSince)})</span></dd>
${cand.waitingFor ? h`<dt>${t('cand.pending')}</dt><dd>${t.dyn(`step.${cand.waitingFor}`, cand.waitingFor)}</dd>` : ''}
<dt>${t('cand.referredOn')}</dt><dd>${fmtDate(cand.referredOn)}</dd>
${cand.cellVote ? h`<dt>${t('vote.title')}</dt><dd>${cand.cellVote.yes}/${cand.cellVote.denominator} (${fmtDate(cand.cellVote.meetingOn)})</dd>` : ''}
${cand.ceremonyOn ? h`<dt>${t('cand.ceremonyOn')}</dt><dd>${fmtDate(cand.ceremonyOn)}</dd>` : ''}
${cand.probationEndsOn ? h`<dt>${t('cand.probationEndsOn')}</dt><dd>${fmtDate(cand.probationEndsOn)}</dd>` : ''}
${cand.officialOn ? h`<dt>${t('cand.officialOn')}</dt><dd>${fmtDate(cand.officialOn)}</dd>` : ''}
</dl>
${cand.findings?.length ? h`<div class="errors" role="status"><ul>${cand.findings.map((f) => h`<li>${f.formCode ? `${f.formCode}: ` : ''}${f.message[ctx.lang]}</li>`)}</ul></div>` : ''}
</section>
${draftsCard(cand, ctx.lang)}
<section class="card" aria-labelledby="h-actions"><h2 id="h-actions">${t('cand.actions')}</h2>
${cand.stage === 'PROBATION' && cand.probationEndsOn && today < cand.probationEndsOn ? h`<p id="probation-note">${t('probationEnd.notYet', { date: fmtDate(cand.probationEndsOn) })}</p>` : ''}
${actionLinks.length ? h`<ul>${actionLinks.map((a) => h`<li><a href="/candidates/${cand.id}/${a}">${actionLabel[a]}</a></li>`)}</ul>` : h`<p>${t('cand.noActions')}</p>`}
<p><a href="/api/candidates/${cand.id}/dossier.zip">${t('cand.exportZip')}</a></p>
</section>
<section class="card" aria-labelledby="h-checklist"><h2 id="h-checklist">${t('cand.checklist')}</h2>
${
  recItems.length
    ? h`<h3 id="h-recognition">${t('cand.recognitionDossier')}</h3>
${probation && cand.stage !== 'AWAITING_SUPERIOR' ? missingWarning(ctx, recItems) : ''}
${docTable(ctx, cand, 'recognition-checklist', recItems, canUpload)}
<h3 id="h-admission">${t('cand.admissionDossier')}</h3>`
    : ''
}
${docTable(ctx, cand, 'admission-checklist', items, canUpload && !probation)}
${
  actions.includes('upload')
    ? h`<h3>${t('upload.title')}</h3>
<form id="upload-form" data-candidate="${cand.id}" data-done="${t('upload.done')}" data-failed="${t('upload.failed')}">
${select(
  'formCode',
  t('upload.form'),
  uploadItems.map((i) => ({ value: i.formCode, label: `${i.formCode} — ${i.label[ctx.lang]}` })),
  // a checklist line's "upload the signed copy" link names its form (?form=6-KNĐ)
  uploadItems.find((i) => i.formCode === ctx.event.queryStringParameters?.form)?.formCode ??
    uploadItems.find((i) => i.status === 'missing')?.formCode,
)}
${field('signedOn', t('upload.signedOn'), { type: 'date', value: today, max: today })}
${
  probation
    ? ''
    : h`${select('introducerMemberId', t('upload.introducer'), [{ value: '', label: '—' }, ...introducers.map((m) => ({ value: m.memberId, label: m.fullName }))])}
${field('verifiedOn', t('upload.verifiedOn'), { type: 'date', max: today })}`
}
<label for="f-file">${t('upload.file')}</label><input id="f-file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" required>
<label for="upload-bar">${t('upload.progress')}</label><progress id="upload-bar" max="100" value="0" hidden></progress>
<p id="upload-status" role="status" aria-live="polite"></p>
<button type="submit">${t('upload.submit')}</button></form>`
    : ''
}
</section>
${support}
<section class="card" aria-labelledby="h-deadlines"><h2 id="h-deadlines">${t('cand.deadlines')}</h2>
${open.length ? h`<ul>${open.map((d) => h`<li${raw(d.dueOn < today ? ' class="overdue"' : '')}>${t.dyn(`deadline.${d.kind}`, d.kind)}: ${fmtDate(d.dueOn)}${d.dueOn < today ? ` (${t('home.overdue')})` : ''}</li>`)}</ul>` : h`<p>${t('cand.noDeadlines')}</p>`}
</section>
<section class="card" aria-labelledby="h-timeline"><h2 id="h-timeline">${t('cand.timeline')}</h2>
${
  events.length
    ? h`<ol id="timeline">${events.map(
        (e) =>
          h`<li><time datetime="${e.at}">${fmtDateTime(e.at)}</time> — ${t.dyn(`event.${e.type}`, e.type)}${e.stageTo ? h` → ${t.dyn(`stage.${e.stageTo}`, e.stageTo)}` : ''} <span class="muted">(${names.get(e.actorId) || e.actorId})</span></li>`,
      )}</ol>`
    : h`<p>${t('cand.noEvents')}</p>`
}
</section>`;
    return page(ctx, cand.fullName, body, { scripts: actions.includes('upload') ? UPLOAD_SCRIPT : raw('') });
  },
});
