// Secretary's pages: the candidate list, a candidate's page, and the forms of the human steps.
import type * as z from 'zod';
import * as app from '../../app/index.ts';
import { ProbationEndInput } from '../../app/schemas.ts';
import type { CandidateView, DocumentView, VoteRecord } from '../../app/types.ts';
import { rulesetById } from '../../domain/ruleset.ts';
import {
  type ChecklistItem,
  checklist,
  inProbation,
  missingBeforeRecognitionVote,
  type RecognitionItem,
  recognitionChecklist,
} from '../checklist.ts';
import { h, notFound, type Raw, raw } from '../http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../lang.ts';
import '../labels.ts';
import {
  allowedActions,
  COMMITTEE_ROLES,
  canSeeCell,
  cellCandidates,
  loadCandidate,
  pickCell,
  SECRETARY_ROLES,
  STAGE_LIST,
  scoped,
  toActor,
} from '../ops.ts';
import { candidateDeadlines, getCell, getCells, listMembers, toDeadlineInfo, userNames } from '../reads.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import * as S from '../schemas.ts';
import type { StringKey } from '../strings.ts';
import {
  csrfField,
  dayOf,
  errorBox,
  type FormValues,
  field,
  formRoutes,
  intOf,
  optStr,
  page,
  radios,
  select,
  val,
} from './common.ts';

const SECRETARY = SECRETARY_ROLES;
const READERS = ['secretary', 'committee', 'admin'] as const;

export function stageBadge(ctx: AuthedContext, stage: string): Raw {
  return h`<span class="stage">${ctx.t.dyn(`stage.${stage}`, stage)}</span>`;
}

function candidateTable(ctx: AuthedContext, items: CandidateView[]): Raw {
  const t = ctx.t;
  if (items.length === 0) return h`<p>${t('list.empty')}</p>`;
  return h`<div class="table-wrap"><table><caption class="muted" style="text-align:left">${items.length} · ${t('home.total')}</caption>
<thead><tr><th scope="col">${t('list.name')}</th><th scope="col">${t('list.dob')}</th><th scope="col">${t('list.stage')}</th><th scope="col">${t('list.updated')}</th></tr></thead>
<tbody>${items.map(
    (c) =>
      h`<tr><td><a href="/candidates/${c.id}">${c.fullName}</a></td><td>${fmtDate(c.birthDate)}</td><td>${stageBadge(ctx, c.stage)}</td><td>${fmtDate(c.stageSince)}</td></tr>`,
  )}</tbody></table></div>`;
}

const listRoute = route<unknown, z.infer<typeof S.ListQuery>>({
  method: 'GET',
  path: '/candidates',
  kind: 'page',
  roles: READERS,
  summary: 'Candidate list',
  query: S.ListQuery,
  async handler(c) {
    const ctx = c as AuthedContext<unknown, z.infer<typeof S.ListQuery>>;
    const t = ctx.t;
    const cellId = pickCell(ctx.actor, ctx.query.cellId);
    const [items, cells] = await Promise.all([
      cellCandidates(ctx.actor, cellId, { stage: ctx.query.stage, q: ctx.query.q }),
      getCells(ctx.actor.cellIds),
    ]);
    items.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    const body = h`<form method="get" action="/candidates" role="search" class="card">
${
  cells.length > 1
    ? select(
        'cellId',
        t('home.cell'),
        cells.map((x) => ({ value: x.cellId, label: x.name })),
        cellId,
      )
    : h`<input type="hidden" name="cellId" value="${cellId}">`
}
${field('q', t('list.search'), { type: 'search', value: ctx.query.q })}
${select('stage', t('list.stage'), [{ value: '', label: t('list.allStages') }, ...STAGE_LIST.map((s) => ({ value: s, label: t.dyn(`stage.${s}`) }))], ctx.query.stage)}
<button type="submit">${t('list.filter')}</button></form>
<section aria-label="${t('list.title')}">${candidateTable(ctx, items)}</section>`;
    return page(ctx, t('list.title'), body);
  },
});

function docLinks(ctx: AuthedContext, cand: CandidateView, d: DocumentView): Raw {
  const t = ctx.t;
  const base = `/api/candidates/${cand.id}/documents/${d.docId}/download`;
  return h`<a href="${base}" target="_blank" rel="noopener">${t('cand.preview')}<span class="sr-only" style="position:absolute;left:-999px"> ${d.fileName}</span></a> · <a href="${base}" download>${t('cand.download')}</a> <span class="muted">${d.fileName} (${Math.ceil(d.size / 1024)} KB)</span>`;
}

/** A checklist table: each form, its status and its newest file. */
function docTable(
  ctx: AuthedContext,
  cand: CandidateView,
  id: string,
  items: (ChecklistItem | RecognitionItem)[],
): Raw {
  const t = ctx.t;
  return h`<div class="table-wrap"><table id="${id}"><thead><tr><th scope="col">${t('cand.form')}</th><th scope="col">${t('cand.status')}</th><th scope="col">${t('cand.file')}</th></tr></thead>
<tbody>${items.map(
    (i) =>
      h`<tr data-form="${i.formCode}"><td><strong>${i.formCode}</strong><br><span class="muted">${i.label[ctx.lang]}</span>${'beforeVote' in i && i.beforeVote ? h`<br><span class="muted">${t('cand.beforeVote')}</span>` : ''}</td><td><span class="status status-${i.status}">${t(`doc.${i.status}`)}</span></td><td>${i.documents[0] ? docLinks(ctx, cand, i.documents[0]) : ''}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The warning of the recognition dossier: what the ruleset needs before the vote and is not uploaded. */
function missingWarning(ctx: AuthedContext, items: RecognitionItem[]): Raw | '' {
  const missing = missingBeforeRecognitionVote(items);
  return missing.length
    ? h`<div class="warning" role="status" id="recognition-missing">${ctx.t('recognition.missingDocs', { forms: missing.map((i) => i.formCode).join(', ') })}</div>`
    : '';
}

const UPLOAD_SCRIPT = raw(`<script>
(function(){
  var form=document.getElementById('upload-form'); if(!form) return;
  var bar=document.getElementById('upload-bar'), out=document.getElementById('upload-status');
  window.__uploadProgress=[];
  function meta(file){
    var m={formCode:form.formCode.value,fileName:file.name,contentType:file.type||'application/octet-stream',size:file.size};
    ['signedOn','verifiedOn','introducerMemberId'].forEach(function(k){ if(form[k]&&form[k].value) m[k]=form[k].value; });
    return m;
  }
  form.addEventListener('submit', function(ev){
    ev.preventDefault();
    var file=form.file.files[0]; if(!file){ out.textContent=form.dataset.failed; return; }
    var cid=form.dataset.candidate;
    bar.value=0; bar.hidden=false; out.textContent='';
    fetch('/api/candidates/'+cid+'/uploads',{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',
      body:JSON.stringify(meta(file))})
    .then(function(r){return r.json().then(function(b){ if(!r.ok) throw new Error(b.error&&b.error.message||form.dataset.failed); return b;});})
    .then(function(p){
      return new Promise(function(resolve,reject){
        var fd=new FormData(); Object.keys(p.fields).forEach(function(k){fd.append(k,p.fields[k]);}); fd.append('file',file);
        var x=new XMLHttpRequest(); x.open('POST',p.url);
        x.upload.onprogress=function(e){ if(e.lengthComputable){ var v=Math.round(e.loaded*100/e.total); bar.value=v; bar.setAttribute('aria-valuenow',v); window.__uploadProgress.push(v);} };
        x.onload=function(){ if(x.status>=200&&x.status<300){ bar.value=100; resolve(p);} else reject(new Error(form.dataset.failed)); };
        x.onerror=function(){ reject(new Error(form.dataset.failed)); };
        x.send(fd);
      });
    })
    .then(function(p){ return fetch('/api/candidates/'+cid+'/uploads/'+encodeURIComponent(p.docId)+'/confirm',{method:'POST',credentials:'same-origin'})
      .then(function(r){return r.json().then(function(b){ if(!r.ok) throw new Error(b.error&&b.error.message||form.dataset.failed); return b;});}); })
    .then(function(){ out.textContent=form.dataset.done; setTimeout(function(){ location.reload(); }, 400); })
    .catch(function(e){ out.textContent=e.message; });
  });
})();
</script>`);

const detailRoute = route({
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
    const body = h`
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
${docTable(ctx, cand, 'recognition-checklist', recItems)}
<h3 id="h-admission">${t('cand.admissionDossier')}</h3>`
    : ''
}
${docTable(ctx, cand, 'admission-checklist', items)}
${
  actions.includes('upload')
    ? h`<h3>${t('upload.title')}</h3>
<form id="upload-form" data-candidate="${cand.id}" data-done="${t('upload.done')}" data-failed="${t('upload.failed')}">
${select(
  'formCode',
  t('upload.form'),
  uploadItems.map((i) => ({ value: i.formCode, label: `${i.formCode} — ${i.label[ctx.lang]}` })),
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

// ---- forms ------------------------------------------------------------------------------------------------------

const back = (ctx: AuthedContext, id: string) => h`<a href="/candidates/${id}">${ctx.t('form.cancel')}</a>`;

function stepForm<I>(o: {
  action: string;
  titleKey: StringKey | ((cand: CandidateView) => StringKey);
  schema: z.ZodType<I>;
  fields: (ctx: AuthedContext, cand: CandidateView, v: FormValues, extra: unknown) => Raw | Promise<Raw>;
  toInput: (v: FormValues, cand: CandidateView, extra: unknown) => unknown;
  call: (ctx: AuthedContext, id: string, input: I) => Promise<unknown>;
  extra?: (cand: CandidateView) => Promise<unknown>;
  scripts?: Raw;
  roles?: readonly ('secretary' | 'committee' | 'admin')[];
  /** the submit button's label (default: Save) */
  submitKey?: StringKey;
}): AnyRoute[] {
  return formRoutes<I>({
    path: `/candidates/{id}/${o.action}`,
    roles: o.roles ?? SECRETARY,
    summary: `Form: ${o.action}`,
    schema: o.schema,
    async load(ctx) {
      const cand = await loadCandidate(ctx.actor, ctx.params.id as string);
      return { cand, extra: o.extra ? await o.extra(cand) : undefined };
    },
    async render(ctx, data, values, err) {
      const { cand, extra } = data as { cand: CandidateView; extra: unknown };
      const title = ctx.t(typeof o.titleKey === 'function' ? o.titleKey(cand) : o.titleKey);
      return {
        title,
        body: h`<p><a href="/candidates/${cand.id}">${cand.fullName}</a> · ${ctx.t.dyn(`stage.${cand.stage}`)}</p>
${errorBox(ctx, err)}
<form method="post" class="card" novalidate>${csrfField(ctx)}
<input type="hidden" name="expectedVersion" value="${cand.version}">
${await o.fields(ctx, cand, values, extra)}
<div><button type="submit">${ctx.t(o.submitKey ?? 'form.save')}</button> ${back(ctx, cand.id)}</div></form>`,
        ...(o.scripts ? { scripts: o.scripts } : {}),
      };
    },
    toInput(values, _ctx, data) {
      const { cand, extra } = data as { cand: CandidateView; extra: unknown };
      const input = o.toInput(values, cand, extra) as Record<string, unknown>;
      const ev = intOf(val(values, 'expectedVersion'));
      return typeof ev === 'number' ? { ...input, expectedVersion: ev } : input;
    },
    async submit(ctx, input) {
      const id = ctx.params.id as string;
      await scoped(() => o.call(ctx, id, input));
      return `/candidates/${id}`;
    },
  });
}

const today = () => todayVn();

const courseForm = stepForm({
  action: 'course',
  titleKey: 'course.title',
  schema: S.CertificateBody,
  fields: (
    ctx,
    _c,
    v,
  ) => h`${field('certificateNo', ctx.t('course.certificateNo'), { required: true, value: val(v, 'certificateNo') })}
${field('issuedOn', ctx.t('course.issuedOn'), { type: 'date', required: true, value: val(v, 'issuedOn') ?? today(), max: today() })}
${field('issuer', ctx.t('course.issuer'), { value: val(v, 'issuer') })}`,
  toInput: (v) => ({
    certificateNo: val(v, 'certificateNo') ?? '',
    issuedOn: dayOf(val(v, 'issuedOn')),
    issuer: optStr(val(v, 'issuer')),
  }),
  call: (ctx, id, input) => app.recordCourseCertificate(toActor(ctx.actor), id, input),
});

const dossierForm = stepForm({
  action: 'dossier',
  titleKey: 'submit.title',
  schema: S.DossierBody,
  fields: (ctx, _c, v) =>
    h`<p>${ctx.t('submit.note')}</p>${field('submittedOn', ctx.t('decision.date'), { type: 'date', required: true, value: val(v, 'submittedOn') ?? today() })}`,
  toInput: (v) => ({ submittedOn: dayOf(val(v, 'submittedOn')) }),
  async call(ctx, id, input) {
    const r = await app.submitDossier(toActor(ctx.actor), id, input);
    if (!r.accepted) {
      const { AppError } = await import('../../app/types.ts');
      throw new AppError(
        'BLOCKED',
        {
          vi: r.findings.map((f) => f.message.vi).join(' '),
          en: r.findings.map((f) => f.message.en).join(' '),
        },
        { issues: r.findings.map((f) => ({ path: f.formCode ?? '', message: f.message })) },
      );
    }
    return r;
  },
});

const VOTE_SCRIPT = raw(`<script>
(function(){
  var box=document.getElementById('vote-form-fields'); if(!box) return;
  var f=box.closest('form'), out=document.getElementById('vote-check');
  function num(n){ var el=f.elements.namedItem(n); var v=el&&el.value; return v===''||v==null?NaN:Number(v); }
  function upd(){
    var den=num('officialMembers')-(num('exempt')||0), yes=num('yes'), no=num('no');
    if(!(den>0)||!(yes>=0)||!(no>=0)||yes+no>den){ out.textContent=out.dataset.bad; out.className='errors'; return; }
    var needed=Math.ceil(den*2/3), pass=yes*3>=den*2;
    out.textContent=(pass?out.dataset.pass:out.dataset.fail).replace('{yes}',yes).replace('{denominator}',den).replace('{needed}',needed);
    out.className=pass?'ok':'errors';
  }
  f.addEventListener('input',upd); upd();
})();
</script>`);

export function voteCheck(yes: number, den: number): { needed: number; pass: boolean } {
  return { needed: Math.ceil((den * 2) / 3), pass: yes * 3 >= den * 2 };
}

/** The figures of a cell vote (admission or recognition) with the 2/3 check shown live and before saving. */
function voteFields(
  ctx: AuthedContext,
  v: FormValues,
  cell: Awaited<ReturnType<typeof getCell>>,
  o: { failKey: StringKey; minDate?: string | undefined; before?: Raw; after?: Raw },
): Raw {
  const t = ctx.t;
  const official = val(v, 'officialMembers') ?? String(cell?.officialMembers ?? '');
  const yes = Number(val(v, 'yes'));
  const den = Number(official) - Number(val(v, 'exempt') || 0);
  const confirm = v.confirm === undefined && val(v, 'yes') !== undefined && Number.isFinite(yes) && den > 0;
  const chk = voteCheck(yes, den);
  return h`<div id="vote-form-fields">
${o.before ?? ''}
${field('meetingOn', t('vote.meetingDate'), { type: 'date', required: true, value: val(v, 'meetingOn') ?? today(), max: today(), ...(o.minDate ? { min: o.minDate } : {}) })}
${field('officialMembers', t('vote.officialMembers'), { type: 'number', required: true, value: official, min: '1', inputmode: 'numeric' })}
${field('exempt', t('vote.exempt'), { type: 'number', value: val(v, 'exempt') ?? '0', min: '0', inputmode: 'numeric' })}
${field('yes', t('vote.yes'), { type: 'number', required: true, value: val(v, 'yes'), min: '0', inputmode: 'numeric' })}
${field('no', t('vote.no'), { type: 'number', required: true, value: val(v, 'no'), min: '0', inputmode: 'numeric' })}
${radios(
  'form',
  t('vote.form'),
  [
    { value: 'ballot', label: t('vote.form.ballot') },
    { value: 'cards', label: t('vote.form.cards') },
  ],
  val(v, 'form') ?? 'ballot',
)}
${o.after ?? ''}
<h2>${t('vote.check')}</h2>
<p id="vote-check" role="status" aria-live="polite" class="${chk.pass ? 'ok' : 'errors'}" data-pass="${t('vote.checkPass')}" data-fail="${t(o.failKey)}" data-bad="${t('vote.checkBad')}">${
    Number.isFinite(yes) && den > 0
      ? t(chk.pass ? 'vote.checkPass' : o.failKey, { yes, denominator: den, needed: chk.needed })
      : t('vote.checkBad')
  }</p>
${confirm ? h`<input type="hidden" name="confirm" value="1">` : ''}
</div>`;
}

/** The vote's figures as the services take them: official members less the deducted ones = denominator. */
function voteInput(v: FormValues) {
  const official = intOf(val(v, 'officialMembers'));
  const exempt = intOf(val(v, 'exempt') || '0');
  return {
    meetingOn: dayOf(val(v, 'meetingOn')),
    yes: intOf(val(v, 'yes')),
    no: intOf(val(v, 'no')),
    denominator: typeof official === 'number' && typeof exempt === 'number' ? official - exempt : official,
    form: val(v, 'form'),
  };
}

/** The 2/3 check is shown before saving: the first submit (without `confirm`) only previews. */
async function requireConfirm(ctx: AuthedContext): Promise<void> {
  if (ctx.form.confirm === '1') return;
  const { HttpError } = await import('../http.ts');
  throw new HttpError(400, 'validation_failed', {
    message:
      ctx.lang === 'vi'
        ? 'Kiểm tra kết quả 2/3 bên dưới rồi bấm Lưu để xác nhận.'
        : 'Check the 2/3 result below, then Save to confirm.',
  });
}

const voteForm = stepForm({
  action: 'vote',
  titleKey: 'vote.title',
  schema: S.CellVoteBody,
  extra: (cand) => getCell(cand.cellId),
  fields: (ctx, _c, v, extra) =>
    voteFields(ctx, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'vote.checkFail',
      after: field('resolutionNo', `${ctx.t('decision.number')} (6-KNĐ)`, { value: val(v, 'resolutionNo') }),
    }),
  toInput: (v) => ({ ...voteInput(v), resolutionNo: optStr(val(v, 'resolutionNo')) }),
  async call(ctx, id, input) {
    await requireConfirm(ctx);
    return app.recordCellVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

// the sub-committee's appraisal (thẩm định), where the cell has one: the committee or the cell records it
const appraisalForm = stepForm({
  action: 'appraisal',
  titleKey: 'appraisal.title',
  schema: S.AppraisalBody,
  roles: READERS,
  fields: (ctx, cand, v) => {
    const t = ctx.t;
    const min = cand.cellVote?.meetingOn;
    return h`<p>${t('appraisal.note')}</p>
${field('appraisedOn', t('appraisal.date'), { type: 'date', required: true, value: val(v, 'appraisedOn') ?? today(), max: today(), ...(min ? { min } : {}) })}
${field('reportNo', `${t('appraisal.reportNo')} (7-KNĐ)`, { value: val(v, 'reportNo') })}
${radios(
  'opinion',
  t('appraisal.opinion'),
  [
    { value: 'agree', label: t('appraisal.agree') },
    { value: 'disagree', label: t('appraisal.disagree') },
  ],
  val(v, 'opinion') ?? 'agree',
)}`;
  },
  toInput: (v) => ({
    appraisedOn: dayOf(val(v, 'appraisedOn')),
    reportNo: optStr(val(v, 'reportNo')),
    opinion: val(v, 'opinion'),
  }),
  call: (ctx, id, input) => app.recordAppraisal(toActor(ctx.actor), id, input),
});

// the competent committee's decision; after three recognition rounds without 2/3, the superior committee's
// (recognise or remove the name: the service refuses "return" there)
const isSuperior = (cand: CandidateView) => cand.waitingFor === 'superior';
const decisionForm = stepForm({
  action: 'decision',
  titleKey: (cand) => (isSuperior(cand) ? 'superior.title' : 'decision.title'),
  schema: S.DecisionBody,
  fields: (ctx, cand, v) => {
    const t = ctx.t;
    const options = isSuperior(cand)
      ? [
          { value: 'approve', label: t('superior.recognise') },
          { value: 'refuse', label: t('superior.remove') },
        ]
      : [
          { value: 'approve', label: t('decision.outcome.admitted') },
          { value: 'refuse', label: t('decision.outcome.refused') },
          { value: 'return', label: t('approval.return') },
        ];
    return h`${isSuperior(cand) ? h`<p>${t('superior.note', { rounds: cand.recognitionRounds?.length ?? 0 })}</p>` : ''}
${radios('decision', t('decision.outcome'), options, val(v, 'decision') ?? 'approve')}
${field('decisionNo', t('decision.number'), { value: val(v, 'decisionNo') })}
${field('decidedOn', t('decision.date'), { type: 'date', required: true, value: val(v, 'decidedOn') ?? today(), max: today() })}
<label for="f-note">${t('refer.note')}</label><textarea id="f-note" name="note" rows="3">${val(v, 'note') ?? ''}</textarea>`;
  },
  toInput: (v) => ({
    decision: val(v, 'decision'),
    decidedOn: dayOf(val(v, 'decidedOn')),
    decisionNo: optStr(val(v, 'decisionNo')),
    note: optStr(val(v, 'note')),
  }),
  call: (ctx, id, input) => app.recordDecision(toActor(ctx.actor), id, input),
  roles: COMMITTEE_ROLES,
});

const ceremonyForm = stepForm({
  action: 'ceremony',
  titleKey: 'ceremony.title',
  schema: S.CeremonyBody,
  extra: (cand) => listMembers(cand.cellId),
  fields: (ctx, _c, v, extra) => {
    const t = ctx.t;
    const members = (extra as Awaited<ReturnType<typeof listMembers>>).filter(
      (m) => m.status !== 'probationary',
    );
    return h`${field('heldOn', t('ceremony.date'), { type: 'date', required: true, value: val(v, 'heldOn') ?? today(), max: today() })}
${select('helperMemberId', t('ceremony.helper'), [{ value: '', label: '—' }, ...members.map((m) => ({ value: m.memberId, label: m.fullName }))], val(v, 'helperMemberId'))}`;
  },
  toInput: (v) => ({ heldOn: dayOf(val(v, 'heldOn')), helperMemberId: optStr(val(v, 'helperMemberId')) }),
  call: (ctx, id, input) => app.recordCeremony(toActor(ctx.actor), id, input),
});

// ---- probation ----------------------------------------------------------------------------------------------

type Deadlines = Awaited<ReturnType<typeof candidateDeadlines>>;
const dueOf = (extra: unknown, kind: string) =>
  (extra as Deadlines).find((d) => d.kind === kind && d.status === 'open')?.dueOn;

const biographyForm = stepForm({
  action: 'biography',
  titleKey: 'biography.title',
  schema: S.BiographyBody,
  extra: (cand) => candidateDeadlines(cand.id),
  fields: (ctx, cand, v, extra) => {
    const t = ctx.t;
    const due = dueOf(extra, 'biography');
    return h`<p>${t('biography.note', { ceremonyOn: fmtDate(cand.ceremonyOn ?? '') })}${due ? h` ${t('form.due', { due: fmtDate(due) })}` : ''}</p>
${field('submittedOn', t('biography.submittedOn'), { type: 'date', required: true, value: val(v, 'submittedOn') ?? today(), max: today(), ...(cand.ceremonyOn ? { min: cand.ceremonyOn } : {}) })}`;
  },
  toInput: (v) => ({ submittedOn: dayOf(val(v, 'submittedOn')) }),
  call: (ctx, id, input) => app.recordBiography(toActor(ctx.actor), id, input),
});

const newMemberCourseForm = stepForm({
  action: 'new-member-course',
  titleKey: 'newMemberCourse.title',
  schema: S.CertificateBody,
  extra: (cand) => candidateDeadlines(cand.id),
  fields: (ctx, cand, v, extra) => {
    const t = ctx.t;
    const due = dueOf(extra, 'newMemberCourse');
    return h`<p>${t('newMemberCourse.note')}${due ? h` ${t('form.due', { due: fmtDate(due) })}` : ''}</p>
${field('certificateNo', t('course.certificateNo'), { required: true, value: val(v, 'certificateNo') })}
${field('issuedOn', t('course.issuedOn'), { type: 'date', required: true, value: val(v, 'issuedOn') ?? today(), max: today(), ...(cand.ceremonyOn ? { min: cand.ceremonyOn } : {}) })}
${field('issuer', t('course.issuer'), { value: val(v, 'issuer') })}`;
  },
  toInput: (v) => ({
    certificateNo: val(v, 'certificateNo') ?? '',
    issuedOn: dayOf(val(v, 'issuedOn')),
    issuer: optStr(val(v, 'issuer')),
  }),
  call: (ctx, id, input) => app.recordNewMemberCourse(toActor(ctx.actor), id, input),
});

// the end of the 12 months is the server's day reaching probationEndsOn; the secretary only confirms it
const probationEndForm = stepForm({
  action: 'probation-end',
  titleKey: 'probationEnd.title',
  schema: ProbationEndInput,
  submitKey: 'probationEnd.submit',
  fields: (ctx, cand) => {
    const t = ctx.t;
    const end = cand.probationEndsOn ?? '';
    return h`<dl>
<dt>${t('cand.ceremonyOn')}</dt><dd>${fmtDate(cand.ceremonyOn ?? '')}</dd>
<dt>${t('cand.probationEndsOn')}</dt><dd id="probation-ends-on">${fmtDate(end)}</dd>
</dl>
<p>${end && today() >= end ? t('probationEnd.note') : t('probationEnd.notYet', { date: fmtDate(end) })}</p>`;
  },
  toInput: () => ({ today: today() }),
  call: (ctx, id, input) => app.completeProbationEnd(toActor(ctx.actor), id, input),
});

const recognitionForm = stepForm({
  action: 'recognition',
  titleKey: 'recognition.title',
  schema: S.RecognitionVoteBody,
  extra: (cand) => getCell(cand.cellId),
  fields: async (ctx, cand, v, extra) => {
    const t = ctx.t;
    // documents the ruleset needs before the vote and not uploaded: a warning, not a refusal (see README)
    const docs = await scoped(() => app.listDocuments(toActor(ctx.actor), cand.id));
    const warning = missingWarning(ctx, recognitionChecklist(cand, docs));
    const rounds: VoteRecord[] = cand.recognitionRounds ?? [];
    const max = rulesetById(cand.rulesetId).recognition.maxRounds;
    const end = cand.probationEndsOn;
    const before = h`${warning}<p>${t('recognition.round', { round: rounds.length + 1, max })}${end ? h` · ${t('cand.probationEndsOn')}: ${fmtDate(end)}` : ''}</p>
${
  rounds.length
    ? h`<p>${t('recognition.previous')}</p><ul>${rounds.map((r) => h`<li>${fmtDate(r.meetingOn)}: ${r.yes}/${r.denominator}</li>`)}</ul>`
    : ''
}
${radios(
  'motion',
  t('recognition.motion'),
  [
    { value: 'recognise', label: t('recognition.motion.recognise') },
    { value: 'remove', label: t('recognition.motion.remove') },
  ],
  val(v, 'motion') ?? 'recognise',
)}`;
    return voteFields(ctx, v, extra as Awaited<ReturnType<typeof getCell>>, {
      failKey: 'recognition.checkFail',
      minDate: end,
      before,
    });
  },
  toInput: (v) => ({ ...voteInput(v), motion: val(v, 'motion') }),
  async call(ctx, id, input) {
    await requireConfirm(ctx);
    return app.recordRecognitionVote(toActor(ctx.actor), id, input);
  },
  scripts: VOTE_SCRIPT,
});

// in probation, withdrawing is the removal of the name (xóa tên), as the service records it
const withdrawForm = stepForm({
  action: 'withdraw',
  titleKey: (cand) => (inProbation(cand) ? 'withdraw.removeName' : 'withdraw.title'),
  schema: S.WithdrawBody,
  fields: (
    ctx,
    _c,
    v,
  ) => h`${field('on', ctx.t('decision.date'), { type: 'date', required: true, value: val(v, 'on') ?? today() })}
<label for="f-reason">${ctx.t('withdraw.reason')}</label><textarea id="f-reason" name="reason" rows="3" required>${val(v, 'reason') ?? ''}</textarea>`,
  toInput: (v) => ({ on: dayOf(val(v, 'on')), reason: val(v, 'reason') ?? '' }),
  call: (ctx, id, input) => app.withdraw(toActor(ctx.actor), id, input),
});

const referForm = formRoutes<z.infer<typeof S.ReferBody>>({
  path: '/candidates/new',
  roles: SECRETARY,
  summary: 'Form: refer a candidate',
  schema: S.ReferBody,
  async load(ctx) {
    const cells = await getCells(ctx.actor.cellIds);
    const members = await listMembers(pickCell(ctx.actor));
    return { cells, members };
  },
  async render(ctx, data, v, err) {
    const t = ctx.t;
    const { cells, members } = data as {
      cells: Awaited<ReturnType<typeof getCells>>;
      members: Awaited<ReturnType<typeof listMembers>>;
    };
    const official = members.filter((m) => m.status !== 'probationary');
    const memberOpts = [
      { value: '', label: '—' },
      ...official.map((m) => ({ value: m.memberId, label: m.fullName })),
    ];
    return {
      title: t('refer.title'),
      body: h`${errorBox(ctx, err)}<form method="post" class="card" novalidate>${csrfField(ctx)}
<input type="hidden" name="requestId" value="${val(v, 'requestId') ?? crypto.randomUUID()}">
${
  cells.length > 1
    ? select(
        'cellId',
        t('refer.cell'),
        cells.map((c) => ({ value: c.cellId, label: c.name })),
        val(v, 'cellId'),
      )
    : h`<input type="hidden" name="cellId" value="${cells[0]?.cellId ?? ''}"><p>${t('refer.cell')}: <strong>${cells[0]?.name ?? ''}</strong></p>`
}
${field('fullName', t('refer.fullName'), { required: true, value: val(v, 'fullName'), autocomplete: 'off' })}
${field('birthDate', t('refer.dateOfBirth'), { type: 'date', required: true, value: val(v, 'birthDate') })}
${field('referredOn', t('cand.referredOn'), { type: 'date', required: true, value: val(v, 'referredOn') ?? today(), max: today() })}
${radios(
  'path',
  t('refer.introducedBy'),
  [
    { value: 'union-plus-member', label: t('refer.introducedBy.union') },
    { value: 'two-members', label: t('refer.introducedBy.members') },
  ],
  val(v, 'path') ?? 'union-plus-member',
)}
${select('introducer1', `${t('ceremony.helper')} 1`, memberOpts, val(v, 'introducer1'))}
${select('introducer2', `${t('ceremony.helper')} 2`, memberOpts, val(v, 'introducer2'))}
<div><button type="submit">${t('form.save')}</button> <a href="/candidates">${t('form.cancel')}</a></div></form>`,
    };
  },
  toInput(v, ctx) {
    return {
      cellId: val(v, 'cellId') || ctx.actor.cellIds[0],
      fullName: val(v, 'fullName') ?? '',
      birthDate: dayOf(val(v, 'birthDate')),
      referredOn: dayOf(val(v, 'referredOn')),
      introduction: {
        path: val(v, 'path'),
        introducerMemberIds: [val(v, 'introducer1'), val(v, 'introducer2')].filter((x): x is string => !!x),
      },
      requestId: optStr(val(v, 'requestId')),
    };
  },
  async submit(ctx, input) {
    pickCell(ctx.actor, input.cellId);
    const cand = await scoped(() => app.referCandidate(toActor(ctx.actor), input));
    return `/candidates/${cand.id}`;
  },
});

export const candidatePages: AnyRoute[] = [
  listRoute,
  ...referForm,
  detailRoute,
  ...courseForm,
  ...dossierForm,
  ...voteForm,
  ...appraisalForm,
  ...decisionForm,
  ...ceremonyForm,
  ...biographyForm,
  ...newMemberCourseForm,
  ...probationEndForm,
  ...recognitionForm,
  ...withdrawForm,
];

export { canSeeCell };
