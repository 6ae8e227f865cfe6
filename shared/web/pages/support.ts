// The "helper and tasks" block of a pooled person's page and a candidate's page, and the POST forms behind it
// (CSRF, scope first, PRG; a refused input shows the page again with the message).
import type { Subject } from '../../adapters/pool.ts';
import type { MemberInfo } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { MemberRef, TaskView } from '../../app/pool.ts';
import { csrfValid, sessionCsrfSubject } from '../auth.ts';
import { toHttpError } from '../errors.ts';
import { type ApiResult, HttpError, h, type Raw, raw, redirect } from '../http.ts';
import { fmtDate, todayVn } from '../lang.ts';
import { scoped, toActor } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { route } from '../router.ts';
import { csrfField, dayOf, optStr, select, val } from './common.ts';

export const SECRETARY = ['secretary', 'admin'] as const;
export const READERS = ['secretary', 'committee', 'admin'] as const;

export const isSecretary = (ctx: AuthedContext) =>
  ctx.actor.role === 'secretary' || ctx.actor.role === 'admin';

/** Base path of a subject's forms. */
export const formBase = (s: Subject) =>
  s.kind === 'pool' ? `/cells/${s.cellId}/pool/${s.personId}` : `/candidates/${s.candidateId}`;

const outcomeLabel = (ctx: AuthedContext, o: string) => ctx.t.dyn(`pool.outcome.${o}`, o);

function taskRow(ctx: AuthedContext, s: Subject, task: TaskView, canEdit: boolean): Raw {
  const t = ctx.t;
  const today = todayVn();
  const overdue = task.outcome === 'open' && task.dueOn < today;
  const id = task.taskId;
  const form =
    canEdit && task.outcome === 'open'
      ? h`<form method="post" action="${formBase(s)}/tasks/${id}/outcome" class="inline-form">${csrfField(ctx)}
<label for="o-${id}">${t('pool.outcome')}</label><select id="o-${id}" name="outcome"><option value="done">${outcomeLabel(ctx, 'done')}</option><option value="not_done">${outcomeLabel(ctx, 'not_done')}</option></select>
<label for="od-${id}">${t('pool.outcomeOn')}</label><input id="od-${id}" name="outcomeOn" type="date" required value="${today}" max="${today}" min="${task.assignedOn}">
<label for="on-${id}">${t('pool.note')}</label><input id="on-${id}" name="note" type="text" maxlength="500">
<button type="submit">${t('pool.recordOutcome')}</button></form>`
      : '';
  return h`<li class="task${raw(overdue ? ' overdue' : '')}" data-task="${id}"><strong>${task.title}</strong><br>
${t('pool.assignedOn')}: ${fmtDate(task.assignedOn)} · ${t('pool.dueOn')}: ${fmtDate(task.dueOn)}${overdue ? ` (${t('home.overdue')})` : ''} · ${t('pool.outcome')}: <span class="task-outcome">${outcomeLabel(ctx, task.outcome)}</span>${task.outcomeOn ? ` (${fmtDate(task.outcomeOn)})` : ''}${task.note ? h` — ${task.note}` : ''}
${form}</li>`;
}

/** The block: the helper (with the form to assign one), the tasks (with outcome forms) and the form to add one. */
export function supportBlock(
  ctx: AuthedContext,
  s: Subject,
  data: { helper?: MemberRef | undefined; tasks: TaskView[]; members: MemberInfo[] },
): Raw {
  const t = ctx.t;
  const canEdit = isSecretary(ctx);
  const today = todayVn();
  const official = data.members.filter((m) => m.status === 'official');
  return h`<section class="card" id="support" aria-labelledby="h-support"><h2 id="h-support">${t('support.title')}</h2>
<p><strong>${t('pool.helper')}:</strong> <span id="helper-name">${data.helper?.fullName || t('pool.noHelper')}</span></p>
${
  canEdit
    ? h`<form method="post" action="${formBase(s)}/helper">${csrfField(ctx)}
${select(
  'helperMemberId',
  t('pool.helper'),
  official.map((m) => ({ value: m.memberId, label: m.fullName })),
  data.helper?.memberId,
  true,
)}
<button type="submit">${t('pool.assignHelper')}</button></form>`
    : ''
}
<h3>${t('pool.tasks')}</h3>
${data.tasks.length ? h`<ul id="tasks" class="tasks">${data.tasks.map((x) => taskRow(ctx, s, x, canEdit))}</ul>` : h`<p>${t('pool.noTasks')}</p>`}
${
  canEdit
    ? h`<h3>${t('pool.addTask')}</h3><form method="post" action="${formBase(s)}/tasks">${csrfField(ctx)}
<label for="f-title">${t('pool.task')} <span aria-hidden="true">*</span></label><input id="f-title" name="title" type="text" required maxlength="300">
<label for="f-assignedOn">${t('pool.assignedOn')} <span aria-hidden="true">*</span></label><input id="f-assignedOn" name="assignedOn" type="date" required value="${today}" max="${today}">
<label for="f-dueOn">${t('pool.dueOn')} <span aria-hidden="true">*</span></label><input id="f-dueOn" name="dueOn" type="date" required min="${today}">
<div><button type="submit">${t('pool.addTask')}</button></div></form>`
    : ''
}
</section>`;
}

/**
 * A POST form route: scope first (`subject` throws 404 for another cell's ids), then the CSRF token, then the
 * service; success redirects, a refused input shows `rerender` with the error.
 */
export function postForm(o: {
  path: string;
  summary: string;
  subject: (ctx: AuthedContext) => Promise<Subject>;
  run: (ctx: AuthedContext, s: Subject) => Promise<string>;
  rerender: (ctx: AuthedContext, s: Subject, err: HttpError) => Promise<ApiResult>;
}): AnyRoute {
  return route({
    method: 'POST',
    path: o.path,
    kind: 'page',
    roles: SECRETARY,
    summary: o.summary,
    form: true,
    async handler(c) {
      const ctx = c as AuthedContext;
      const s = await o.subject(ctx);
      if (!csrfValid(ctx.form._csrf, 'session', sessionCsrfSubject(ctx.actor)))
        throw new HttpError(403, 'csrf_invalid');
      try {
        return redirect(await o.run(ctx, s));
      } catch (e) {
        const err = toHttpError(e, ctx.lang);
        if (err.status >= 500 || err.status === 404 || err.status === 401) throw e;
        return o.rerender(ctx, s, err);
      }
    },
  });
}

/** The three forms of the block for a kind of subject; `back` is where success returns. */
export function supportForms(
  prefix: string,
  subject: (ctx: AuthedContext) => Promise<Subject>,
  rerender: (ctx: AuthedContext, s: Subject, err: HttpError) => Promise<ApiResult>,
  back: (s: Subject, saved: string) => string,
): AnyRoute[] {
  return [
    postForm({
      path: `${prefix}/helper`,
      summary: 'Form: assign a helper',
      subject,
      rerender,
      async run(ctx, s) {
        await scoped(() =>
          app.assignHelper(toActor(ctx.actor), s, { helperMemberId: val(ctx.form, 'helperMemberId') }),
        );
        return back(s, 'helper');
      },
    }),
    postForm({
      path: `${prefix}/tasks`,
      summary: 'Form: give a task',
      subject,
      rerender,
      async run(ctx, s) {
        await scoped(() =>
          app.addTask(toActor(ctx.actor), s, {
            title: val(ctx.form, 'title') ?? '',
            assignedOn: dayOf(val(ctx.form, 'assignedOn')),
            dueOn: dayOf(val(ctx.form, 'dueOn')),
          }),
        );
        return back(s, 'task');
      },
    }),
    postForm({
      path: `${prefix}/tasks/{taskId}/outcome`,
      summary: "Form: record a task's outcome",
      subject,
      rerender,
      async run(ctx, s) {
        const note = optStr(val(ctx.form, 'note'));
        await scoped(() =>
          app.recordTaskOutcome(toActor(ctx.actor), s, String(ctx.params.taskId), {
            outcome: val(ctx.form, 'outcome'),
            outcomeOn: dayOf(val(ctx.form, 'outcomeOn')),
            ...(note ? { note } : {}),
          }),
        );
        return back(s, 'outcome');
      },
    }),
  ];
}

/** The "saved" notice after a form of the block. */
export function savedNotice(ctx: AuthedContext): Raw | '' {
  const saved = ctx.c.req.query('saved');
  const key = {
    helper: 'pool.helperSaved',
    task: 'pool.taskSaved',
    outcome: 'pool.outcomeSaved',
    added: 'pool.added',
  }[saved ?? ''];
  return key ? h`<p class="ok" role="status">${ctx.t.dyn(key)}</p>` : '';
}
