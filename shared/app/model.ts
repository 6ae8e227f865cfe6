/**
 * What the application services share: the stage ↔ step map, the domain-stage walk (the domain's transition table),
 * the cell scope, and the mapping of stored items to views (the workflow token never leaves the item).
 */
import { type CandidateItem, candidateItems, getCandidateItem, type Item } from '../adapters/repository.ts';
import { keys, SK_PREFIX } from '../adapters/table.ts';
import { both, type MessageKey, type ParamArgs } from '../i18n/lookup.ts';
// the services' own texts: the workflow functions start without the pages' catalogue
import '../i18n/messages/app.ts';
import { type Stage as DomainStage, type TransitionContext, transition } from '../domain/stages.ts';
import {
  type Actor,
  AppError,
  type CandidateView,
  FINAL_STAGES,
  type Message,
  type Role,
  type Stage,
  type Step,
} from './types.ts';

/** The step the workflow waits for in each non-final stage. */
export const STEP_OF: Partial<Record<Stage, Step>> = {
  AWAITING_COURSE: 'course',
  DOSSIER: 'dossier',
  AWAITING_CELL_VOTE: 'cellVote',
  AWAITING_APPRAISAL: 'appraisal',
  AWAITING_DECISION: 'decision',
  AWAITING_CEREMONY: 'ceremony',
  AWAITING_BIOGRAPHY: 'biography',
  AWAITING_NEW_MEMBER_COURSE: 'newMemberCourse',
  PROBATION: 'probationEnd',
  AWAITING_RECOGNITION: 'recognition',
  AWAITING_SUPERIOR: 'superior',
};

export const PROBATION_STAGES: readonly Stage[] = [
  'AWAITING_BIOGRAPHY',
  'AWAITING_NEW_MEMBER_COURSE',
  'PROBATION',
  'AWAITING_RECOGNITION',
  'AWAITING_SUPERIOR',
];

/**
 * The one mapping between the two stage vocabularies. The domain's stages (shared/domain/stages.ts) are the
 * regulation's states, kept on the candidate as `domainStage` and moved only by `walk`; the app's stages are
 * the coarser view of where the workflow waits (the probation's three waits share the domain's PROBATIONARY).
 * Each app stage lists the domain stages a candidate may be in while there; `advance` refuses a change whose
 * two stages disagree, so no step can move one vocabulary without the other.
 */
export const DOMAIN_STAGES_OF: Readonly<Record<Stage, readonly DomainStage[]>> = {
  AWAITING_COURSE: ['COURSE_ENROLLED'],
  DOSSIER: ['DOSSIER_IN_PREPARATION', 'RETURNED_FOR_CHANGES'],
  AWAITING_CELL_VOTE: ['READY_FOR_CELL'],
  AWAITING_APPRAISAL: ['CELL_APPROVED'],
  AWAITING_DECISION: ['SUBMITTED_TO_COMPETENT', 'REPORTED_UP'],
  AWAITING_CEREMONY: ['ADMITTED'],
  AWAITING_BIOGRAPHY: ['PROBATIONARY'],
  AWAITING_NEW_MEMBER_COURSE: ['PROBATIONARY'],
  PROBATION: ['PROBATIONARY'],
  AWAITING_RECOGNITION: ['RECOGNITION_PENDING'],
  AWAITING_SUPERIOR: ['RECOGNITION_REPORTED_UP'],
  OFFICIAL: ['OFFICIAL'],
  NAME_REMOVED: ['NAME_REMOVED'],
  REFUSED: ['REFUSED'],
  WITHDRAWN: ['WITHDRAWN'],
};

/** Throws when a candidate would be at app stage `stage` with domain stage `domainStage` (a bug, not input). */
export function assertStagesAgree(stage: string, domainStage: unknown): void {
  const allowed = DOMAIN_STAGES_OF[stage as Stage] as readonly unknown[] | undefined;
  if (!allowed?.includes(domainStage)) {
    throw new Error(`stage ${stage} does not allow the domain stage ${String(domainStage)}`);
  }
}

/**
 * Walk the domain's stage table (shared/domain/stages.ts) along `path`; a move it refuses is refused here
 * too, with its reason.
 */
export function walk(from: DomainStage, path: DomainStage[], ctx: TransitionContext = {}): DomainStage {
  let at = from;
  for (const to of path) {
    const r = transition(at, to, ctx);
    if (!r.ok) throw new AppError('WRONG_STAGE', r.reason, { code: r.code, from: at, to });
    at = to;
  }
  return at;
}

/** The message `key` of the catalogue in both languages, for an `AppError`. */
export const msg = <K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message => both(key, ...params);

export const canSeeCell = (actor: Actor, cellId: string) =>
  actor.allCells === true || actor.cellIds.includes(cellId);

export function assertCell(actor: Actor, cellId: string): void {
  if (!canSeeCell(actor, cellId)) {
    throw new AppError('FORBIDDEN', msg('app.noAccessCell'));
  }
}

export function assertRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError('FORBIDDEN', msg('app.notAllowed'));
  }
}

/** The candidate, if the actor may see it; another cell's candidate answers NOT_FOUND (no existence leak). */
export async function loadCandidate(actor: Actor, candidateId: string): Promise<CandidateItem> {
  const item = await getCandidateItem(candidateId);
  if (!item || !canSeeCell(actor, item.cellId)) {
    throw new AppError('NOT_FOUND', msg('app.candidateNotFound'));
  }
  return item;
}

/**
 * The candidate and its documents (every status), from ONE consistent Query of the candidate's partition: the
 * sort keys from `DOC#` to `META`, the events between them filtered out. Scoped like `loadCandidate`.
 */
export async function loadCandidateWithDocuments(
  actor: Actor,
  candidateId: string,
): Promise<{ cand: CandidateItem; docs: Item[] }> {
  const { cand, under } = await candidateItems(
    candidateId,
    SK_PREFIX.document,
    keys.candidate(candidateId).SK,
  );
  if (!cand || !canSeeCell(actor, cand.cellId)) {
    throw new AppError('NOT_FOUND', msg('app.candidateNotFound'));
  }
  return { cand, docs: under(SK_PREFIX.document) };
}

export function assertStep(cand: CandidateItem, step: Step): void {
  if (cand.waitingFor !== step) {
    throw new AppError('WRONG_STAGE', msg('app.wrongStep'), {
      stage: cand.stage,
      waitingFor: cand.waitingFor,
    });
  }
}

export function assertVersion(cand: CandidateItem, expected?: number): void {
  if (expected !== undefined && expected !== cand.version) {
    throw new AppError('CONFLICT', msg('app.versionConflictReload'), { version: cand.version });
  }
}

export const isFinal = (stage: string) => (FINAL_STAGES as readonly string[]).includes(stage);

const VIEW_FIELDS = [
  'id',
  'cellId',
  'fullName',
  'birthDate',
  'stage',
  'stageSince',
  'version',
  'rulesetId',
  'referredOn',
  'introduction',
  'introducers',
  'course',
  'cellVote',
  'appraisal',
  'decision',
  'ceremonyOn',
  'probationEndsOn',
  'officialOn',
  'recognitionRounds',
  'newMemberCourse',
  'biographyOn',
  'findings',
  'withdrawal',
  'committeeOutcome',
] as const;

/** The view of a candidate item: never the workflow token, never the index keys. */
export function toView(item: Item): CandidateView {
  const view: Record<string, unknown> = {};
  for (const f of VIEW_FIELDS) if (item[f] !== undefined) view[f] = item[f];
  view.waitingFor = item.waitingFor ?? null;
  return view as CandidateView;
}

export const today = (now: Date = new Date()) => {
  // the calendar day in Vietnam (UTC+7)
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
};
