/**
 * Renders a paper to DOCX: the one module that loads the `docx` library, imported on first use by the drafts
 * route (a cold start of the api function does not parse it). Pure given the record: no I/O, nothing recorded.
 */
import type { ISectionOptions } from 'docx';
import { admissionMinutes, admissionResolution, voteReport } from './admission.ts';
import { type DraftId, draftById } from './catalogue.ts';
import { coverSheet } from './cover.ts';
import { admissionDecision } from './decision.ts';
import { toDocx } from './layout.ts';
import { recognitionMinutes, recognitionResolution } from './recognition.ts';
import type { DraftRecord } from './record.ts';

const BUILDERS: Record<DraftId, (rec: DraftRecord) => ISectionOptions[]> = {
  cover: coverSheet,
  'admission-minutes': admissionMinutes,
  'admission-resolution': admissionResolution,
  'vote-report': voteReport,
  'admission-decision': admissionDecision,
  'recognition-minutes': recognitionMinutes,
  'recognition-resolution': recognitionResolution,
};

/** The DOCX of one paper. Check `unavailableReason` first: a builder refuses a record that lacks its facts. */
export async function renderDraft(id: DraftId, rec: DraftRecord): Promise<Buffer> {
  return toDocx(BUILDERS[id](rec), { title: `${draftById(id).title.vi} — ${rec.candidate.fullName}` });
}
