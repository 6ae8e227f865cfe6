/** The message store behind `t`. Vietnamese first; English on request. */
import { DEFAULT_LANG, LANGS, type Lang } from '../domain/lang.ts';

export { DEFAULT_LANG, LANGS, type Lang };

export interface Message {
  vi: string;
  en: string;
}
export type Catalogue = Record<string, Message>;

const store = new Map<string, Message>();

/** Add messages. A key already present with different text is an error (two files fighting over a key). */
export function registerMessages(catalogue: Catalogue): void {
  for (const [key, msg] of Object.entries(catalogue)) {
    const had = store.get(key);
    if (had && (had.vi !== msg.vi || had.en !== msg.en)) throw new Error(`i18n key registered twice: ${key}`);
    store.set(key, msg);
  }
}

export const hasMessage = (key: string): boolean => store.has(key);

/**
 * The message `key` in `lang`, with `{name}` placeholders replaced from `params`. Falls back to Vietnamese,
 * then to the key itself (so a missing key shows up, not an empty string).
 */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const msg = store.get(key);
  const text = msg ? (msg[lang] ?? msg.vi) : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** 'en' when asked for English ('en', 'en-US', an Accept-Language list starting with en), else 'vi'. */
export function parseLang(input: string | null | undefined): Lang {
  if (!input) return DEFAULT_LANG;
  const first = input.split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'en' || first.startsWith('en-') ? 'en' : DEFAULT_LANG;
}
