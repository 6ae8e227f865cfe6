// Grouping the day's notices into one digest per recipient, and rendering it (Vietnamese or English).

import type { Lang } from '../domain/lang.ts';
import { deadlineLabel, message, type Params, t } from '../i18n/lookup.ts';
// the digest's texts only: the daily job starts without the pages' catalogue
import '../i18n/messages/reminders.ts';
import type { MonthIntroductions } from './introductions.ts';
import type { MetricProgress, ProgressFigures } from './progress.ts';
import type { DeadlineKind, Notice } from './schedule.ts';
import { formatDayVi } from './time.ts';

export interface Recipient {
  /** Stable key of the recipient (the user id); used in the digest's record key. */
  id: string;
  email: string;
  language: Lang;
  name?: string | undefined;
}

export interface DueNotice {
  candidateId: string;
  candidateName: string;
  cellId: string;
  kind: DeadlineKind;
  dueOn: string;
  notice: Notice;
  /** the page to open, when not the candidate's (a pooled person's) */
  path?: string | undefined;
  /** what is due, when not a deadline kind's label (a task's title) */
  label?: string | undefined;
}

export interface DigestItem {
  kind: DeadlineKind;
  dueOn: string;
  notice: Notice;
  label?: string | undefined;
}

export interface DigestCandidate {
  candidateId: string;
  candidateName: string;
  path?: string | undefined;
  items: DigestItem[];
}

export interface DigestProgress {
  cellId: string;
  cellName?: string | undefined;
  month: ProgressFigures;
  year: ProgressFigures;
  /** the month's introductions by member, when the month had an introductions target */
  introductions?: MonthIntroductions | undefined;
}

export interface Digest {
  day: string;
  recipient: Recipient;
  role: 'secretary' | 'committee';
  candidates: DigestCandidate[];
  progress: DigestProgress[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A notice goes to the cell's secretaries, and, when escalated, also to the committee. */
export interface Routing {
  secretaries: (cellId: string) => readonly Recipient[];
  committee: (cellId: string) => readonly Recipient[];
  cellName?: (cellId: string) => string | undefined;
}

/** Groups notices per recipient (one digest each), then per candidate; items in due-date order. */
export function groupDigests(
  day: string,
  notices: readonly DueNotice[],
  routing: Routing,
  progress: ReadonlyMap<string, DigestProgress> = new Map(),
): Digest[] {
  const byRecipient = new Map<string, Digest>();
  const digestFor = (r: Recipient, role: Digest['role']): Digest => {
    let d = byRecipient.get(r.id);
    if (!d) {
      d = { day, recipient: r, role, candidates: [], progress: [] };
      byRecipient.set(r.id, d);
    } else if (role === 'secretary') d.role = 'secretary';
    return d;
  };
  const add = (d: Digest, n: DueNotice): void => {
    let c = d.candidates.find((x) => x.candidateId === n.candidateId);
    if (!c) {
      c = { candidateId: n.candidateId, candidateName: n.candidateName, path: n.path, items: [] };
      d.candidates.push(c);
    }
    if (!c.items.some((i) => i.kind === n.kind))
      c.items.push({ kind: n.kind, dueOn: n.dueOn, notice: n.notice, label: n.label });
  };
  for (const n of notices) {
    for (const r of routing.secretaries(n.cellId)) add(digestFor(r, 'secretary'), n);
    if (n.notice.type === 'overdue' && n.notice.escalate) {
      for (const r of routing.committee(n.cellId)) add(digestFor(r, 'committee'), n);
    }
  }
  for (const [cellId, p] of progress) {
    for (const r of routing.secretaries(cellId)) digestFor(r, 'secretary').progress.push(p);
  }
  const digests = [...byRecipient.values()];
  for (const d of digests) {
    d.candidates.sort(
      (a, b) => a.candidateName.localeCompare(b.candidateName, 'vi') || cmp(a.candidateId, b.candidateId),
    );
    for (const c of d.candidates) c.items.sort((a, b) => cmp(a.dueOn, b.dueOn) || cmp(a.kind, b.kind));
  }
  return digests
    .filter((d) => d.candidates.length > 0 || d.progress.length > 0)
    .sort((a, b) => cmp(a.recipient.id, b.recipient.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function candidateLink(baseUrl: string, candidateId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/candidates/${encodeURIComponent(candidateId)}`;
}

function statusText(lang: Lang, m: MetricProgress): string {
  switch (m.status) {
    case 'onTrack':
    case 'behind':
    case 'met':
    case 'missed':
      return t(lang, `reminder.status.${m.status}`);
    default:
      return '';
  }
}

/** "còn 3 ngày làm việc", "due today", "2 working days overdue – escalated to the committee". */
export function noticeText(lang: Lang, notice: Notice): string {
  switch (notice.type) {
    case 'upcoming':
      return counted(lang, 'reminder.upcoming', notice.workingDaysLeft);
    case 'dueToday':
      return t(lang, 'reminder.dueToday');
    case 'overdue': {
      const overdue = counted(lang, 'reminder.overdue', notice.workingDaysOverdue);
      return notice.escalate ? `${overdue} – ${t(lang, 'reminder.escalated')}` : overdue;
    }
  }
}

/** A message with a count: its `.one` form for 1 (English says "1 working day"). */
const counted = (
  lang: Lang,
  key: 'reminder.upcoming' | 'reminder.overdue' | 'reminder.subject',
  n: number,
  params: Params = {},
) => message(lang, n === 1 ? `${key}.one` : key, { n, count: n, ...params });

const metricLabel = (lang: Lang, metric: string) =>
  message(lang, `reminder.metric.${metric}`, undefined, metric);

const PROGRESS_HEADER = ['metric', 'planned', 'done', 'expected', 'status'] as const;

export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderDigest(d: Digest, baseUrl: string): RenderedMail {
  const lang = d.recipient.language;
  const itemCount = d.candidates.reduce((n, c) => n + c.items.length, 0);
  const day = formatDayVi(d.day);
  const subject =
    itemCount > 0
      ? counted(lang, 'reminder.subject', itemCount, { day })
      : t(lang, 'reminder.progressSubject', { day });
  const greeting = d.recipient.name
    ? t(lang, 'reminder.greeting', { name: d.recipient.name })
    : t(lang, 'reminder.greeting.anonymous');
  const text: string[] = [greeting, ''];
  const html: string[] = [`<p>${escapeHtml(greeting)}</p>`];
  if (d.candidates.length > 0) {
    const intro = t(lang, d.role === 'committee' ? 'reminder.introCommittee' : 'reminder.introSecretary');
    text.push(intro, '');
    html.push(`<p>${escapeHtml(intro)}</p>`);
    for (const c of d.candidates) {
      const link = c.path ? `${baseUrl.replace(/\/+$/, '')}${c.path}` : candidateLink(baseUrl, c.candidateId);
      text.push(`■ ${c.candidateName} — ${link}`);
      html.push(`<h3><a href="${escapeHtml(link)}">${escapeHtml(c.candidateName)}</a></h3><ul>`);
      for (const i of c.items) {
        const what = i.label ? `${t(lang, 'reminder.task')}: ${i.label}` : deadlineLabel(lang, i.kind);
        const line = `${what} — ${t(lang, 'reminder.due')} ${formatDayVi(i.dueOn)} (${noticeText(lang, i.notice)})`;
        text.push(`  - ${line}`);
        html.push(`<li>${escapeHtml(line)}</li>`);
      }
      text.push('');
      html.push(`</ul><p><a href="${escapeHtml(link)}">${escapeHtml(t(lang, 'reminder.open'))}</a></p>`);
    }
  }
  for (const p of d.progress) {
    for (const figures of [p.month, p.year].filter((f) => f.metrics.length > 0)) {
      const periodTitle = t(lang, 'reminder.progressTitle', { period: figures.period });
      const title = p.cellName ? `${periodTitle} – ${p.cellName}` : periodTitle;
      const header = PROGRESS_HEADER.map((h) => t(lang, `reminder.progressHeader.${h}`));
      text.push(title, `  ${header.join(' | ')}`);
      html.push(
        `<h3>${escapeHtml(title)}</h3><table><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`,
      );
      for (const m of figures.metrics) {
        const cells = [
          metricLabel(lang, m.metric),
          String(m.target),
          String(m.done),
          String(m.expected ?? ''),
          statusText(lang, m),
        ];
        text.push(`  ${cells.join(' | ')}`);
        html.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
      }
      text.push('');
      html.push('</table>');
      if (figures === p.month && p.introductions) {
        const i = p.introductions;
        const line = t(lang, 'reminder.introductions', { done: i.introduced, official: i.official });
        const rest = i.notYet.length ? `${t(lang, 'reminder.notYet')}: ${i.notYet.join(', ')}` : '';
        text.push(line, ...(rest ? [rest] : []), '');
        html.push(`<p>${escapeHtml(line)}${rest ? `<br>${escapeHtml(rest)}` : ''}</p>`);
      }
    }
  }
  const footer = t(lang, 'reminder.footer');
  text.push(footer);
  html.push(`<p><small>${escapeHtml(footer)}</small></p>`);
  return {
    subject,
    text: text.join('\n'),
    html: `<!doctype html><html lang="${lang}"><body>${html.join('')}</body></html>`,
  };
}
