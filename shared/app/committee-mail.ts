/**
 * The committee's mails, one per recipient in the recipient's language, each with a text part and an HTML
 * part (a clear button to the page): the decision request (with its deadline in working days, a failed cell
 * vote marked, a resubmission said as such), the withdrawal notice, and the outcome for the secretary (the
 * decision, every member's comment, and after a return what to fix and by when). Subjects carry no personal
 * name. Every mail is sent once (its key names the candidate, the step and the recipient).
 */
import { config } from '../adapters/clients.ts';
import { type MailSent, sendMailOnce } from '../adapters/mailer.ts';
import { type CandidateItem, getItem, getItems, type Item } from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import { rulesetById } from '../domain/ruleset.ts';
import { type Lang, message, standingText, t } from '../i18n/lookup.ts';
// the committee's texts only: wf-notify starts without the pages' catalogue
import '../i18n/messages/committee.ts';
import { today } from './model.ts';

export type Recipient = { userId: string; email: string; lang: Lang; name: string };

type UserItem = Item & { email?: string; displayName?: string; lang?: string };

/** The recipients among `userIds` (those with an address), by user id, from one BatchGetItem. */
export async function recipients(userIds: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  if (userIds.length === 0) return out;
  for (const u of await getItems<UserItem>(userIds.map((id) => keys.user(id)))) {
    const userId = String(u.PK).slice('USER#'.length);
    if (u.email) out.set(userId, toRecipient(userId, u as UserItem & { email: string }));
  }
  return out;
}

const toRecipient = (userId: string, u: UserItem & { email: string }): Recipient => ({
  userId,
  email: u.email,
  lang: u.lang === 'en' ? 'en' : 'vi',
  name: String(u.displayName ?? ''),
});

/** A header value without control characters (CR/LF would start a new header). */
const headerSafe = (s: string) =>
  [...s]
    .map((c) => {
      const n = c.codePointAt(0) ?? 0;
      return n < 0x20 || n === 0x7f || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069) ? ' ' : c;
    })
    .join('')
    .trim();

const esc = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

export const fmtDay = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').reverse().join('/') : d);
export const fmtInstant = (iso: string) => {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${fmtDay(d.slice(0, 10))} ${d.slice(11, 16)}`;
};

/** "Hạn …: dd/mm/yyyy (còn n ngày làm việc)", the last day, or "(đã quá hạn n ngày làm việc)", in `lang`. */
export function deadlineLine(lang: Lang, dueOn: string, on: string = today()): string {
  return t(lang, 'committee.deadline', {
    date: fmtDay(dueOn),
    left: standingText(lang, dueOn, on),
  });
}

/** A mail's text and HTML parts from its paragraphs, an optional list, and the button. */
export function compose(
  lang: Lang,
  o: { name: string; paragraphs: string[]; list?: string[]; listTitle?: string; button: string; url: string },
): { text: string; html: string } {
  const greeting = t(lang, 'mail.greeting', { name: o.name }).replace(' ,', ',');
  const text = [
    greeting,
    '',
    ...o.paragraphs.flatMap((p) => [p, '']),
    ...(o.list?.length ? [o.listTitle ?? '', ...o.list.map((l) => `- ${l}`), ''] : []),
    `${o.button}: ${o.url}`,
    '',
    t(lang, 'mail.footer'),
  ].join('\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:36rem">
<p>${esc(greeting)}</p>
${o.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
${o.list?.length ? `<p>${esc(o.listTitle ?? '')}</p><ul>${o.list.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : ''}
<p><a href="${esc(o.url)}" style="display:inline-block;background:#a3110b;color:#fff;padding:.75rem 1.25rem;border-radius:6px;text-decoration:none;font-weight:bold">${esc(o.button)}</a></p>
<p style="color:#444;font-size:14px">${esc(t(lang, 'mail.link', { url: o.url }))}</p>
<p style="color:#444;font-size:14px">${esc(t(lang, 'mail.footer'))}</p>
</body></html>`;
  return { text, html };
}

/** Send once; with `sentLater`, the caller marks it sent in its own transaction (mailer.sendMailOnce). */
export async function send(
  key: string,
  to: Recipient,
  subject: string,
  body: { text: string; html: string },
  sentLater?: MailSent[],
  opts: { claimed?: boolean } = {},
) {
  return sendMailOnce(
    key,
    { to: [to.email], subject: headerSafe(`[ketnap] ${subject}`), ...body },
    sentLater,
    opts,
  );
}

type Vote = { yes: number; denominator: number; required?: number; passed: boolean } | undefined;

/** The decision request for one committee member. */
export function requestMail(
  to: Recipient,
  o: {
    kind: string;
    cellName: string;
    candidate: string;
    url: string;
    round: number;
    dueOn?: string | undefined;
    vote: Vote;
    newDocuments: number;
    quorumKey: string;
    required: number;
    voters: number;
    forbidAgainstCell: boolean;
  },
): { subject: string; text: string; html: string } {
  const L = to.lang;
  const p: string[] = [message(L, `mail.request.${o.kind}`, { candidate: o.candidate })];
  if (o.vote && !o.vote.passed) {
    p.push(
      t(L, o.forbidAgainstCell ? 'committee.failedVoteForbidden' : 'committee.failedVote', {
        yes: o.vote.yes,
        denominator: o.vote.denominator,
        required: o.vote.required ?? Math.ceil((o.vote.denominator * 2) / 3),
      }),
    );
  }
  p.push(`${t(L, 'committee.round', { round: o.round })}.`);
  if (o.round > 1 && o.newDocuments > 0) p.push(t(L, 'mail.request.newDocuments', { count: o.newDocuments }));
  if (o.dueOn) p.push(deadlineLine(L, o.dueOn));
  p.push(message(L, `committee.quorum.${o.quorumKey}`, { required: o.required, voters: o.voters }));
  p.push(t(L, 'mail.request.signin'));
  const subject = t(
    L,
    o.kind === 'resubmitted' ? 'mail.request.subject.resubmitted' : 'mail.request.subject',
    {
      cell: o.cellName,
    },
  );
  return {
    subject,
    ...compose(L, { name: to.name, paragraphs: p, button: t(L, 'mail.request.button'), url: o.url }),
  };
}

type Outcome = {
  outcome: 'approve' | 'return' | 'refuse';
  round: number;
  decidedOn: string;
  answers: { by: string; decision: string; comment?: string; at: string; late?: boolean }[];
  resubmitBy?: string;
};

/**
 * One line per member's answer: name, answer, comment, time (and "late" when it came after the outcome). `users`
 * holds the members as `recipients` read them; one without an address is named by id.
 */
function answerLines(lang: Lang, answers: Outcome['answers'], users: Map<string, Recipient>): string[] {
  return answers.map(
    (a) =>
      `${users.get(a.by)?.name || a.by}: ${message(lang, `committee.answer.${a.decision}`)}${a.comment ? ` — “${a.comment}”` : ''} (${fmtInstant(a.at)}${a.late ? `; ${t(lang, 'committee.late')}` : ''})`,
  );
}

/**
 * Tell the cell's secretaries what the committee decided (once per step and secretary). `read` is the
 * candidate's cell when the caller read it with the candidate.
 */
export async function notifyOutcome(cand: CandidateItem, cursor: number, read?: Item): Promise<number> {
  const o = cand.committeeOutcome as Outcome | undefined;
  if (!o) return 0;
  const cell = read ?? (await getItem<Item>(keys.cell(cand.cellId)));
  const secretaries = (cell?.secretaryUserIds as string[] | undefined) ?? [];
  const revote = rulesetById(String(cand.rulesetId)).committee.resubmitTo === 'cellVote';
  // the secretaries and the members who answered: one BatchGetItem for every mail and answer line
  const users = await recipients([...secretaries, ...o.answers.map((a) => a.by)]);
  let sent = 0;
  for (const id of secretaries) {
    const to = users.get(id);
    if (!to) continue;
    const L = to.lang;
    const params = {
      candidate: cand.fullName,
      round: o.round,
      decidedOn: fmtDay(o.decidedOn),
      date: fmtDay(o.resubmitBy ?? ''),
      left: o.resubmitBy ? standingText(L, o.resubmitBy, today()) : '',
    };
    const paragraphs = [t(L, `mail.outcome.${o.outcome}`, params)];
    if (o.outcome === 'return' && revote) paragraphs.push(t(L, 'mail.outcome.return.revote'));
    const body = compose(L, {
      name: to.name,
      paragraphs,
      list: answerLines(L, o.answers, users),
      listTitle: t(L, 'mail.outcome.answers'),
      button: t(L, 'mail.outcome.button'),
      url: `${config().appBaseUrl}/candidates/${cand.id}`,
    });
    const subject = t(L, `mail.outcome.subject.${o.outcome}`, { cell: String(cell?.name ?? cand.cellId) });
    if ((await send(`outcome:${cand.id}:${cursor}:${id}`, to, subject, body)) === 'sent') sent++;
  }
  return sent;
}

/** Tell the committee members of an open round that the candidate withdrew (their links now say so). */
export async function notifyWithdrawn(
  cand: CandidateItem,
  cursor: number,
  memberIds: readonly string[],
  w: { on: string; at: string; by: string },
): Promise<number> {
  const cell = await getItem<Item>(keys.cell(cand.cellId));
  const users = await recipients([w.by, ...memberIds]);
  const by = users.get(w.by)?.name || w.by;
  let sent = 0;
  for (const id of memberIds) {
    const to = users.get(id);
    if (!to) continue;
    const L = to.lang;
    const body = compose(L, {
      name: to.name,
      paragraphs: [
        t(L, 'mail.withdrawn.body', { candidate: cand.fullName, on: fmtDay(w.on), by, at: fmtInstant(w.at) }),
      ],
      button: t(L, 'mail.outcome.button'),
      url: `${config().appBaseUrl}/`,
    });
    const subject = t(L, 'mail.withdrawn.subject', { cell: String(cell?.name ?? cand.cellId) });
    if ((await send(`withdrawn:${cand.id}:${cursor}:${id}`, to, subject, body)) === 'sent') sent++;
  }
  return sent;
}
