// The candidate's timeline as a secretary reads it: each event in the Party's words, which form and file a
// document event is about, who did it (a person by name, the workflow as "the system"). One source for the
// candidate's page and the ZIP's `dien-bien.csv`.
import type { AuditEvent } from '../app/types.ts';
import type { Translator } from '../i18n/index.ts';

export interface TimelineLine {
  at: string;
  what: string;
  /** the form and file of a document event */
  about: string;
  stageTo: string;
  who: string;
}

/** Only a code the catalogue names is shown; an unknown one reads as a generic event, never as a code. */
const label = (t: Translator, key: string, generic: string) => {
  const s = t.dyn(key, '');
  return s || generic;
};

export function timelineLine(t: Translator, e: AuditEvent, names: Map<string, string>): TimelineLine {
  const d = (e.details ?? {}) as { formCode?: unknown; fileName?: unknown };
  const about = [d.formCode, d.fileName].filter((x) => typeof x === 'string' && x).join(' · ');
  const who =
    e.actorId === 'system' ? t('event.actor.system') : names.get(e.actorId) || t('event.actor.system');
  return {
    at: e.at,
    what: label(t, `event.${e.type}`, t('event.generic')),
    about,
    stageTo: e.stageTo && e.stageTo !== e.stageFrom ? t.dyn(`stage.${e.stageTo}`, '') : '',
    who,
  };
}

/**
 * The lines to show: each refused submission after the first in a row adds nothing new (the page says what is
 * missing now), so only the latest of consecutive refusals is kept.
 */
export function timelineLines(
  t: Translator,
  events: AuditEvent[],
  names: Map<string, string>,
): TimelineLine[] {
  const kept = events.filter(
    (e, i) => !(e.type === 'dossierReturned' && events[i + 1]?.type === 'dossierReturned'),
  );
  return kept.map((e) => timelineLine(t, e, names));
}
