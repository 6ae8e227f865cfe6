/** The product's two languages: Vietnamese first, English on a switch. The one definition of them. */
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';
