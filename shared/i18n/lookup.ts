/**
 * The lookups over the catalogue: `t(lang, key, params)` and its kin. Keys and parameters are typed from every
 * area (type imports: no code); the texts are those of the areas loaded, each registering itself when its
 * module is imported (`defineMessages`). `index.ts` loads them all; a function that must start light (a
 * workflow task, the daily job) imports this module and the areas it reads, and the unit test
 * `test/unit/i18n/catalogue.test.ts` checks that every key it names is in one of them.
 */
import { deadlineStanding } from '../domain/calendar.ts';
import { DEFAULT_LANG, LANGS, type Lang } from '../domain/lang.ts';
import { loaded, type Message, type Placeholders } from './define.ts';
import type { appMessages } from './messages/app.ts';
import type { approvalMessages } from './messages/approval.ts';
import type { committeeMessages } from './messages/committee.ts';
import type { dossierMessages } from './messages/dossier.ts';
import type { draftMessages } from './messages/drafts.ts';
import type { errorMessages } from './messages/errors.ts';
import type { exportMessages } from './messages/exports.ts';
import type { formMessages } from './messages/forms.ts';
import type { labelMessages } from './messages/labels.ts';
import type { pageMessages } from './messages/pages.ts';
import type { poolMessages } from './messages/pool.ts';
import type { reminderMessages } from './messages/reminders.ts';
import type { fieldLabels, validationMessages } from './messages/validation.ts';

export type { Message };
export { DEFAULT_LANG, LANGS, type Lang };

/** Every area's messages, as one type. */
export type Catalogue = typeof pageMessages &
  typeof appMessages &
  typeof dossierMessages &
  typeof draftMessages &
  typeof formMessages &
  typeof approvalMessages &
  typeof committeeMessages &
  typeof poolMessages &
  typeof labelMessages &
  typeof reminderMessages &
  typeof errorMessages &
  typeof validationMessages &
  typeof fieldLabels &
  typeof exportMessages;

export type MessageKey = keyof Catalogue;
/** The parameter names of a message (those of its Vietnamese text, which the English must match). */
export type ParamsOf<K extends MessageKey> = Placeholders<Catalogue[K]['vi']>;
export type Params = Record<string, string | number>;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/**
 * No argument for a message without placeholders; every placeholder's value for one with them. A key computed
 * from a union (`banner.${outcome}`) takes its parameters unchecked: the compiler cannot tell which one it is.
 */
export type ParamArgs<K extends MessageKey> =
  true extends IsUnion<K>
    ? [params?: Params]
    : [ParamsOf<K>] extends [never]
      ? []
      : [params: Record<ParamsOf<K>, string | number>];

export const hasMessage = (key: string): key is MessageKey => loaded.has(key);

function fill(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] !== undefined ? String(params[name]) : whole,
  );
}

/** The message `key` in `lang`, its `{name}` placeholders filled from `params`. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamArgs<K>): string {
  return fill(loaded.get(key)?.[lang] ?? key, params[0]);
}

/**
 * A message whose key is only known at run time (a stage or a form code from the data, a zod issue's key):
 * its text in `lang`, or `fallback` (by default the key) when the catalogue has no such key.
 */
export function message(lang: Lang, key: string, params?: Params, fallback: string = key): string {
  const m = loaded.get(key);
  return m ? fill(m[lang], params) : fallback;
}

/** A text in both languages, each written by `write` (which may pick a language's own parameters). */
export function perLang(write: (lang: Lang) => string): Message {
  return { vi: write('vi'), en: write('en') };
}

/** A message in both languages, for an error that picks its language later (`AppError`). */
export function both<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message {
  return { vi: t('vi', key, ...params), en: t('en', key, ...params) };
}

/**
 * Where `today` stands against the deadline `dueOn` (the domain's `deadlineStanding`), in words: "còn 3 ngày làm
 * việc", "hôm nay là ngày cuối", "đã quá hạn 2 ngày làm việc" (the committee's texts' area).
 */
export function standingText(lang: Lang, dueOn: string, today: string): string {
  const s = deadlineStanding(dueOn, today);
  if (s.kind === 'today') return message(lang, 'standing.today');
  return message(lang, s.days === 1 ? `standing.${s.kind}.one` : `standing.${s.kind}`, { days: s.days });
}

/** The label of a deadline kind; the data layer names some kinds in camelCase, the domain in snake_case. */
export function deadlineLabel(lang: Lang, kind: string): string {
  return message(lang, `deadline.${DEADLINE_ALIASES[kind] ?? kind}`, undefined, t(lang, 'deadline.other'));
}

const DEADLINE_ALIASES: Record<string, string> = {
  committeeDecision: 'decision',
  // the cell completes a dossier the committee returned
  resubmission: 'dossier',
  biography: 'member_biography',
  memberBiography: 'member_biography',
  certificateExpiry: 'certificate_expiry',
  newMemberCourse: 'new_member_course',
  staleDocuments: 'document_staleness',
  documentStaleness: 'document_staleness',
  cellVote: 'cell_vote',
  recognitionDecision: 'recognition_decision',
  probationEnd: 'probation_end',
};
