/**
 * Versioned rulesets: every number and list the checks and deadlines use. A dossier records the id of the
 * ruleset it follows (`rulesetId`); `rulesetFor(date)` picks the one in force on a date.
 *
 * Rules docs/rules.md#unconfirmed marks unconfirmed are still here as configuration, flagged in `unconfirmed`, and can
 * be changed per committee with `withOverrides`.
 */
import { type CalendarDate, isBefore } from './date.ts';

export type RulesetId = 'r2021' | 'r2025' | (string & {});

export type IntroducerPath = 'two_members' | 'youth_union' | 'trade_union';

export type FormCode =
  | 'CN-NTVĐ'
  | '1-KNĐ'
  | '2-KNĐ'
  | '3-KNĐ'
  | '4-KNĐ'
  | '4A-KNĐ'
  | '5-KNĐ'
  | '6-KNĐ'
  | '7-KNĐ'
  | '8-KNĐ'
  | '9-KNĐ'
  | '10-KNĐ'
  | '11-KNĐ'
  | '12-KNĐ'
  | '13-KNĐ'
  | '14-KNĐ'
  | '15-KNĐ'
  | '16-KNĐ'
  | 'CN-ĐVM';

/** When a checklist item is required. */
export type ChecklistCondition =
  | 'always'
  /** one per introducing member (3-KNĐ) */
  | 'per_member_introducer'
  | 'path_youth_union'
  | 'path_trade_union'
  /** where the cell sits under a sub-committee (đảng ủy bộ phận) */
  | 'has_subcommittee'
  /** where there is a grassroots committee (đảng ủy cơ sở) between cell and competent committee */
  | 'has_grassroots_committee';

export interface ChecklistItem {
  form: FormCode;
  when: ChecklistCondition;
  /** The biography must carry completed verification (thẩm tra lý lịch). */
  requiresVerification?: boolean;
}

/** The stages of a dossier at which a checklist is checked. */
export type ChecklistStage =
  /** before the cell votes on admission (docs/rules.md#dossier-before-vote) */
  | 'cell_vote'
  /** before the dossier goes to the competent committee (docs/rules.md#dossier-after-vote, without the decision) */
  | 'submit_up'
  /** before the ceremony: the decision (9-KNĐ) is in */
  | 'ceremony'
  /** before the cell votes on recognition (docs/rules.md#dossier-recognition) */
  | 'recognition_vote'
  /** before the recognition proposal goes up */
  | 'recognition_submit_up'
  /** complete: the recognition decision (16-KNĐ) is in */
  | 'official';

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface Ruleset {
  id: RulesetId;
  /** Regulations this set implements. */
  basis: string[];
  /** First day the set applies (inclusive); the next set's first day ends it. */
  effectiveFrom: CalendarDate;
  age: {
    /** At the date of the cell's vote, whole months: 18 years. */
    minMonths: number;
    /** Past this, an exception record is required (60 years; exact boundary unconfirmed). */
    maxMonths: number;
  };
  education: {
    /** Minimum level without an exception: lower secondary (THCS). */
    minLevel: 'lower_secondary';
  };
  vote: {
    /** Pass when yes × denominator ≥ voters × numerator: yes × 3 ≥ n × 2. */
    passFraction: Fraction;
  };
  introducers: {
    /** Months working / studying / living together in the same unit, unless a replacement. */
    togetherMonths: number;
    pathsAllowed: IntroducerPath[];
  };
  certificate: { validityMonths: number };
  documentStaleness: {
    /** Forms that go stale and must be redone (introductions, mass-org resolution, comments summary). */
    forms: FormCode[];
    months: number;
    /** Warn this many days before a document goes stale. */
    warnDaysBefore: number;
  };
  deadlines: {
    /** Competent committee decides within this many working days of the cell resolution. */
    decisionWorkingDays: number;
    /** … and the recognition decision within this many of the cell's recognition resolution. */
    recognitionDecisionWorkingDays: number;
    /** One extension, at most this many working days, in special cases. */
    extensionWorkingDays: number;
    ceremonyWorkingDays: number;
    memberBiographyWorkingDays: number;
    probationMonths: number;
    /** Cell proposes recognition within this many working days after probation ends. */
    recognitionDueWorkingDays: number;
  };
  recognition: { maxRounds: number };
  meetings: {
    /**
     * May the admission and recognition votes be held at an online cell meeting (03-HD/TW pilot)? Not
     * confirmed: allowed by default, with a warning while `meetings.onlineVotesAllowed` is in `unconfirmed`.
     */
    onlineVotesAllowed: boolean;
  };
  /** How the competent committee decides (docs/rules.md §7, §9; see committee.ts). */
  committee: {
    /** an authorised grassroots committee admits with this share of ALL its members (2/3) */
    authorisedFraction: Fraction;
    /** a committee without that authority: its standing members' majority, or one member records the meeting */
    otherwise: 'standingMajority' | 'recorder';
    /** admitting against a failed cell vote: allowed with a comment, or never */
    againstFailedCellVote: 'comment' | 'never';
    /** after a return, the resubmitted dossier goes straight to the committee, or to a new cell vote */
    resubmitTo: 'committee' | 'cellVote';
    /** the cell resubmits within this many working days of a return */
    resubmissionWorkingDays: number;
    /** approval links stay valid this many days past the committee's deadline */
    linkGraceDays: number;
  };
  reminders: {
    /** Reminders this many working days before a deadline (0 = on the day). */
    offsetsWorkingDays: number[];
    /** While overdue, remind every this many working days. */
    overdueEveryWorkingDays: number;
    /** Escalate once overdue by at least this many working days. */
    escalateAfterOverdueWorkingDays: number;
  };
  verification: {
    /** Do relatives who are Party members need verification? (06-HD/TW §3.4.c, source inconsistent) */
    relativesWhoAreMembersNeedVerification: boolean;
  };
  checklists: Record<ChecklistStage, ChecklistItem[]>;
  /** Which settings docs/rules.md#unconfirmed marks as unconfirmed (dotted paths). */
  unconfirmed: string[];
}

const ADMISSION_BEFORE_VOTE: ChecklistItem[] = [
  { form: 'CN-NTVĐ', when: 'always' },
  { form: '1-KNĐ', when: 'always' },
  { form: '2-KNĐ', when: 'always', requiresVerification: true },
  { form: '3-KNĐ', when: 'per_member_introducer' },
  { form: '4-KNĐ', when: 'path_youth_union' },
  { form: '4A-KNĐ', when: 'path_trade_union' },
  { form: '5-KNĐ', when: 'always' },
];

const SUBMIT_UP: ChecklistItem[] = [
  ...ADMISSION_BEFORE_VOTE,
  { form: '6-KNĐ', when: 'always' },
  { form: '7-KNĐ', when: 'has_subcommittee' },
  { form: '8-KNĐ', when: 'has_grassroots_committee' },
];

const RECOGNITION_BEFORE_VOTE: ChecklistItem[] = [
  { form: '9-KNĐ', when: 'always' },
  { form: 'CN-ĐVM', when: 'always' },
  { form: '10-KNĐ', when: 'always' },
  { form: '11-KNĐ', when: 'always' },
  { form: '12-KNĐ', when: 'always' },
];

const RECOGNITION_SUBMIT_UP: ChecklistItem[] = [
  ...RECOGNITION_BEFORE_VOTE,
  { form: '13-KNĐ', when: 'always' },
  { form: '14-KNĐ', when: 'has_subcommittee' },
  { form: '15-KNĐ', when: 'has_grassroots_committee' },
];

const r2021: Ruleset = {
  id: 'r2021',
  basis: ['24-QĐ/TW (30/7/2021)', '01-HD/TW (28/9/2021)', '12-HD/BTCTW (18/01/2022)'],
  effectiveFrom: '2021-07-30',
  age: { minMonths: 216, maxMonths: 720 },
  education: { minLevel: 'lower_secondary' },
  vote: { passFraction: { numerator: 2, denominator: 3 } },
  introducers: { togetherMonths: 12, pathsAllowed: ['two_members', 'youth_union', 'trade_union'] },
  certificate: { validityMonths: 60 },
  documentStaleness: { forms: ['3-KNĐ', '4-KNĐ', '4A-KNĐ', '5-KNĐ'], months: 12, warnDaysBefore: 30 },
  deadlines: {
    decisionWorkingDays: 60,
    recognitionDecisionWorkingDays: 30,
    extensionWorkingDays: 30,
    ceremonyWorkingDays: 30,
    memberBiographyWorkingDays: 30,
    probationMonths: 12,
    recognitionDueWorkingDays: 30,
  },
  recognition: { maxRounds: 3 },
  meetings: { onlineVotesAllowed: true },
  committee: {
    authorisedFraction: { numerator: 2, denominator: 3 },
    otherwise: 'standingMajority',
    againstFailedCellVote: 'comment',
    resubmitTo: 'committee',
    resubmissionWorkingDays: 20,
    linkGraceDays: 7,
  },
  reminders: {
    offsetsWorkingDays: [7, 1, 0],
    overdueEveryWorkingDays: 3,
    escalateAfterOverdueWorkingDays: 3,
  },
  verification: { relativesWhoAreMembersNeedVerification: true },
  checklists: {
    cell_vote: ADMISSION_BEFORE_VOTE,
    submit_up: SUBMIT_UP,
    ceremony: [...SUBMIT_UP, { form: '9-KNĐ', when: 'always' }],
    recognition_vote: RECOGNITION_BEFORE_VOTE,
    recognition_submit_up: RECOGNITION_SUBMIT_UP,
    official: [...RECOGNITION_SUBMIT_UP, { form: '16-KNĐ', when: 'always' }],
  },
  unconfirmed: [
    'age.maxMonths',
    'documentStaleness',
    'verification.relativesWhoAreMembersNeedVerification',
    'introducers.pathsAllowed',
    'reminders',
    'committee.otherwise',
    'committee.againstFailedCellVote',
    'committee.resubmitTo',
    'committee.resubmissionWorkingDays',
    'checklists (form numbers 7-, 9-, 10- … 16-KNĐ from older guidance)',
    'meetings.onlineVotesAllowed',
  ],
};

const r2025: Ruleset = {
  ...r2021,
  id: 'r2025',
  basis: ['294-QĐ/TW (26/5/2025, in force 1/7/2025)', '06-HD/TW (9/6/2025)', '12-HD/BTCTW (18/01/2022)'],
  effectiveFrom: '2025-07-01',
  // 06-HD/TW §3.4.c as quoted by one secondary source; inconsistent, hence configurable.
  verification: { relativesWhoAreMembersNeedVerification: false },
  unconfirmed: [...r2021.unconfirmed, 'deadlines (294-QĐ/TW §4.3 text not seen)'],
};

export const RULESETS: Readonly<Record<'r2021' | 'r2025', Ruleset>> = Object.freeze({ r2021, r2025 });

/** Newest first. */
const BY_DATE: Ruleset[] = [r2025, r2021];

/** The ruleset in force on `date` (e.g. the dossier's opening date or the cell's vote). */
export function rulesetFor(date: CalendarDate): Ruleset {
  const found = BY_DATE.find((r) => !isBefore(date, r.effectiveFrom));
  if (!found) throw new RangeError(`no ruleset before ${r2021.effectiveFrom} (asked for ${date})`);
  return found;
}

const custom = new Map<string, Ruleset>();

/** A ruleset by its id: a built-in one or one registered with `registerRuleset`. */
export function rulesetById(id: RulesetId): Ruleset {
  const found = (RULESETS as Record<string, Ruleset>)[id] ?? custom.get(id);
  if (!found) throw new RangeError(`unknown ruleset: ${id}`);
  return found;
}

/** Make a derived ruleset (e.g. a committee's confirmed reading) available to `rulesetById`. */
export function registerRuleset(ruleset: Ruleset): void {
  if (ruleset.id in RULESETS) throw new RangeError(`cannot replace a built-in ruleset: ${ruleset.id}`);
  custom.set(ruleset.id, ruleset);
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge((base as Record<string, unknown>)[k], v);
  return out as T;
}

/**
 * A ruleset derived from `base` with some settings changed (deep merge; arrays replace). Give it a new `id`
 * when it will be recorded on dossiers, e.g. withOverrides(r2025, { id: 'r2025-hp', documentStaleness: … }).
 */
export function withOverrides(base: Ruleset, overrides: DeepPartial<Ruleset>): Ruleset {
  return merge(base, overrides);
}
