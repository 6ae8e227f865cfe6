// Where a secretary meets the drafted papers: a card on the candidate's page listing what the record allows now
// (the cover sheet at any time; the minutes and the 6-KNĐ after a passing vote, the report-up paper after a failed
// one; the recognition papers after the recognition vote), and the links on a checklist line beside its upload.
// Pure HTML; the files come from GET /api/candidates/{id}/drafts/{formCode} (drafts-route.ts).
import type { CandidateView } from '../app/types.ts';
import { availableDrafts, type DraftSpec, draftsForForm } from '../drafts/catalogue.ts';
import { type Lang, translator } from '../i18n/index.ts';
import { h, type Raw } from './http.ts';
import { fmtDate } from './lang.ts';

export const draftHref = (cand: CandidateView, d: DraftSpec) => `/api/candidates/${cand.id}/drafts/${d.code}`;

const link = (cand: CandidateView, d: DraftSpec, lang: Lang) =>
  h`<a href="${draftHref(cand, d)}" download data-draft="${d.code}">${d.title[lang]}</a> <span class="muted">(DOCX)</span>`;

/** The sentence about the last vote's papers, when there is a vote whose papers are drafted. */
function voteNote(cand: CandidateView, lang: Lang): Raw | '' {
  const t = translator(lang);
  const rounds = cand.recognitionRounds ?? [];
  const last = rounds[rounds.length - 1];
  const vote = last ?? cand.cellVote;
  if (!vote) return '';
  const what = last
    ? last.passed && last.motion !== 'remove'
      ? t('drafts.recognitionPapers')
      : t('drafts.recognitionMinutes')
    : vote.passed
      ? t('drafts.passedPapers')
      : t('drafts.failedPapers');
  const sentence = t('drafts.voted', { date: fmtDate(vote.meetingOn), what });
  return h`<p role="status" id="drafts-vote">${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}</p>`;
}

/** The card of the candidate's page: every paper the record allows now, with how to use it. */
export function draftsCard(cand: CandidateView, lang: Lang): Raw {
  const t = translator(lang);
  const drafts = availableDrafts(cand);
  return h`<section class="card" aria-labelledby="h-drafts" id="drafts"><h2 id="h-drafts">${t('drafts.title')}</h2>
${voteNote(cand, lang)}
<ul id="draft-links">${drafts.map((d) => h`<li>${link(cand, d, lang)}</li>`)}</ul>
<p class="muted">${t('drafts.how')}</p>
</section>`;
}

/**
 * The links of a checklist line that ketnap drafts (6-KNĐ, 9-KNĐ, 13-KNĐ), while the line is open: the drafts
 * and, for whoever may upload, the way to the upload form with the line's form chosen. Empty once the signed
 * scan is in (the line is closed) or when the record does not allow the paper yet.
 */
export function checklistDraftLinks(
  cand: CandidateView,
  formCode: string,
  open: boolean,
  canUpload: boolean,
  lang: Lang,
): Raw | '' {
  if (!open) return '';
  const drafts = draftsForForm(cand, formCode);
  if (!drafts.length) return '';
  const t = translator(lang);
  return h`<span class="draft-links" data-form-drafts="${formCode}">${t('drafts.draft')}: ${drafts.map((d, i) => h`${i ? ' · ' : ''}<a href="${draftHref(cand, d)}" download data-draft="${d.code}">${d.formCode && d.id.endsWith('resolution') ? d.formCode : d.title[lang]}</a>`)}${canUpload ? h` · <a href="?form=${encodeURIComponent(formCode)}#upload-form">${t('drafts.uploadSigned')}</a>` : ''}</span>`;
}
