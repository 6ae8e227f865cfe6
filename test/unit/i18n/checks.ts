/**
 * The checks of the one catalogue and of what a page shows, as functions, so the tests can prove each one
 * fails on a planted fault before trusting it on the real catalogue and the real pages.
 */
import { MESSAGES, type Message } from '../../../shared/i18n/index.ts';

type Areas = Readonly<Record<string, Readonly<Record<string, Message>>>>;

/** Keys defined in more than one area. */
export function keysInTwoAreas(areas: Areas): string[] {
  const seen = new Map<string, number>();
  for (const area of Object.values(areas))
    for (const key of Object.keys(area)) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** Keys two areas define with different texts. */
export function textClashes(areas: Areas): string[] {
  const first = new Map<string, Message>();
  const clashes = new Set<string>();
  for (const area of Object.values(areas))
    for (const [key, m] of Object.entries(area)) {
      const had = first.get(key);
      if (had && (had.vi !== m.vi || had.en !== m.en)) clashes.add(key);
      else first.set(key, m);
    }
  return [...clashes];
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/**
 * What is wrong with a catalogue: a language missing or blank, the two languages naming different
 * placeholders, a Vietnamese text equal to its English one without being listed as the same on purpose.
 */
export function catalogueProblems(
  catalogue: Readonly<Record<string, Partial<Message>>>,
  sameOnPurpose: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const [key, m] of Object.entries(catalogue)) {
    const vi = m.vi?.trim() ?? '';
    const en = m.en?.trim() ?? '';
    if (!vi) problems.push(`${key}: no Vietnamese`);
    if (!en) problems.push(`${key}: no English`);
    if (vi && en && placeholders(vi).join() !== placeholders(en).join())
      problems.push(`${key}: placeholders {${placeholders(vi)}} in vi, {${placeholders(en)}} in en`);
    if (vi && vi === en && !sameOnPurpose.has(key)) problems.push(`${key}: Vietnamese equals English`);
  }
  for (const key of sameOnPurpose)
    if (catalogue[key] && catalogue[key].vi !== catalogue[key].en)
      problems.push(`${key}: listed as the same in both languages, but is not`);
  return problems;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/**
 * The text a person meets on a page: its text nodes and the attributes that are read or shown (title,
 * aria-label, placeholder, alt, a button's value), without scripts, styles or data-* attributes.
 */
export function visibleText(html: string): string {
  const shown: string[] = [];
  const body = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  for (const m of body.matchAll(/\s(?:title|aria-label|placeholder|alt)="([^"]*)"/g)) shown.push(m[1] ?? '');
  for (const m of body.matchAll(/<input\b[^>]*\btype="(?:submit|button)"[^>]*\bvalue="([^"]*)"/g))
    shown.push(m[1] ?? '');
  shown.push(body.replace(/<[^>]*>/g, '\n'));
  return shown
    .join('\n')
    .replace(/&(#39|amp|lt|gt|quot|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/[ \t]+/g, ' ');
}

/**
 * The English fragments (the parts between placeholders, of three letters or more) that the entry's Vietnamese
 * does not share: any of them on a Vietnamese page is English that reached it.
 */
export function englishFragments(catalogue: Readonly<Record<string, Message>> = MESSAGES): string[] {
  const out = new Set<string>();
  for (const m of Object.values(catalogue)) {
    if (m.en === m.vi) continue;
    for (const part of m.en.split(/\{\w+\}/)) {
      const frag = part.trim().replace(/^[-–—:;,.()·"“]+\s*|\s*[-–—:;,(·"“]+$/g, '');
      if ((frag.match(/\p{L}/gu) ?? []).length < 3) continue;
      // a name or code the Vietnamese keeps too ("[ketnap]", "9-KNĐ") is not English
      if (m.vi.includes(frag)) continue;
      out.add(frag);
    }
  }
  return [...out];
}

/** The first segments of the catalogue's keys (`err`, `stage`, `pool`…): a word starting so is a key. */
const NAMESPACES = [...new Set(Object.keys(MESSAGES).map((k) => k.split('.')[0] ?? k))];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English catalogue fragments in `text`, each as a whole word run. */
export function englishIn(text: string, fragments: readonly string[]): string[] {
  return fragments.filter((f) => wordRun(f).test(text));
}

const wordRuns = new Map<string, RegExp>();
const wordRun = (f: string): RegExp => {
  let re = wordRuns.get(f);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(f)}(?![\\p{L}\\p{N}])`, 'u');
    wordRuns.set(f, re);
  }
  return re;
};

/**
 * Codes a person should never read: snake_case identifiers (`not_found`, `dossier_incomplete`), message keys
 * (`err.conflict`, `stage.PROBATION`), stage and error codes in capitals (`AWAITING_COURSE`), unfilled
 * `{placeholders}`.
 */
export function codesIn(text: string): string[] {
  const found = new Set<string>();
  for (const re of [
    /(?<![\p{L}\p{N}/.@-])[a-z]+(?:_[a-z0-9]+)+(?![\p{L}\p{N}])/gu,
    /(?<![\p{L}\p{N}/.@-])[A-Z]+(?:_[A-Z0-9]+)+(?![\p{L}\p{N}])/gu,
    new RegExp(
      `(?<![\\p{L}\\p{N}/.@-])(?:${NAMESPACES.join('|')})(?:\\.[A-Za-z_]+)+(?![\\p{L}\\p{N}])`,
      'gu',
    ),
    /\{\w+\}/g,
  ])
    for (const m of text.matchAll(re)) found.add(m[0]);
  return [...found];
}

/**
 * The keys a module names (as a literal, or as the fixed start of a template literal: `reminder.status.${s}`)
 * that none of `areas` holds: with only those areas loaded, the module would show the key itself.
 */
export function keysOutside(
  source: string,
  areas: readonly Readonly<Record<string, Message>>[],
  all: Readonly<Record<string, Message>> = MESSAGES,
): string[] {
  const held = new Set(areas.flatMap((a) => Object.keys(a)));
  const named = [...source.matchAll(/'([a-z][\w]*(?:\.[\w]+)+)'/g)]
    .map((m) => m[1] ?? '')
    .filter((k) => Object.hasOwn(all, k) && !held.has(k));
  const prefixes = [...source.matchAll(/`([a-z][\w]*(?:\.[\w]+)*\.)\$\{/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => Object.keys(all).some((k) => k.startsWith(p)) && ![...held].some((k) => k.startsWith(p)))
    .map((p) => `${p}*`);
  return [...new Set([...named, ...prefixes])];
}
