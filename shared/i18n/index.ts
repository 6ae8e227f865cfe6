/**
 * ketnap messages: `t(lang, key, params)`. Vietnamese first.
 *
 * Each part keeps its keys in its own file here (e.g. `web.ts`, `reminders.ts`) exporting a Catalogue, and
 * adds it to CATALOGUES below (one line), or calls `registerMessages` at start-up.
 */
import { type Catalogue, registerMessages } from './catalogue.ts';
import { committeeMessages } from './committee.ts';
import { commonMessages } from './common.ts';
import { fieldLabels, validationMessages } from './validation.ts';

export * from './catalogue.ts';

const CATALOGUES: Catalogue[] = [commonMessages, validationMessages, fieldLabels, committeeMessages];
for (const c of CATALOGUES) registerMessages(c);
