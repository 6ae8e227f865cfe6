/**
 * Search key for a Vietnamese name: lower case, no diacritics, đ → d, single spaces.
 * nameKey('Nguyễn  Hồng Quang') === 'nguyen hong quang'.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of `query` starts a word of `name`, both compared by nameKey ("ng quang" finds "Nguyễn Hồng Quang"). */
export function nameMatches(name: string, query: string): boolean {
  const words = nameKey(name).split(' ');
  const q = nameKey(query);
  if (q === '') return true;
  return q.split(' ').every((w) => words.some((n) => n.startsWith(w)));
}

/** Longest and shortest person name accepted, in characters after NFC normalisation. */
export const PERSON_NAME_MAX = 100;
export const PERSON_NAME_MIN = 2;

/**
 * The person-name rule, the same at every boundary (referral, member lists, names in tokens): words of letters
 * (any script, with their diacritics), separated by single spaces, an apostrophe, a hyphen or a dot ("Ksor
 * H'Luông", "Nguyễn-Trần", "Y. Moan"); at most three combining marks on a letter. So no digits, no control
 * characters, no bidirectional overrides (U+202E …), no markup (`<`, `>`, `&`, `"`), no line breaks.
 */
const PERSON_NAME = /^\p{L}\p{M}{0,3}(?:(?:[ '’.-]|[.'’] )?\p{L}\p{M}{0,3})*\.?$/u;

/** The name in its stored form (NFC, single spaces, trimmed), or undefined when it is not a person's name. */
export function personName(raw: string): string | undefined {
  const name = raw.normalize('NFC').replace(/ {2,}/g, ' ').trim();
  if (name.length < PERSON_NAME_MIN || name.length > PERSON_NAME_MAX) return undefined;
  return PERSON_NAME.test(name) ? name : undefined;
}

export const isPersonName = (raw: string): boolean => personName(raw) !== undefined;
