// The candidate's timeline as a secretary reads it: each event in the Party's words, which form and file a
// document event is about, who did it (a person by name, the workflow as "the system"). One source for the
// candidate's page and the ZIP's `dien-bien.csv`.
import type { AuditEvent } from '../app/types.ts';
import './labels.ts';
import { addStrings, type Translator } from './strings.ts';

// events the workflows record (labels.ts has the steps' own)
addStrings('vi', {
  'event.probationStarted': 'Bắt đầu thời gian dự bị',
  'event.probationFinished': 'Kết thúc quy trình dự bị',
  'event.workflowContinued': 'Quy trình tiếp tục',
  'event.workflowFailed': 'Quy trình gặp lỗi, đang xử lý lại',
  'event.documentWithdrawn': 'Rút tài liệu nộp nhầm',
  'event.actor.system': 'hệ thống',
});
addStrings('en', {
  'event.probationStarted': 'Probation started',
  'event.probationFinished': 'Probation process finished',
  'event.workflowContinued': 'Process continued',
  'event.workflowFailed': 'Process error, being retried',
  'event.documentWithdrawn': 'Wrongly filed document withdrawn',
  'event.actor.system': 'system',
});

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
    e.actorId === 'system'
      ? t.dyn('event.actor.system')
      : names.get(e.actorId) || t.dyn('event.actor.system');
  return {
    at: e.at,
    what: label(t, `event.${e.type}`, t.lang === 'vi' ? 'Cập nhật hồ sơ' : 'Record updated'),
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
