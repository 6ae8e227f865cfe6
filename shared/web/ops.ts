// The web layer's bridge to the application services: actor conversion and the cell scope, enforced here
// on top of the services' own check. Another cell's candidate answers 404, as if it did not exist.
import * as app from '../app/index.ts';
import { type Actor, type CandidateView, STAGES, type Stage } from '../app/types.ts';
import type { WebActor } from './auth.ts';
import { HttpError, notFound } from './http.ts';
import { todayVn } from './lang.ts';

/** The stages in the order of the procedure: the app's own list (shared/app/types.ts). */
export const STAGE_LIST: readonly Stage[] = STAGES;

export function toActor(a: WebActor): Actor {
  return { userId: a.userId, role: a.role, cellIds: a.cellIds };
}

/** A person sees the cells of its token, whatever its role (an admin of one cell sees that cell only). */
export function canSeeCell(a: WebActor, cellId: string): boolean {
  return a.cellIds.includes(cellId);
}

/** The cell a request works on: the one asked for if visible, else the actor's first cell. */
export function pickCell(a: WebActor, requested?: string): string {
  if (requested) {
    if (!canSeeCell(a, requested)) throw notFound();
    return requested;
  }
  const first = a.cellIds[0];
  if (!first) throw notFound();
  return first;
}

function isScopeError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    (e as { name?: unknown } | null)?.name === 'AppError' && (code === 'FORBIDDEN' || code === 'NOT_FOUND')
  );
}

/** Run a service call on a candidate; "forbidden" for scope is answered as 404. */
export async function scoped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isScopeError(e)) throw new HttpError(404, 'not_found', undefined, { cause: e });
    throw e;
  }
}

export async function loadCandidate(a: WebActor, candidateId: string): Promise<CandidateView> {
  return (await loadForStep(a, candidateId)).view;
}

/**
 * The candidate, scoped to the actor's cells (another cell's is not found): its view, and the item a step takes
 * from the same request (so the step does not read it again).
 */
export async function loadForStep(a: WebActor, candidateId: string) {
  const c = await scoped(() => app.candidateForStep(toActor(a), candidateId));
  if (!canSeeCell(a, c.view.cellId)) throw notFound();
  return c;
}

/** All candidates of a cell (every stage), or a stage's, or a name search. */
export async function cellCandidates(
  a: WebActor,
  cellId: string,
  q: { stage?: string | undefined; q?: string | undefined },
): Promise<CandidateView[]> {
  const actor = toActor(a);
  if (q.q?.trim()) {
    const found = await app.searchCandidates(actor, { cellId, q: q.q.trim(), limit: 100 });
    return q.stage ? found.filter((c) => c.stage === q.stage) : found;
  }
  const stages = q.stage ? STAGE_LIST.filter((s) => s === q.stage) : STAGE_LIST;
  const pages = await Promise.all(
    stages.map((stage) => app.listCandidates(actor, { cellId, stage, limit: 100 })),
  );
  return pages.flatMap((p) => p.items).filter((c) => c.cellId === cellId);
}

/** Which stage-changing forms the current stage allows (each name is the form's path segment). */
export type ActionName =
  | 'course'
  | 'dossier'
  | 'vote'
  | 'appraisal'
  | 'decision'
  | 'ceremony'
  | 'biography'
  | 'new-member-course'
  | 'probation-end'
  | 'recognition'
  | 'withdraw'
  | 'upload';
export function allowedActions(
  c: CandidateView,
  role: WebActor['role'],
  today: string = todayVn(),
): ActionName[] {
  const by: Partial<Record<Stage, ActionName[]>> = {
    AWAITING_COURSE: ['course', 'withdraw'],
    DOSSIER: ['upload', 'dossier', 'withdraw'],
    AWAITING_CELL_VOTE: ['upload', 'vote', 'withdraw'],
    AWAITING_APPRAISAL: ['upload', 'appraisal', 'withdraw'],
    AWAITING_DECISION: ['upload', 'decision', 'withdraw'],
    AWAITING_CEREMONY: ['upload', 'ceremony', 'withdraw'],
    // in probation, `withdraw` removes the name (xóa tên); `upload` takes the recognition dossier (10-KNĐ…)
    AWAITING_BIOGRAPHY: ['upload', 'biography', 'withdraw'],
    AWAITING_NEW_MEMBER_COURSE: ['upload', 'new-member-course', 'withdraw'],
    // the end of the 12 months: a button once the day has come (the daily job completes it too)
    PROBATION:
      c.probationEndsOn && today >= c.probationEndsOn
        ? ['upload', 'probation-end', 'withdraw']
        : ['upload', 'withdraw'],
    AWAITING_RECOGNITION: ['upload', 'recognition', 'withdraw'],
    // three rounds without 2/3: the superior committee recognises or removes the name (the decision form)
    AWAITING_SUPERIOR: ['upload', 'decision', 'withdraw'],
  };
  const all = by[c.stage] ?? [];
  // the committee decides (in the app or from its mail link) and may record the appraisal; the cell's
  // secretary does the rest (the appraisal too, as the service allows)
  if (role === 'committee') return all.filter((a) => a === 'decision' || a === 'appraisal');
  if (role === 'secretary') return all.filter((a) => a !== 'decision');
  return all;
}

export const SECRETARY_ROLES = ['secretary', 'admin'] as const;
export const COMMITTEE_ROLES = ['committee', 'admin'] as const;
