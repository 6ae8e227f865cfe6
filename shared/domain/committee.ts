/**
 * How the competent committee decides as a committee (docs/rules.md §7 and §9): every member's answer counts,
 * and the ruleset's quorum fixes the outcome.
 *
 * - A grassroots committee with delegated authority admits with at least 2/3 of ALL its members
 *   (`fractionOfAll`); the fraction is the ruleset's `committee.authorisedFraction`.
 * - Otherwise the decision is the standing committee's: either the majority of its standing members answering
 *   through their links (`standingMajority`), or one designated member records the decision of the standing
 *   committee's meeting with its number and date (`recorder`). Which one is the ruleset's `committee.otherwise`,
 *   overridable per cell.
 *
 * The same count decides a refusal: refusing needs the same quorum as admitting. When admitting can no longer
 * reach its quorum and refusing cannot either, the dossier goes back to the cell with every comment (a
 * return). Answers after the outcome is fixed are kept as late answers; they never change it.
 */
import type { Finding } from './findings.ts';
import { block } from './findings.ts';
import type { Fraction, Ruleset } from './ruleset.ts';

export type CommitteeAnswer = 'approve' | 'return' | 'refuse';

export type QuorumRule =
  | { kind: 'fractionOfAll'; fraction: Fraction; voters: readonly string[] }
  | { kind: 'standingMajority'; voters: readonly string[] }
  | { kind: 'recorder'; voters: readonly [string] };

/** What the cell item says about its committee. */
export interface CommitteeSetup {
  /** every committee member mailed a link */
  memberIds: readonly string[];
  /** the committee is a grassroots committee with delegated authority to admit (default true) */
  authorised?: boolean;
  /** for a committee that is not authorised: overrides the ruleset's `committee.otherwise` */
  rule?: 'standingMajority' | 'recorder';
  standingIds?: readonly string[];
  recorderId?: string;
}

/** The quorum rule for a committee under a ruleset. */
export function quorumRule(ruleset: Ruleset, setup: CommitteeSetup): QuorumRule {
  if (setup.authorised !== false) {
    return { kind: 'fractionOfAll', fraction: ruleset.committee.authorisedFraction, voters: setup.memberIds };
  }
  const kind = setup.rule ?? ruleset.committee.otherwise;
  if (kind === 'recorder') {
    const recorder = setup.recorderId ?? setup.memberIds[0];
    return { kind: 'recorder', voters: [recorder ?? ''] };
  }
  const standing = (setup.standingIds ?? []).filter((id) => setup.memberIds.includes(id));
  return { kind: 'standingMajority', voters: standing.length > 0 ? standing : setup.memberIds };
}

/** How many agreeing answers the rule needs. */
export function quorumRequired(rule: QuorumRule): number {
  const n = rule.voters.length;
  if (rule.kind === 'recorder') return 1;
  if (rule.kind === 'standingMajority') return Math.floor(n / 2) + 1;
  return Math.ceil((n * rule.fraction.numerator) / rule.fraction.denominator);
}

export interface Tally {
  /** the fixed outcome, or undefined while it may still change */
  outcome?: CommitteeAnswer;
  required: number;
  voters: number;
  approve: number;
  return: number;
  refuse: number;
  /** voters who have not answered */
  pending: number;
}

/**
 * Count the answers of a round (member id → answer; answers of non-voters are opinions and do not count).
 * Exactly one of: approve reaches its quorum; refuse reaches it; neither can any more (return); undecided.
 */
export function tally(rule: QuorumRule, answers: Readonly<Record<string, CommitteeAnswer>>): Tally {
  const required = quorumRequired(rule);
  const counts = { approve: 0, return: 0, refuse: 0 };
  let answered = 0;
  for (const v of new Set(rule.voters)) {
    const a = answers[v];
    if (!a) continue;
    counts[a]++;
    answered++;
  }
  const voters = new Set(rule.voters).size;
  const pending = voters - answered;
  const base = { required, voters, pending, ...counts };
  if (voters === 0) return base;
  if (rule.kind === 'recorder') {
    const a = answers[rule.voters[0]];
    return a ? { ...base, outcome: a } : base;
  }
  if (counts.approve >= required) return { ...base, outcome: 'approve' };
  if (counts.refuse >= required) return { ...base, outcome: 'refuse' };
  const approvePossible = counts.approve + pending >= required;
  const refusePossible = counts.refuse + pending >= required;
  if (!approvePossible && !refusePossible) return { ...base, outcome: 'return' };
  return base;
}

/**
 * Checks one member's answer before it is recorded: a return or a refusal needs a comment; admitting against a
 * failed cell vote needs a comment where the ruleset allows it at all (docs/rules.md §7: a failed vote is
 * reported up in full and the committee decides); the recorder of a meeting's decision gives its number and
 * date.
 */
export function checkAnswer(
  ruleset: Ruleset,
  a: {
    answer: CommitteeAnswer;
    comment?: string | undefined;
    cellVotePassed: boolean;
    recordsMeeting?: boolean;
    decisionNo?: string | undefined;
    decidedOn?: string | undefined;
  },
): Finding[] {
  const out: Finding[] = [];
  const comment = a.comment?.trim() ?? '';
  if (a.answer !== 'approve' && !comment) {
    out.push(
      block(
        'ANSWER_COMMENT_REQUIRED',
        'Cần ghi ý kiến khi trả lại hoặc không đồng ý',
        'A comment is required to return or refuse',
        ['comment'],
      ),
    );
  }
  if (a.answer === 'approve' && !a.cellVotePassed) {
    if (ruleset.committee.againstFailedCellVote === 'never') {
      out.push(
        block(
          'ANSWER_AGAINST_CELL_FORBIDDEN',
          'Chi bộ biểu quyết không đạt 2/3: theo bộ quy tắc này không thể đồng ý kết nạp',
          'The cell vote missed 2/3: under this ruleset admission cannot be approved',
          ['decision'],
        ),
      );
    } else if (!comment) {
      out.push(
        block(
          'ANSWER_AGAINST_CELL_COMMENT',
          'Chi bộ biểu quyết không đạt 2/3: đồng ý kết nạp cần ghi rõ lý do',
          'The cell vote missed 2/3: approving needs a comment giving the reason',
          ['comment'],
        ),
      );
    }
  }
  if (a.recordsMeeting && (!a.decisionNo?.trim() || !a.decidedOn)) {
    out.push(
      block(
        'ANSWER_MEETING_REFERENCE',
        'Cần ghi số và ngày của quyết định tại cuộc họp cấp ủy',
        'Give the number and date of the committee meeting’s decision',
        ['decisionNo', 'decidedOn'],
      ),
    );
  }
  return out;
}
