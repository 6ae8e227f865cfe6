/**
 * The one way to write messages: `defineMessages({ key: { vi, en } })`. An entry without both languages, or
 * whose English names other `{placeholders}` than its Vietnamese, does not compile; the literal texts are kept
 * in the type, so `t` knows every key and the parameters each one takes.
 */

/** The `{name}` placeholders of a text, as a union of their names (`never` when it has none). */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

export interface Message {
  readonly vi: string;
  readonly en: string;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Each entry as written, or, when its languages name different placeholders, a type no text satisfies. */
type SameParams<M extends Record<string, Message>> = {
  [K in keyof M]: Same<Placeholders<M[K]['vi']>, Placeholders<M[K]['en']>> extends true
    ? M[K]
    : { vi: M[K]['vi']; en: M[K]['en']; placeholders: 'the same {names} in vi and en' };
};

const store = new Map<string, Message>();
/** The messages of the areas loaded so far, by key. */
export const loaded: ReadonlyMap<string, Message> = store;

/**
 * Messages of one area, Vietnamese first: every key has `vi` and `en`, with the same placeholders. They are
 * registered for the lookups; a key another area already gave another text is an error.
 */
export function defineMessages<const M extends Record<string, Message>>(messages: M & SameParams<M>): M {
  for (const [key, m] of Object.entries(messages) as [string, Message][]) {
    const had = store.get(key);
    if (had && (had.vi !== m.vi || had.en !== m.en)) throw new Error(`message key defined twice: ${key}`);
    store.set(key, m);
  }
  return messages;
}
