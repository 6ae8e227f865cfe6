/**
 * ketnap's one message catalogue: pages, mails, errors, validation and exports, Vietnamese first. Each area
 * keeps its messages in `messages/<area>.ts`, written with `defineMessages`; `t(lang, key, params)` reads any of
 * them, with the key and its parameters checked by the compiler. Pages use `translator(lang)`, the same lookup
 * bound to the request's language.
 */
export * from './catalogue.ts';
export { type Translator, translator } from './translator.ts';
