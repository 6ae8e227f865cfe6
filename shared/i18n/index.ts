/**
 * ketnap's one message catalogue: pages, mails, errors, validation and exports, Vietnamese first. Each area
 * keeps its messages in `messages/<area>.ts`, written with `defineMessages`; `t(lang, key, params)` reads any of
 * them, with the key and its parameters checked by the compiler. Pages use `translator(lang)`, the same lookup
 * bound to the request's language. Importing this module loads every area.
 */
import { appMessages } from './messages/app.ts';
import { approvalMessages } from './messages/approval.ts';
import { committeeMessages } from './messages/committee.ts';
import { dossierMessages } from './messages/dossier.ts';
import { draftMessages } from './messages/drafts.ts';
import { errorMessages } from './messages/errors.ts';
import { exportMessages } from './messages/exports.ts';
import { formMessages } from './messages/forms.ts';
import { labelMessages } from './messages/labels.ts';
import { pageMessages } from './messages/pages.ts';
import { poolMessages } from './messages/pool.ts';
import { reminderMessages } from './messages/reminders.ts';
import { fieldLabels, validationMessages } from './messages/validation.ts';

export * from './lookup.ts';
export { type Translator, translator } from './translator.ts';

/** The catalogue's areas, by name (a key belongs to exactly one: the unit test checks it). */
export const AREAS = {
  pages: pageMessages,
  dossier: dossierMessages,
  drafts: draftMessages,
  forms: formMessages,
  approval: approvalMessages,
  app: appMessages,
  committee: committeeMessages,
  pool: poolMessages,
  labels: labelMessages,
  reminders: reminderMessages,
  errors: errorMessages,
  validation: validationMessages,
  fields: fieldLabels,
  exports: exportMessages,
} as const;

/** Every message, by key. */
export const MESSAGES = Object.assign({}, ...Object.values(AREAS)) as import('./lookup.ts').Catalogue;
