// Secretary's pages: the candidate list, a candidate's page, and the forms of the human steps.
import { canSeeCell } from '../ops.ts';
import type { AnyRoute } from '../router.ts';
import { detailRoute } from './candidate-detail.ts';
import { listRoute } from './candidate-list.ts';
import { withdrawDocRoutes } from './dossier-view.ts';
import { referForm } from './refer-form.ts';
import {
  appraisalForm,
  biographyForm,
  ceremonyForm,
  courseForm,
  decisionForm,
  dossierForm,
  newMemberCourseForm,
  probationEndForm,
  withdrawForm,
} from './step-forms.ts';
import { recognitionForm, voteForm } from './vote-forms.ts';
export const candidatePages: AnyRoute[] = [
  listRoute,
  ...referForm,
  detailRoute,
  ...courseForm,
  ...dossierForm,
  ...voteForm,
  ...appraisalForm,
  ...decisionForm,
  ...ceremonyForm,
  ...biographyForm,
  ...newMemberCourseForm,
  ...probationEndForm,
  ...recognitionForm,
  ...withdrawForm,
  ...withdrawDocRoutes,
];

export { canSeeCell };
