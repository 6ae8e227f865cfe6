// The committee's blocks on other pages: the banner on the candidate's page telling the secretary what the
// committee decided (every member's answer and comment; after a return, what to fix and by when), and the
// committee member's list of decisions waiting for them, with their deadlines.

import { userNames } from '../../adapters/reads.ts';
import * as app from '../../app/index.ts';
import type { CandidateView } from '../../app/types.ts';
import { type MessageKey, type ParamArgs, standingText, t as tr } from '../../i18n/index.ts';
import { h, type Raw, raw } from '../http.ts';
import { fmtDate, fmtDateTime, todayVn } from '../lang.ts';
import { toActor } from '../ops.ts';
import type { AuthedContext } from '../router.ts';

/** The committee's last outcome, shown until the dossier is resubmitted. */
export async function outcomeBanner(ctx: AuthedContext, cand: CandidateView): Promise<Raw> {
  const o = cand.committeeOutcome;
  if (!o) return raw('');
  const names = await userNames(o.answers.map((a) => a.by));
  const today = todayVn();
  const text = tr(ctx.lang, `banner.${o.outcome}`, {
    round: o.round,
    decidedOn: fmtDate(o.decidedOn),
    date: fmtDate(o.resubmitBy ?? ''),
    left: o.resubmitBy ? standingText(ctx.lang, o.resubmitBy, today) : '',
  });
  const cls = o.outcome === 'approve' ? 'ok' : 'errors';
  return h`<section class="card ${cls}" id="committee-outcome" data-outcome="${o.outcome}" role="status" aria-labelledby="h-outcome">
<h2 id="h-outcome">${tr(ctx.lang, `committee.answer.${o.outcome}`)}</h2><p>${text}</p>
<p><strong>${tr(ctx.lang, 'mail.outcome.answers')}</strong></p>
<ul id="committee-comments">${o.answers.map(
    (a) =>
      h`<li data-decision="${a.decision}"><strong>${names.get(a.by) || a.by}</strong>: ${ctx.t.dyn(`committee.answer.${a.decision}`)}${a.comment ? h` — “${a.comment}”` : ''} <span class="muted">(${fmtDateTime(a.at)}${a.late ? `; ${tr(ctx.lang, 'committee.late')}` : ''})</span></li>`,
  )}</ul></section>`;
}

/** A committee member's home: the decisions waiting for them across the cells they oversee. */
export async function waitingDecisionsBlock(
  ctx: AuthedContext,
  candidates: readonly { id: string; cellId: string; fullName: string }[],
): Promise<Raw> {
  const L = <K extends MessageKey>(k: K, ...p: ParamArgs<K>) => ctx.t(k, ...p);
  const items = await app.waitingDecisions(toActor(ctx.actor), candidates);
  const today = todayVn();
  return h`<section class="card" aria-labelledby="h-decisions" id="waiting-decisions"><h2 id="h-decisions">${L('home.decisions')}</h2>
${
  items.length
    ? h`<ul>${items.map(
        (d) =>
          h`<li data-candidate="${d.candidateId}"${raw(d.dueOn && d.dueOn < today ? ' class="overdue"' : '')}><strong>${d.fullName}</strong> — ${L('committee.round', { round: d.round })}${d.cellVotePassed ? '' : ` · ${L('home.failedVote')}`}${d.dueOn ? h` · ${fmtDate(d.dueOn)} (${standingText(ctx.lang, d.dueOn, today)})` : ''} · ${L('home.answersSoFar', { n: d.answers })}${d.answered ? ` · ${L('home.answered', { answer: ctx.t.dyn(`committee.answer.${d.answered.decision}`) })}` : ''}
${d.linkId ? h` — <a href="/a/${d.linkId}">${L('home.openLink')}</a>` : h` — <a href="/candidates/${d.candidateId}">${L('mail.outcome.button')}</a>`}</li>`,
      )}</ul>`
    : h`<p>${L('home.noDecisions')}</p>`
}</section>`;
}
