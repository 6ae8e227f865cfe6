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
