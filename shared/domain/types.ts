/** The entities the rules talk about. Plain data; ids are opaque strings. */
import type { CalendarDate } from './date.ts';
import type { FormCode, IntroducerPath, RulesetId } from './ruleset.ts';
import type { Stage } from './stages.ts';

export type Sex = 'male' | 'female';

/** Education levels, lowest first. */
export const EDUCATION_LEVELS = [
  'none',
  'literate',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college',
  'university',
  'postgraduate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** A written approval that lifts a rule (age over 60, education below THCS). */
export interface ExceptionRecord {
  /** e.g. 'Ban Thường vụ Thành ủy Hải Phòng' */
  approvedBy: string;
  approvedOn: CalendarDate;
  /** number and symbol of the approving document, e.g. 'Số 123-CV/TU' */
  reference: string;
  reason?: string;
}

export interface EducationException extends ExceptionRecord {
  /** primary school in mountain / border / island / ethnic-minority areas, or a respected elder who reads and writes */
  kind: 'special_area_primary' | 'respected_elder_literate';
}

export interface Candidate {
  id: string;
  /** A person id, to tell the candidate apart from the introducers. */
  personId: string;
  cellId: string;
  fullName: string;
  birthDate: CalendarDate;
  sex: Sex;
  ethnicity: string;
  religion: string;
  education: EducationLevel;
  educationException?: EducationException;
  ageException?: ExceptionRecord;
  workplace: string;
  residence: string;
  introducerPath: IntroducerPath;
  stage: Stage;
  rulesetId: RulesetId;
  /** Dossier opened (hồ sơ lập). */
  createdOn: CalendarDate;
}

export type MemberStatus = 'official' | 'probationary';

/** An introducing official member (giới thiệu người vào Đảng, 3-KNĐ). */
export interface MemberIntroducer {
  kind: 'member';
  personId: string;
  fullName: string;
  status: MemberStatus;
  /** Date the introducer became an official member; required for 'official'. */
  officialSince?: CalendarDate;
  /** Start of working / studying / living together with the candidate in the same unit. */
  togetherSince: CalendarDate;
  sameUnit: boolean;
  /** Date the 3-KNĐ letter was signed. */
  signedOn: CalendarDate;
  /** Assigned by the cell to replace an introducer who left: the 12-month rule does not apply. */
  replacement?: { reason: string; resolutionRef?: string };
}

/** A Youth Union (4-KNĐ) or trade-union (4A-KNĐ) introduction resolution. */
export interface MassOrgIntroducer {
  kind: 'youth_union' | 'trade_union';
  orgName: string;
  resolutionRef: string;
  resolutionDate: CalendarDate;
}

export type Introducer = MemberIntroducer | MassOrgIntroducer;

export type DocumentState = 'draft' | 'signed' | 'withdrawn';

export interface DossierDocument {
  id: string;
  form: FormCode;
  /** Signed / issued / dated on. */
  signedOn: CalendarDate;
  state: DocumentState;
  /** For 3-KNĐ: which introducer. */
  introducerPersonId?: string;
  /** For 2-KNĐ: the biography verification is complete and certified by the grassroots committee. */
  verification?: {
    completedOn?: CalendarDate;
    certifiedOn?: CalendarDate;
    /** subjects verified: candidate, parents, spouse … */
    subjects?: string[];
  };
  fileName?: string;
  sha256?: string;
}

export interface CourseCertificate {
  kind: 'awareness' | 'new_member';
  number: string;
  issuedOn: CalendarDate;
  issuer: string;
}

/** How the cell's denominator is formed (docs/rules.md#votes). */
export interface CellRoll {
  /** All official members of the cell. */
  officialMembers: number;
  /** Official members temporarily active elsewhere (sinh hoạt tạm thời nơi khác). */
  temporarilyElsewhere: number;
  /** Members exempted from Party work who are absent (exempt members who attend count). */
  exemptAbsent: number;
  /** Suspended, prosecuted or detained. */
  suspendedOrDetained: number;
}

export type VoteForm = 'secret_ballot' | 'party_cards';

export interface Vote {
  body: 'cell' | 'committee';
  purpose: 'admission' | 'recognition';
  date: CalendarDate;
  form: VoteForm;
  yes: number;
  no: number;
  abstain: number;
  /** For the cell: the roll the denominator comes from. */
  roll?: CellRoll;
  /** For a committee: all members of the committee. */
  committeeMembers?: number;
  /** Recognition round, 1-based. */
  round?: number;
  resolutionRef?: string;
}

export type DecisionKind = 'approve' | 'return' | 'refuse';

export interface Decision {
  kind: DecisionKind;
  purpose: 'admission' | 'recognition';
  /** number and symbol, e.g. 'Số 45-QĐ/ĐU' */
  ref?: string;
  decidedOn: CalendarDate;
  /** Received by the cell (the ceremony deadline counts from here). */
  receivedOn?: CalendarDate;
  issuer: string;
  comment?: string;
  /** An extension of the decision deadline was granted. */
  extended?: boolean;
}

export interface Ceremony {
  date: CalendarDate;
  decisionRef: string;
  /** Member assigned to help during probation. */
  helperPersonId: string;
  /** Late ceremony: the superior committee's agreement. */
  lateApprovalRef?: string;
}

/** Target metrics of a cell's plan (chỉ tiêu). */
export type TargetMetric = 'sentToCourse' | 'dossiersSent' | 'admitted' | 'introductionsPerMember';

export interface Target {
  cellId: string;
  /** '2024' for a year, '2024-01' for a month. */
  period: string;
  metric: TargetMetric;
  value: number;
}

/** Where the cell sits: decides which appraisal documents the checklist needs. */
export interface OrgContext {
  /** The cell is under a sub-committee (đảng ủy bộ phận): 7-KNĐ / 14-KNĐ. */
  hasSubcommittee: boolean;
  /** There is a grassroots committee (đảng ủy cơ sở) above the cell: 8-KNĐ / 15-KNĐ. */
  hasGrassrootsCommittee: boolean;
  /** That grassroots committee holds delegated admission authority. */
  delegatedAuthority?: boolean;
}

/** Everything the checks need about one candidate's dossier. */
export interface Dossier {
  candidate: Candidate;
  introducers: Introducer[];
  documents: DossierDocument[];
  certificates: CourseCertificate[];
  org: OrgContext;
}
