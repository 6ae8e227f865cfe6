/**
 * The frame every human step runs in: parse → load (cell scope) → check the candidate is at the step →
 * validate with the domain → ONE transaction → complete the waiting task (engine.advance).
 */
import type * as z from 'zod';
import {
  type CandidateItem,
  type DeadlineOpen,
  getItems,
  type Item,
  type StageChange,
} from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import { checkCellVote } from '../domain/checks/votes.ts';
import { nextReminderOn } from '../domain/deadlines.ts';
import { blocking, type Finding as DomainFinding } from '../domain/findings.ts';
import { type Ruleset, rulesetById } from '../domain/ruleset.ts';
import { type CellItem, loadCell } from './candidates.ts';
import { advance } from './engine.ts';
import {
  assertRole,
  assertStep,
  assertVersion,
  canSeeCell,
  loadCandidate,
  loadCandidateWithDocuments,
  msg,
  today,
} from './model.ts';
import { parse } from './parse.ts';
import { type Actor, AppError, type Role, type Step } from './types.ts';

export const SECRETARY: Role[] = ['secretary', 'admin'];
export const COMMITTEE: Role[] = ['committee', 'admin'];

export type Ctx<I> = {
  actor: Actor;
  cand: CandidateItem;
  input: I;
  ruleset: Ruleset;
  now: string;
  /** the candidate's documents, every status (with `documents: true`) */
  docs?: Item[];
  /** the candidate's cell (read with the candidate when `cell: true` and the actor's scope names one cell) */
  cell: () => Promise<CellItem>;
};
export type Plan = Omit<StageChange, 'cand' | 'now' | 'step'>;

export async function runStep<T extends z.ZodType>(
  actor: Actor,
  candidateId: string,
  raw: unknown,
  schema: T,
  step: Step,
  roles: Role[],
  plan: (ctx: Ctx<z.infer<T>>) => Promise<Plan> | Plan,
  opts: {
    extra?: StageChange['extra'];
    /** the candidate, when the caller has just read it (with `loadCandidate`) */
    loaded?: CandidateItem;
    /** the plan needs the candidate's documents: read with the candidate, in one Query */
    documents?: boolean;
    /** the plan needs the candidate's cell: read with the candidate when the actor's scope names one cell */
    cell?: boolean;
  } = {},
): Promise<CandidateItem> {
  const input = parse(schema, raw) as z.infer<T> & { expectedVersion?: number };
  const { extra, loaded } = opts;
  let docs: Item[] | undefined;
  let cand: CandidateItem;
  let cellRead: { item: CellItem | undefined } | undefined;
  // the documents come with the candidate from one Query: a caller's item does not save that read
  if (loaded && !opts.documents) cand = loaded;
  else if (opts.documents) ({ cand, docs } = await loadCandidateWithDocuments(actor, candidateId));
  else if (opts.cell) ({ cand, cellRead } = await loadCandidateWithCell(actor, candidateId));
  else cand = await loadCandidate(actor, candidateId);
  const cell = async () => {
    if (!cellRead) return loadCell(cand.cellId);
    if (!cellRead.item) throw new AppError('NOT_FOUND', msg('app.cellNotFound'));
    return cellRead.item;
  };
  assertRole(actor, roles);
  assertStep(cand, step);
  assertVersion(cand, input.expectedVersion);
  const now = new Date().toISOString();
  const ruleset = rulesetById(String(cand.rulesetId));
  const p = await plan({ actor, cand, input, ruleset, now, cell, ...(docs ? { docs } : {}) });
  return advance({ ...p, cand, now, step, extra: [...(p.extra ?? []), ...(extra ?? [])] });
}

/**
 * The candidate (scoped like `loadCandidate`) and, when the actor's scope names one cell, that cell, from ONE
 * consistent BatchGetItem: a candidate of that cell comes with its cell, any other is not found. An actor of
 * several cells (or of all) reads the candidate alone; its cell is then read when the plan asks for it.
 */
async function loadCandidateWithCell(
  actor: Actor,
  candidateId: string,
): Promise<{ cand: CandidateItem; cellRead?: { item: CellItem | undefined } }> {
  const only = actor.allCells === true || actor.cellIds.length !== 1 ? undefined : actor.cellIds[0];
  if (only === undefined) return { cand: await loadCandidate(actor, candidateId) };
  const candKey = keys.candidate(candidateId);
  const cellKey = keys.cell(only);
  const read = await getItems([candKey, cellKey]);
  const cand = read.find((i) => i.PK === candKey.PK) as CandidateItem | undefined;
  if (!cand || !canSeeCell(actor, cand.cellId)) {
    throw new AppError('NOT_FOUND', msg('app.candidateNotFound'));
  }
  return { cand, cellRead: { item: read.find((i) => i.PK === cellKey.PK) as CellItem | undefined } };
}

export const deadline = (kind: string, dueOn: string, ruleset: Ruleset): DeadlineOpen => ({
  kind,
  dueOn,
  nextRemindOn: nextReminderOn(dueOn, today(), ruleset),
});

export const blocked = (findings: DomainFinding[]) => {
  const b = blocking(findings);
  return new AppError(
    'BLOCKED',
    { vi: b.map((f) => f.message.vi).join('; '), en: b.map((f) => f.message.en).join('; ') },
    { findings: b },
  );
};

export const notBefore = (a: string, b: string | undefined, field: string) => {
  if (b && a < b) {
    throw new AppError('INVALID', msg('app.dateBefore', { field, before: b }), {
      fields: [field],
    });
  }
};

/** A cell's vote as the forms record it (admission or recognition), checked by the domain's 2/3 rule. */
export const cellVoteResult = (
  purpose: 'admission' | 'recognition',
  input: {
    meetingOn: string;
    form: 'ballot' | 'cards';
    yes: number;
    no: number;
    abstain?: number | undefined;
    denominator?: number | undefined;
  },
  officialMembers: number,
  ruleset: Ruleset,
) =>
  checkCellVote(
    {
      body: 'cell',
      purpose,
      date: input.meetingOn,
      form: input.form === 'ballot' ? 'secret_ballot' : 'party_cards',
      yes: input.yes,
      no: input.no,
      abstain: input.abstain ?? 0,
      roll: {
        officialMembers: input.denominator ?? officialMembers,
        temporarilyElsewhere: 0,
        exemptAbsent: 0,
        suspendedOrDetained: 0,
      },
    },
    ruleset,
  );
