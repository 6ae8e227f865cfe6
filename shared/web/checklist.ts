// The dossier checklists shown on a candidate's page: one line per form (per introducer for the letters of
// introduction), every file of the line with its date, and which one counts. How long a document stays valid
// comes from the domain (the candidate's ruleset: the certificate's 60 months, the 12 months of the letters,
// resolutions and comments), as the checks at submission see it (docs/rules.md §3.5, §3.6).
import { PROBATION_STAGES } from '../app/model.ts';
import { type CandidateView, type DocumentView, STAGES, type Stage } from '../app/types.ts';
import { certificateValidUntil, documentFreshUntil } from '../domain/deadlines.ts';
import { FORM_TITLES } from '../domain/forms.ts';
import { type FormCode, rulesetById } from '../domain/ruleset.ts';

/** `later`: not due yet (a document that comes out of a later step: the vote, the decision). */
export type DocStatus = 'missing' | 'uploaded' | 'expired' | 'accepted' | 'later';

export interface ChecklistItem {
  formCode: string;
  label: { vi: string; en: string };
  status: DocStatus;
  /** every file of the line, newest first, withdrawn ones included */
  documents: DocumentView[];
  /** the file that counts: the newest one not withdrawn */
  counts?: DocumentView;
  /** 3-KNĐ: whose letter this line is */
  introducer?: { memberId: string; fullName: string };
  /** the step that produces it (shown while it is `later`) */
  producedBy?: 'vote' | 'decision';
}

/** The admission dossier in the order a secretary assembles it; 6- and 9-KNĐ come out of later steps. */
export const ADMISSION_FORMS: { formCode: FormCode; producedBy?: 'vote' | 'decision' }[] = [
  { formCode: 'CN-NTVĐ' },
  { formCode: '1-KNĐ' },
  { formCode: '2-KNĐ' },
  { formCode: '3-KNĐ' },
  { formCode: '4A-KNĐ' },
  { formCode: '5-KNĐ' },
  { formCode: '6-KNĐ', producedBy: 'vote' },
  { formCode: '9-KNĐ', producedBy: 'decision' },
];

/** From the cell's vote on, up to official member: the dossier was accepted (STAGES is in procedure order). */
const ACCEPTED_FROM: readonly Stage[] = STAGES.slice(
  STAGES.indexOf('AWAITING_CELL_VOTE'),
  STAGES.indexOf('OFFICIAL') + 1,
);

/** In probation (after the ceremony, before the final decision): the recognition dossier is the one open. */
export const inProbation = (c: CandidateView): boolean => PROBATION_STAGES.includes(c.stage);

/** Admitted: the ceremony was held (probation, or a final stage reached through it). */
const admitted = (c: CandidateView): boolean => inProbation(c) || (!!c.ceremonyOn && c.stage !== 'WITHDRAWN');

const newestFirst = (docs: DocumentView[]) =>
  [...docs].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
const dayOf = (d: DocumentView) => d.signedOn ?? d.uploadedAt.slice(0, 10);

/** The introducing members of a candidate, by name (a candidate referred before names were kept: by id). */
export const introducersOf = (c: CandidateView): { memberId: string; fullName: string }[] =>
  c.introducers ?? c.introduction.introducerMemberIds.map((memberId) => ({ memberId, fullName: memberId }));

/** Has the step that produces the form happened? */
function produced(c: CandidateView, by: 'vote' | 'decision' | undefined): boolean {
  if (by === 'vote') return !!c.cellVote;
  if (by === 'decision') return c.decision?.decision === 'approve' || !!c.ceremonyOn;
  return true;
}

export function checklist(c: CandidateView, docs: DocumentView[], today: string): ChecklistItem[] {
  const ruleset = rulesetById(c.rulesetId);
  const accepted = ACCEPTED_FROM.includes(c.stage);
  const kept = admitted(c);
  const forms = ADMISSION_FORMS.filter(
    (f) => f.formCode !== '4A-KNĐ' || c.introduction?.path !== 'two-members',
  );
  const line = (
    f: (typeof ADMISSION_FORMS)[number],
    mine: DocumentView[],
    introducer?: { memberId: string; fullName: string },
  ): ChecklistItem => {
    const all = newestFirst(mine);
    const counts = all.find((d) => !d.withdrawn);
    let status: DocStatus = produced(c, f.producedBy) ? 'missing' : 'later';
    if (counts) {
      const validUntil =
        f.formCode === 'CN-NTVĐ'
          ? certificateValidUntil(c.course?.issuedOn ?? dayOf(counts), ruleset)
          : ruleset.documentStaleness.forms.includes(f.formCode)
            ? documentFreshUntil(dayOf(counts), ruleset)
            : undefined;
      // once admitted, the dossier the cell voted on no longer goes stale
      if (validUntil && validUntil < today && !kept) status = 'expired';
      else status = accepted && !f.producedBy ? 'accepted' : 'uploaded';
    }
    return {
      formCode: f.formCode,
      label: FORM_TITLES[f.formCode],
      status,
      documents: all,
      ...(counts ? { counts } : {}),
      ...(introducer ? { introducer } : {}),
      ...(f.producedBy ? { producedBy: f.producedBy } : {}),
    };
  };
  return forms.flatMap((f) => {
    const mine = docs.filter((d) => d.formCode === f.formCode);
    if (f.formCode !== '3-KNĐ') return [line(f, mine)];
    // one line per introducer, by name: one letter does not stand for the other
    return introducersOf(c).map((m) =>
      line(
        f,
        mine.filter((d) => d.introducerMemberId === m.memberId),
        m,
      ),
    );
  });
}

/** The recognition forms a secretary keeps in the app (§2c): the self-review, the helper's comments, the
 * summary of comments, and the cell's resolution. Later forms come from the committees. */
export const RECOGNITION_FORMS: readonly FormCode[] = ['10-KNĐ', '11-KNĐ', '12-KNĐ', '13-KNĐ'];

export interface RecognitionItem extends ChecklistItem {
  /** the ruleset lists it before the cell's recognition vote */
  beforeVote: boolean;
}

/** The recognition dossier: each form, whether the ruleset needs it before the vote, and its status. */
export function recognitionChecklist(c: CandidateView, docs: DocumentView[]): RecognitionItem[] {
  const ruleset = rulesetById(c.rulesetId);
  const beforeVote = new Set(ruleset.checklists.recognition_vote.map((i) => i.form));
  const recognised = c.stage === 'OFFICIAL';
  return RECOGNITION_FORMS.map((form) => {
    const all = newestFirst(docs.filter((d) => d.formCode === form));
    const counts = all.find((d) => !d.withdrawn);
    const before = beforeVote.has(form);
    let status: DocStatus;
    if (counts) status = recognised && before ? 'accepted' : 'uploaded';
    // the cell's resolution comes out of the vote: not due before it
    else status = before || recognised ? 'missing' : 'later';
    return {
      formCode: form,
      label: FORM_TITLES[form],
      status,
      documents: all,
      ...(counts ? { counts } : {}),
      beforeVote: before,
    };
  });
}

/** The forms the ruleset needs before the recognition vote that are not uploaded yet. */
export const missingBeforeRecognitionVote = (items: RecognitionItem[]): RecognitionItem[] =>
  items.filter((i) => i.beforeVote && i.status === 'missing');
