/** Is the dossier ready for the cell's vote on `voteDate`? Every check of docs/rules.md#validations. */
import type { CalendarDate } from '../date.ts';
import { type Finding, passes } from '../findings.ts';
import type { Ruleset } from '../ruleset.ts';
import type { Dossier } from '../types.ts';
import { checkChecklist } from './documents.ts';
import { checkAge, checkEducation } from './eligibility.ts';
import { checkIntroducers } from './introducers.ts';

export interface ReadyResult {
  ready: boolean;
  findings: Finding[];
}

export function checkReadyForCellVote(
  dossier: Dossier,
  ruleset: Ruleset,
  voteDate: CalendarDate,
): ReadyResult {
  const c = dossier.candidate;
  const findings = [
    ...checkAge(c, voteDate, ruleset),
    ...checkEducation(c, ruleset),
    ...checkIntroducers(c, dossier.introducers, ruleset),
    ...checkChecklist(dossier, 'cell_vote', voteDate, ruleset),
  ];
  return { ready: passes(findings), findings };
}
