/**
 * The candidate's stages and the allowed transitions (docs/rules.md#stages), as data. `transition` refuses any
 * move the table does not list, or whose guard the context does not satisfy, with a reason in vi/en.
 */
import type { LocalizedText } from './findings.ts';
import type { ChecklistStage } from './ruleset.ts';

export const STAGES = [
  'NOMINATED',
  'SYMPATHISER',
  'COURSE_ENROLLED',
  'COURSE_CERTIFIED',
  'DOSSIER_IN_PREPARATION',
  'READY_FOR_CELL',
  'CELL_APPROVED',
  'CELL_REJECTED',
  'REPORTED_UP',
  'SUBCOMMITTEE_APPRAISED',
  'GRASSROOTS_RESOLVED',
  'SUBMITTED_TO_COMPETENT',
  'RETURNED_FOR_CHANGES',
  'ADMITTED',
  'REFUSED',
  'PROBATIONARY',
  'RECOGNITION_PENDING',
  'RECOGNITION_REPORTED_UP',
  'OFFICIAL',
  'NAME_REMOVED',
  'ON_HOLD',
  'EXPIRED_DOCS',
  'WITHDRAWN',
  'TRANSFERRED',
] as const;

export type Stage = (typeof STAGES)[number];

/** `Stage.SYMPATHISER === 'SYMPATHISER'`, for code that prefers an enum-like object. */
export const Stage: { readonly [K in Stage]: K } = Object.freeze(
  Object.fromEntries(STAGES.map((s) => [s, s])) as { [K in Stage]: K },
);

export interface StageInfo {
  label: LocalizedText;
  phase: 'admission' | 'probation' | 'side';
  terminal: boolean;
}

export const STAGE_INFO: Readonly<Record<Stage, StageInfo>> = {
  NOMINATED: { label: { vi: 'Được giới thiệu', en: 'Nominated' }, phase: 'admission', terminal: false },
  SYMPATHISER: { label: { vi: 'Cảm tình Đảng', en: 'Sympathiser' }, phase: 'admission', terminal: false },
  COURSE_ENROLLED: {
    label: { vi: 'Đang học lớp nhận thức về Đảng', en: 'Attending the awareness course' },
    phase: 'admission',
    terminal: false,
  },
  COURSE_CERTIFIED: {
    label: { vi: 'Đã có giấy chứng nhận', en: 'Course certificate received' },
    phase: 'admission',
    terminal: false,
  },
  DOSSIER_IN_PREPARATION: {
    label: { vi: 'Đang hoàn thiện hồ sơ', en: 'Dossier in preparation' },
    phase: 'admission',
    terminal: false,
  },
  READY_FOR_CELL: {
    label: { vi: 'Chờ chi bộ xét', en: 'Ready for the cell vote' },
    phase: 'admission',
    terminal: false,
  },
  CELL_APPROVED: {
    label: { vi: 'Chi bộ đề nghị kết nạp', en: 'Proposed by the cell' },
    phase: 'admission',
    terminal: false,
  },
  CELL_REJECTED: {
    label: { vi: 'Chi bộ không đủ 2/3', en: 'Cell vote below 2/3' },
    phase: 'admission',
    terminal: false,
  },
  REPORTED_UP: {
    label: { vi: 'Đã báo cáo cấp có thẩm quyền', en: 'Reported to the competent committee' },
    phase: 'admission',
    terminal: false,
  },
  SUBCOMMITTEE_APPRAISED: {
    label: { vi: 'Đảng ủy bộ phận đã thẩm định', en: 'Appraised by the sub-committee' },
    phase: 'admission',
    terminal: false,
  },
  GRASSROOTS_RESOLVED: {
    label: { vi: 'Đảng ủy cơ sở đã xét', en: 'Resolved by the grassroots committee' },
    phase: 'admission',
    terminal: false,
  },
  SUBMITTED_TO_COMPETENT: {
    label: { vi: 'Chờ cấp ủy có thẩm quyền quyết định', en: 'Awaiting the competent committee' },
    phase: 'admission',
    terminal: false,
  },
  RETURNED_FOR_CHANGES: {
    label: { vi: 'Trả lại để bổ sung', en: 'Returned for changes' },
    phase: 'admission',
    terminal: false,
  },
  ADMITTED: {
    label: { vi: 'Đã có quyết định kết nạp', en: 'Admission decided' },
    phase: 'admission',
    terminal: false,
  },
  REFUSED: { label: { vi: 'Không kết nạp', en: 'Refused' }, phase: 'admission', terminal: true },
  PROBATIONARY: {
    label: { vi: 'Đảng viên dự bị', en: 'Probationary member' },
    phase: 'probation',
    terminal: false,
  },
  RECOGNITION_PENDING: {
    label: { vi: 'Chờ xét công nhận chính thức', en: 'Recognition pending' },
    phase: 'probation',
    terminal: false,
  },
  RECOGNITION_REPORTED_UP: {
    label: { vi: 'Báo cáo cấp trên sau 3 lần biểu quyết', en: 'Reported up after three rounds' },
    phase: 'probation',
    terminal: false,
  },
  OFFICIAL: {
    label: { vi: 'Đảng viên chính thức', en: 'Official member' },
    phase: 'probation',
    terminal: true,
  },
  NAME_REMOVED: { label: { vi: 'Xóa tên', en: 'Name removed' }, phase: 'probation', terminal: true },
  ON_HOLD: { label: { vi: 'Tạm dừng', en: 'On hold' }, phase: 'side', terminal: false },
  EXPIRED_DOCS: { label: { vi: 'Hồ sơ hết hạn', en: 'Documents expired' }, phase: 'side', terminal: false },
  WITHDRAWN: { label: { vi: 'Rút hồ sơ', en: 'Withdrawn' }, phase: 'side', terminal: true },
  TRANSFERRED: { label: { vi: 'Chuyển đơn vị', en: 'Transferred' }, phase: 'side', terminal: true },
};

/** Guards a transition may need from its context. */
export type Guard =
  | 'vote_passed'
  | 'vote_failed'
  | 'has_subcommittee'
  | 'delegated_authority'
  | 'reason'
  | 'comment'
  | 'resume_held_stage';

export interface TransitionRule {
  to: Stage;
  guards?: Guard[];
}

const t = (to: Stage, ...guards: Guard[]): TransitionRule => (guards.length ? { to, guards } : { to });
const hold = t('ON_HOLD', 'reason');
const withdraw = t('WITHDRAWN', 'reason');
const expire = t('EXPIRED_DOCS', 'reason');
const transfer = t('TRANSFERRED', 'reason');

/** Stages a candidate can be put on hold from and resumed to. */
const HOLDABLE: Stage[] = [
  'NOMINATED',
  'SYMPATHISER',
  'COURSE_ENROLLED',
  'COURSE_CERTIFIED',
  'DOSSIER_IN_PREPARATION',
  'READY_FOR_CELL',
  'RETURNED_FOR_CHANGES',
  'EXPIRED_DOCS',
];

/** The transition table. A stage missing as a key (a terminal stage) has no way out. */
export const TRANSITIONS: Readonly<Record<Stage, readonly TransitionRule[]>> = {
  NOMINATED: [t('SYMPATHISER'), hold, withdraw, transfer],
  SYMPATHISER: [t('COURSE_ENROLLED'), hold, withdraw, transfer],
  // Back to sympathiser when the candidate did not complete the course.
  COURSE_ENROLLED: [t('COURSE_CERTIFIED'), t('SYMPATHISER', 'reason'), hold, withdraw, transfer],
  COURSE_CERTIFIED: [t('DOSSIER_IN_PREPARATION'), expire, hold, withdraw, transfer],
  DOSSIER_IN_PREPARATION: [t('READY_FOR_CELL'), expire, hold, withdraw, transfer],
  READY_FOR_CELL: [
    t('CELL_APPROVED', 'vote_passed'),
    t('CELL_REJECTED', 'vote_failed'),
    t('DOSSIER_IN_PREPARATION', 'reason'),
    expire,
    hold,
    withdraw,
    transfer,
  ],
  CELL_APPROVED: [
    t('SUBCOMMITTEE_APPRAISED', 'has_subcommittee'),
    t('GRASSROOTS_RESOLVED'),
    // A grassroots cell (chi bộ cơ sở) sends its resolution straight to the competent committee.
    t('SUBMITTED_TO_COMPETENT'),
    withdraw,
  ],
  // A failed vote is reported up with the full result, never closed silently.
  CELL_REJECTED: [t('REPORTED_UP')],
  REPORTED_UP: [t('ADMITTED'), t('REFUSED', 'reason'), t('RETURNED_FOR_CHANGES', 'comment'), withdraw],
  SUBCOMMITTEE_APPRAISED: [t('GRASSROOTS_RESOLVED'), t('RETURNED_FOR_CHANGES', 'comment'), withdraw],
  GRASSROOTS_RESOLVED: [
    t('SUBMITTED_TO_COMPETENT'),
    // A grassroots committee with delegated authority decides itself (2/3 of all its members).
    t('ADMITTED', 'delegated_authority'),
    t('REFUSED', 'delegated_authority', 'reason'),
    t('RETURNED_FOR_CHANGES', 'comment'),
    withdraw,
  ],
  SUBMITTED_TO_COMPETENT: [
    t('ADMITTED'),
    t('REFUSED', 'reason'),
    t('RETURNED_FOR_CHANGES', 'comment'),
    withdraw,
  ],
  RETURNED_FOR_CHANGES: [
    t('DOSSIER_IN_PREPARATION'),
    t('READY_FOR_CELL'),
    t('SUBMITTED_TO_COMPETENT'),
    expire,
    hold,
    withdraw,
  ],
  ADMITTED: [t('PROBATIONARY'), withdraw],
  REFUSED: [],
  PROBATIONARY: [t('RECOGNITION_PENDING'), t('NAME_REMOVED', 'reason'), transfer],
  RECOGNITION_PENDING: [
    t('OFFICIAL', 'vote_passed'),
    t('NAME_REMOVED', 'reason'),
    // Three rounds without 2/3 for recognition or removal: report up.
    t('RECOGNITION_REPORTED_UP', 'reason'),
  ],
  RECOGNITION_REPORTED_UP: [t('OFFICIAL'), t('NAME_REMOVED', 'reason')],
  OFFICIAL: [],
  NAME_REMOVED: [],
  ON_HOLD: [...HOLDABLE.map((s) => t(s, 'resume_held_stage')), withdraw],
  // Redo: a new course for an expired certificate, new documents for stale ones.
  EXPIRED_DOCS: [t('COURSE_ENROLLED'), t('DOSSIER_IN_PREPARATION'), hold, withdraw],
  WITHDRAWN: [],
  TRANSFERRED: [],
};

export interface TransitionContext {
  /** Result of the vote that motivates the move (cell vote, recognition vote). */
  votePassed?: boolean;
  hasSubcommittee?: boolean;
  /** The grassroots committee holds delegated admission authority. */
  delegatedAuthority?: boolean;
  reason?: string;
  comment?: string;
  /** For ON_HOLD → X: the stage the candidate was put on hold from. */
  heldFrom?: Stage;
}

export type TransitionResult =
  | { ok: true; from: Stage; to: Stage }
  | { ok: false; from: Stage; to: Stage; code: string; reason: LocalizedText };

const GUARD_TEXT: Record<Guard, { ok: (c: TransitionContext, to: Stage) => boolean; reason: LocalizedText }> =
  {
    vote_passed: {
      ok: (c) => c.votePassed === true,
      reason: { vi: 'Biểu quyết chưa đạt 2/3', en: 'The vote did not reach 2/3' },
    },
    vote_failed: {
      ok: (c) => c.votePassed === false,
      reason: { vi: 'Biểu quyết đã đạt 2/3', en: 'The vote reached 2/3' },
    },
    has_subcommittee: {
      ok: (c) => c.hasSubcommittee === true,
      reason: { vi: 'Chi bộ không thuộc đảng ủy bộ phận', en: 'The cell is not under a sub-committee' },
    },
    delegated_authority: {
      ok: (c) => c.delegatedAuthority === true,
      reason: {
        vi: 'Đảng ủy cơ sở không được ủy quyền kết nạp',
        en: 'The grassroots committee has no delegated admission authority',
      },
    },
    reason: {
      ok: (c) => typeof c.reason === 'string' && c.reason.trim().length > 0,
      reason: { vi: 'Cần ghi rõ lý do', en: 'A reason is required' },
    },
    comment: {
      ok: (c) => typeof c.comment === 'string' && c.comment.trim().length > 0,
      reason: { vi: 'Cần ghi rõ nội dung cần bổ sung', en: 'A comment saying what to change is required' },
    },
    resume_held_stage: {
      ok: (c, to) => c.heldFrom === to,
      reason: {
        vi: 'Chỉ được tiếp tục từ giai đoạn trước khi tạm dừng',
        en: 'Can only resume to the stage held from',
      },
    },
  };

/** The stages reachable in one step from `from` (ignoring guards). */
export function allowedNext(from: Stage): Stage[] {
  return TRANSITIONS[from].map((r) => r.to);
}

export function isTerminal(stage: Stage): boolean {
  return TRANSITIONS[stage].length === 0;
}

export function isStage(s: unknown): s is Stage {
  return typeof s === 'string' && (STAGES as readonly string[]).includes(s);
}

/** Decide a stage change. */
export function transition(from: Stage, to: Stage, ctx: TransitionContext = {}): TransitionResult {
  const rule = TRANSITIONS[from].find((r) => r.to === to);
  if (!rule) {
    const fromL = STAGE_INFO[from].label;
    const toL = STAGE_INFO[to].label;
    return {
      ok: false,
      from,
      to,
      code: isTerminal(from) ? 'STAGE_TERMINAL' : 'TRANSITION_NOT_ALLOWED',
      reason: {
        vi: `Không thể chuyển từ «${fromL.vi}» sang «${toL.vi}»`,
        en: `Cannot move from "${fromL.en}" to "${toL.en}"`,
      },
    };
  }
  for (const g of rule.guards ?? []) {
    if (!GUARD_TEXT[g].ok(ctx, to)) {
      return { ok: false, from, to, code: `GUARD_${g.toUpperCase()}`, reason: GUARD_TEXT[g].reason };
    }
  }
  return { ok: true, from, to };
}

const CHECKLIST_BY_STAGE: Partial<Record<Stage, ChecklistStage>> = {
  COURSE_CERTIFIED: 'cell_vote',
  DOSSIER_IN_PREPARATION: 'cell_vote',
  READY_FOR_CELL: 'cell_vote',
  EXPIRED_DOCS: 'cell_vote',
  CELL_APPROVED: 'submit_up',
  CELL_REJECTED: 'submit_up',
  REPORTED_UP: 'submit_up',
  SUBCOMMITTEE_APPRAISED: 'submit_up',
  GRASSROOTS_RESOLVED: 'submit_up',
  SUBMITTED_TO_COMPETENT: 'submit_up',
  RETURNED_FOR_CHANGES: 'submit_up',
  ADMITTED: 'ceremony',
  PROBATIONARY: 'recognition_vote',
  RECOGNITION_PENDING: 'recognition_vote',
  RECOGNITION_REPORTED_UP: 'recognition_submit_up',
  OFFICIAL: 'official',
};

/** The checklist that matters at a stage (what the dossier screen shows); undefined before the dossier starts. */
export function checklistStageFor(stage: Stage): ChecklistStage | undefined {
  return CHECKLIST_BY_STAGE[stage];
}
