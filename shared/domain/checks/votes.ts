/** Votes (docs/rules.md#votes): the cell over its official, non-exempt members; a committee over all its members. */
import { block, type Finding, warn } from '../findings.ts';
import type { Fraction, Ruleset } from '../ruleset.ts';
import type { CellRoll, Vote } from '../types.ts';

export interface VoteResult {
  denominator: number;
  /** Least number of "yes" votes that passes. */
  required: number;
  passed: boolean;
  /**
   * 'passed'; 'report_up' when the threshold is missed (the full result goes to the competent committee,
   * never a silent close); 'invalid' when the counts do not add up.
   */
  outcome: 'passed' | 'report_up' | 'invalid';
  findings: Finding[];
}

/** Official members summoned, less those temporarily elsewhere, exempt and absent, suspended or detained. */
export function cellDenominator(roll: CellRoll): number {
  return roll.officialMembers - roll.temporarilyElsewhere - roll.exemptAbsent - roll.suspendedOrDetained;
}

/** yes / denominator ≥ fraction, in integers: yes × 3 ≥ n × 2 for 2/3. */
export function votePasses(yes: number, denominator: number, fraction: Fraction): boolean {
  return denominator > 0 && yes * fraction.denominator >= denominator * fraction.numerator;
}

export function requiredYes(denominator: number, fraction: Fraction): number {
  return Math.ceil((denominator * fraction.numerator) / fraction.denominator);
}

function evaluate(vote: Vote, denominator: number, ruleset: Ruleset, findings: Finding[]): VoteResult {
  const fraction = ruleset.vote.passFraction;
  const required = requiredYes(denominator, fraction);
  const counts = [vote.yes, vote.no, vote.abstain];
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) {
    findings.push(
      block(
        'VOTE_COUNT_INVALID',
        'Số phiếu phải là số nguyên không âm',
        'Vote counts must be whole numbers ≥ 0',
        ['yes', 'no', 'abstain'],
      ),
    );
  } else if (vote.yes + vote.no + vote.abstain > denominator) {
    findings.push(
      block(
        'VOTE_COUNT_EXCEEDS',
        `Tổng số phiếu (${vote.yes + vote.no + vote.abstain}) vượt số người được biểu quyết (${denominator})`,
        `Total votes (${vote.yes + vote.no + vote.abstain}) exceed the voters counted (${denominator})`,
        ['yes', 'no', 'abstain'],
      ),
    );
  }
  if (findings.length > 0) return { denominator, required, passed: false, outcome: 'invalid', findings };
  const passed = votePasses(vote.yes, denominator, fraction);
  if (!passed) {
    findings.push(
      warn(
        'VOTE_BELOW_THRESHOLD',
        `Không đạt ${fraction.numerator}/${fraction.denominator}: ${vote.yes}/${denominator} tán thành (cần ${required}). Báo cáo đầy đủ kết quả lên cấp ủy có thẩm quyền.`,
        `Below ${fraction.numerator}/${fraction.denominator}: ${vote.yes}/${denominator} yes (${required} needed). Report the full result to the competent committee.`,
        ['yes'],
      ),
    );
  }
  return { denominator, required, passed, outcome: passed ? 'passed' : 'report_up', findings };
}

export function checkCellVote(vote: Vote, ruleset: Ruleset): VoteResult {
  const findings: Finding[] = [];
  const roll = vote.roll;
  if (!roll) {
    findings.push(
      block('VOTE_ROLL_MISSING', 'Thiếu số đảng viên chính thức của chi bộ', "The cell's roll is missing", [
        'roll',
      ]),
    );
    return { denominator: 0, required: 0, passed: false, outcome: 'invalid', findings };
  }
  const parts = [
    roll.officialMembers,
    roll.temporarilyElsewhere,
    roll.exemptAbsent,
    roll.suspendedOrDetained,
  ];
  const denominator = cellDenominator(roll);
  if (parts.some((p) => !Number.isInteger(p) || p < 0) || denominator <= 0) {
    findings.push(
      block(
        'VOTE_ROLL_INVALID',
        'Số đảng viên được trừ vượt quá số đảng viên chính thức, hoặc số liệu không hợp lệ',
        'Deductions exceed the official members, or the roll is not valid',
        ['roll'],
      ),
    );
    return {
      denominator: Math.max(denominator, 0),
      required: 0,
      passed: false,
      outcome: 'invalid',
      findings,
    };
  }
  return evaluate(vote, denominator, ruleset, findings);
}

export function checkCommitteeVote(vote: Vote, ruleset: Ruleset): VoteResult {
  const n = vote.committeeMembers;
  if (n === undefined || !Number.isInteger(n) || n <= 0) {
    return {
      denominator: 0,
      required: 0,
      passed: false,
      outcome: 'invalid',
      findings: [
        block(
          'VOTE_COMMITTEE_SIZE_INVALID',
          'Thiếu tổng số cấp ủy viên',
          'The number of committee members is missing',
          ['committeeMembers'],
        ),
      ],
    };
  }
  return evaluate(vote, n, ruleset, []);
}
