import { getCell, listMembers, toDeadlineInfo, userNames } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { DocumentView } from '../../app/types.ts';
import { deadlineLabel } from '../../i18n/index.ts';
import { checklist, inProbation, introducersOf, recognitionChecklist } from '../checklist.ts';
import { draftsCard } from '../drafts-links.ts';
import { h, notFound, raw } from '../http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../lang.ts';
import { allowedActions, canSeeCell, SECRETARY_ROLES, scoped, toActor } from '../ops.ts';
import type { AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import { scriptTag } from '../static/index.ts';
import { timelineLines } from '../timeline.ts';
import { outcomeBanner } from './committee-blocks.ts';
import { page } from './common.ts';
import { docTable, lastMoveAt, missingProduced, missingWarning, uploadForm } from './dossier-view.ts';
import { candidateSupportBlock } from './pool.ts';
import { isSuperior } from './step-form.ts';

const _SECRETARY = SECRETARY_ROLES;
const READERS = ['secretary', 'committee', 'admin'] as const;

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
      (allMembers.length
        ? allMembers
            .filter((m) => cand.introduction.introducerMemberIds.includes(m.memberId))
            .map((m) => ({ memberId: m.memberId, fullName: m.fullName }))
        : introducersOf(cand));
    const named = { ...cand, introducers };
    const withdrawnBy = docs.flatMap((d) => (d.withdrawn ? [d.withdrawn.by] : []));
    const names = await userNames([...events.map((e) => e.actorId), ...withdrawnBy]);
    const today = todayVn();
    const items = checklist(named, docs, today);
    // after the ceremony the recognition dossier is the one open; the admission dossier stays listed below it,
    // and what it still lacks can be added
    const probation = inProbation(cand);
    const recItems = probation || cand.stage === 'OFFICIAL' ? recognitionChecklist(cand, docs) : [];
    const uploadItems = probation ? [...recItems, ...items.filter((i) => i.status === 'missing')] : items;
    const actions = allowedActions(cand, ctx.actor.role);
    const actionLinks = actions.filter((a) => a !== 'upload');
    const open = deadlines.filter((d) => d.status === 'open');
    const movedAt = lastMoveAt(events);
    const view = {
      names,
      withdrawable: (d: DocumentView) => canUpload && !d.withdrawn && d.uploadedAt >= movedAt,
    };
    const support = await candidateSupportBlock(ctx, cand.id, cand.cellId);
    const actionLabel: Record<string, string> = {
      course: t('action.course'),
      dossier: t('action.dossier'),
      vote: t('action.vote'),
      decision: isSuperior(cand) ? t('action.superior') : t('action.decision'),
      appraisal: t('action.appraisal'),
      ceremony: t('action.ceremony'),
      biography: t('action.biography'),
      'new-member-course': t('action.newMemberCourse'),
      'probation-end': t('action.probationEnd'),
      recognition: t('action.recognition'),
      withdraw: inProbation(cand) ? t('action.removeName') : t('action.withdraw'),
    };
    const lines = timelineLines(t, events, names);
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
${cand.cellVote ? h`<dt>${t('vote.title')}</dt><dd>${cand.cellVote.yes}/${cand.cellVote.denominator} (${fmtDate(cand.cellVote.meetingOn)}${cand.cellVote.meetingMode === 'online' ? ` · ${t('vote.meetingMode.online')}` : ''})</dd>` : ''}
${cand.ceremonyOn ? h`<dt>${t('cand.ceremonyOn')}</dt><dd>${fmtDate(cand.ceremonyOn)}</dd>` : ''}
${cand.probationEndsOn ? h`<dt>${t('cand.probationEndsOn')}</dt><dd>${fmtDate(cand.probationEndsOn)}</dd>` : ''}
${cand.officialOn ? h`<dt>${t('cand.officialOn')}</dt><dd>${fmtDate(cand.officialOn)}</dd>` : ''}
</dl>
${cand.findings?.length ? h`<div class="errors" role="status"><ul>${cand.findings.map((f) => h`<li>${f.formCode ? `${f.formCode}: ` : ''}${f.message[ctx.lang]}</li>`)}</ul></div>` : ''}
</section>
${draftsCard(cand, ctx.lang)}
<section class="card no-print" aria-labelledby="h-actions"><h2 id="h-actions">${t('cand.actions')}</h2>
${cand.stage === 'PROBATION' && cand.probationEndsOn && today < cand.probationEndsOn ? h`<p id="probation-note">${t('probationEnd.notYet', { date: fmtDate(cand.probationEndsOn) })}</p>` : ''}
${canUpload ? missingProduced(ctx, items) : ''}
${actionLinks.length ? h`<ul id="actions">${actionLinks.map((a) => h`<li><a href="/candidates/${cand.id}/${a}">${actionLabel[a]}</a></li>`)}</ul>` : h`<p>${t('cand.noActions')}</p>`}
<p><a href="/api/candidates/${cand.id}/dossier.zip">${t('cand.exportZip')}</a></p>
</section>
<section class="card" aria-labelledby="h-checklist"><h2 id="h-checklist">${t('cand.checklist')}</h2>
${
  recItems.length
    ? h`<h3 id="h-recognition">${t('cand.recognitionDossier')}</h3>
${probation && cand.stage !== 'AWAITING_SUPERIOR' ? missingWarning(ctx, recItems) : ''}
${docTable(ctx, cand, 'recognition-checklist', recItems, { ...view, drafts: canUpload })}
<h3 id="h-admission">${t('cand.admissionDossier')}</h3>`
    : ''
}
${docTable(ctx, cand, 'admission-checklist', items, { ...view, drafts: canUpload && !probation })}
${
  canUpload
    ? uploadForm(ctx, cand, {
        items: uploadItems,
        introducers,
        probation,
        today,
        // a checklist line's "upload the signed copy" link names its form (?form=6-KNĐ)
        preselect: ctx.c.req.query('form'),
      })
    : ''
}
</section>
${support}
<section class="card" aria-labelledby="h-deadlines"><h2 id="h-deadlines">${t('cand.deadlines')}</h2>
${open.length ? h`<ul>${open.map((d) => h`<li${raw(d.dueOn < today ? ' class="overdue"' : '')}>${deadlineLabel(t.lang, d.kind)}: ${fmtDate(d.dueOn)}${d.dueOn < today ? ` (${t('home.overdue')})` : ''}</li>`)}</ul>` : h`<p>${t('cand.noDeadlines')}</p>`}
</section>
<section class="card no-print" aria-labelledby="h-timeline"><h2 id="h-timeline">${t('cand.timeline')}</h2>
${
  lines.length
    ? h`<ol id="timeline">${lines.map(
        (l) =>
          h`<li><time datetime="${l.at}">${fmtDateTime(l.at)}</time> — ${l.what}${l.about ? h` (${l.about})` : ''}${l.stageTo ? h` → ${l.stageTo}` : ''} <span class="muted">(${l.who})</span></li>`,
      )}</ol>`
    : h`<p>${t('cand.noEvents')}</p>`
}
</section>`;
    return page(ctx, cand.fullName, body, { scripts: actions.includes('upload') ? UPLOAD_SCRIPT : raw('') });
  },
});
