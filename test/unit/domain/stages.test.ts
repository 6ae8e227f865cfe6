import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedNext,
  checklistStageFor,
  isStage,
  isTerminal,
  STAGE_INFO,
  STAGES,
  Stage,
  TRANSITIONS,
  type TransitionContext,
  transition,
} from '../../../shared/domain/index.ts';

const all: TransitionContext = {
  votePassed: true,
  hasSubcommittee: true,
  delegatedAuthority: true,
  reason: 'lý do',
  comment: 'bổ sung',
};

describe('stage table', () => {
  it('every stage has a row, labels in both languages, and targets that are stages', () => {
    for (const s of STAGES) {
      expect(TRANSITIONS[s]).toBeDefined();
      expect(STAGE_INFO[s].label.vi).not.toBe('');
      expect(STAGE_INFO[s].label.en).not.toBe('');
      for (const r of TRANSITIONS[s]) expect(isStage(r.to)).toBe(true);
      expect(STAGE_INFO[s].terminal).toBe(isTerminal(s));
    }
    expect(Stage.SYMPATHISER).toBe('SYMPATHISER');
    expect(isStage('NOPE')).toBe(false);
    expect(isStage(3)).toBe(false);
  });

  it('every stage is reachable from NOMINATED, and every stage can still end', () => {
    const reach = (from: Stage): Set<Stage> => {
      const seen = new Set<Stage>([from]);
      const todo = [from];
      while (todo.length)
        for (const n of allowedNext(todo.pop() as Stage)) if (!seen.has(n) && seen.add(n)) todo.push(n);
      return seen;
    };
    expect([...reach('NOMINATED')].sort()).toEqual([...STAGES].sort());
    for (const s of STAGES) expect([...reach(s)].some(isTerminal), s).toBe(true);
  });

  it.each([
    ['NOMINATED', 'SYMPATHISER', {}],
    ['SYMPATHISER', 'COURSE_ENROLLED', {}],
    ['COURSE_ENROLLED', 'COURSE_CERTIFIED', {}],
    ['COURSE_CERTIFIED', 'DOSSIER_IN_PREPARATION', {}],
    ['DOSSIER_IN_PREPARATION', 'READY_FOR_CELL', {}],
    ['READY_FOR_CELL', 'CELL_APPROVED', { votePassed: true }],
    ['READY_FOR_CELL', 'CELL_REJECTED', { votePassed: false }],
    ['CELL_REJECTED', 'REPORTED_UP', {}],
    ['REPORTED_UP', 'ADMITTED', {}],
    ['CELL_APPROVED', 'SUBCOMMITTEE_APPRAISED', { hasSubcommittee: true }],
    ['CELL_APPROVED', 'GRASSROOTS_RESOLVED', {}],
    ['GRASSROOTS_RESOLVED', 'ADMITTED', { delegatedAuthority: true }],
    ['SUBMITTED_TO_COMPETENT', 'RETURNED_FOR_CHANGES', { comment: 'thiếu 5-KNĐ' }],
    ['SUBMITTED_TO_COMPETENT', 'REFUSED', { reason: 'không đủ tiêu chuẩn' }],
    ['ADMITTED', 'PROBATIONARY', {}],
    ['PROBATIONARY', 'RECOGNITION_PENDING', {}],
    ['RECOGNITION_PENDING', 'OFFICIAL', { votePassed: true }],
    ['RECOGNITION_PENDING', 'RECOGNITION_REPORTED_UP', { reason: 'ba lần không đủ 2/3' }],
    ['ON_HOLD', 'DOSSIER_IN_PREPARATION', { heldFrom: 'DOSSIER_IN_PREPARATION' }],
    ['EXPIRED_DOCS', 'COURSE_ENROLLED', {}],
    ['READY_FOR_CELL', 'WITHDRAWN', { reason: 'xin rút' }],
  ] as Array<[Stage, Stage, TransitionContext]>)('%s → %s allowed', (from, to, ctx) => {
    expect(transition(from, to, ctx)).toEqual({ ok: true, from, to });
  });

  it.each([
    ['NOMINATED', 'OFFICIAL', 'TRANSITION_NOT_ALLOWED'],
    ['READY_FOR_CELL', 'ADMITTED', 'TRANSITION_NOT_ALLOWED'],
    ['CELL_REJECTED', 'REFUSED', 'TRANSITION_NOT_ALLOWED'],
    ['CELL_REJECTED', 'WITHDRAWN', 'TRANSITION_NOT_ALLOWED'],
    ['PROBATIONARY', 'OFFICIAL', 'TRANSITION_NOT_ALLOWED'],
    ['OFFICIAL', 'NAME_REMOVED', 'STAGE_TERMINAL'],
    ['WITHDRAWN', 'NOMINATED', 'STAGE_TERMINAL'],
    ['REFUSED', 'ADMITTED', 'STAGE_TERMINAL'],
  ] as Array<[Stage, Stage, string]>)('%s → %s refused (%s)', (from, to, code) => {
    const r = transition(from, to, all);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason.vi).toContain(STAGE_INFO[from].label.vi);
      expect(r.reason.en).toContain(STAGE_INFO[to].label.en);
    }
  });

  it.each([
    ['READY_FOR_CELL', 'CELL_APPROVED', {}, 'GUARD_VOTE_PASSED'],
    ['READY_FOR_CELL', 'CELL_APPROVED', { votePassed: false }, 'GUARD_VOTE_PASSED'],
    ['READY_FOR_CELL', 'CELL_REJECTED', { votePassed: true }, 'GUARD_VOTE_FAILED'],
    ['CELL_APPROVED', 'SUBCOMMITTEE_APPRAISED', {}, 'GUARD_HAS_SUBCOMMITTEE'],
    ['GRASSROOTS_RESOLVED', 'ADMITTED', {}, 'GUARD_DELEGATED_AUTHORITY'],
    ['READY_FOR_CELL', 'WITHDRAWN', { reason: '   ' }, 'GUARD_REASON'],
    ['SUBMITTED_TO_COMPETENT', 'RETURNED_FOR_CHANGES', {}, 'GUARD_COMMENT'],
    ['ON_HOLD', 'READY_FOR_CELL', { heldFrom: 'SYMPATHISER' }, 'GUARD_RESUME_HELD_STAGE'],
    ['ON_HOLD', 'READY_FOR_CELL', {}, 'GUARD_RESUME_HELD_STAGE'],
  ] as Array<[Stage, Stage, TransitionContext, string]>)(
    '%s → %s with %j refused by %s',
    (from, to, ctx, code) => {
      const r = transition(from, to, ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe(code);
        expect(r.reason.vi.length).toBeGreaterThan(0);
        expect(r.reason.en.length).toBeGreaterThan(0);
      }
    },
  );

  it('property: no sequence of moves reaches a stage the table forbids', () => {
    const stage = fc.constantFrom(...STAGES);
    const step = fc.record({
      to: stage,
      votePassed: fc.option(fc.boolean(), { nil: undefined }),
      hasSubcommittee: fc.boolean(),
      delegatedAuthority: fc.boolean(),
      reason: fc.constantFrom(undefined, '', 'lý do'),
      comment: fc.constantFrom(undefined, 'cần bổ sung'),
      heldFrom: fc.option(stage, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let cur: Stage = 'NOMINATED';
        const history: Stage[] = [cur];
        for (const { to, ...ctx } of steps) {
          const r = transition(cur, to, ctx);
          if (!r.ok) continue;
          expect(allowedNext(cur)).toContain(to);
          expect(isTerminal(cur)).toBe(false);
          cur = to;
          history.push(cur);
        }
        // Membership stages are reached only through the decision and the ceremony.
        if (history.includes('PROBATIONARY')) expect(history).toContain('ADMITTED');
        if (history.includes('OFFICIAL')) expect(history).toContain('PROBATIONARY');
        if (history.includes('ADMITTED'))
          expect(history.some((s) => s === 'CELL_APPROVED' || s === 'CELL_REJECTED')).toBe(true);
        // A failed cell vote is always followed by the report up when the candidate moved on.
        const i = history.indexOf('CELL_REJECTED');
        if (i >= 0 && i < history.length - 1) expect(history[i + 1]).toBe('REPORTED_UP');
      }),
      { numRuns: 500 },
    );
  });

  it('property: the driven walk reaches every stage the table allows (the table is the whole truth)', () => {
    // Drive with moves picked from the allowed list and a context that satisfies every guard.
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (picks) => {
        let cur: Stage = 'NOMINATED';
        let held: Stage | undefined;
        for (const p of picks) {
          const next = allowedNext(cur);
          if (next.length === 0) break;
          const to = next[p % next.length] as Stage;
          const r = transition(cur, to, { ...all, votePassed: to !== 'CELL_REJECTED', heldFrom: held });
          if (to === 'ON_HOLD') held = cur;
          if (cur === 'ON_HOLD' && to !== held && to !== 'WITHDRAWN') {
            expect(r.ok).toBe(false);
            continue;
          }
          expect(r.ok).toBe(true);
          cur = to;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checklistStageFor', () => {
  it.each([
    ['NOMINATED', undefined],
    ['READY_FOR_CELL', 'cell_vote'],
    ['SUBMITTED_TO_COMPETENT', 'submit_up'],
    ['ADMITTED', 'ceremony'],
    ['RECOGNITION_PENDING', 'recognition_vote'],
    ['RECOGNITION_REPORTED_UP', 'recognition_submit_up'],
    ['OFFICIAL', 'official'],
  ] as Array<[Stage, string | undefined]>)('%s → %s', (stage, want) => {
    expect(checklistStageFor(stage)).toBe(want);
  });
});
