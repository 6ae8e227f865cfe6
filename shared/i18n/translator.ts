/** `t` bound to one language, as the pages use it: `t('cand.title')`, `t.dyn(\`stage.${code}\`, code)`. */
import type { Lang } from '../domain/lang.ts';
import { type MessageKey, message, type ParamArgs, t } from './lookup.ts';

export type Translator = (<K extends MessageKey>(key: K, ...params: ParamArgs<K>) => string) & {
  /** a key known only at run time (stage codes, form codes); `fallback` (by default the key) when unknown */
  dyn(key: string, fallback?: string): string;
  /** the text with its `{placeholders}` left in, for a script in the page to fill */
  template(key: MessageKey): string;
  lang: Lang;
};

export function translator(lang: Lang): Translator {
  const tr = (<K extends MessageKey>(key: K, ...params: ParamArgs<K>) =>
    t(lang, key, ...params)) as Translator;
  tr.dyn = (key: string, fallback?: string) => message(lang, key, undefined, fallback ?? key);
  tr.template = (key: MessageKey) => message(lang, key);
  tr.lang = lang;
  return tr;
}
