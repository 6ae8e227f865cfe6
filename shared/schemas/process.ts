/** Votes, decisions, ceremonies, withdrawal, targets. */
import * as z from 'zod';
import { calendarDate, count, docRef, id, optionalText, text } from './common.ts';

export const cellRoll = z.object({
  officialMembers: z.number().int().min(1).max(100_000),
  temporarilyElsewhere: count.default(0),
  exemptAbsent: count.default(0),
  suspendedOrDetained: count.default(0),
});

/** A vote as entered by the secretary (the app records the vote; it is not the voting channel). */
export const vote = z
  .object({
    body: z.enum(['cell', 'committee']),
    purpose: z.enum(['admission', 'recognition']),
    date: calendarDate,
    form: z.enum(['secret_ballot', 'party_cards']),
    yes: count,
    no: count,
    abstain: count.default(0),
    roll: cellRoll.optional(),
    committeeMembers: z.number().int().min(1).max(1000).optional(),
    round: z.number().int().min(1).max(10).optional(),
    resolutionRef: docRef.optional(),
  })
  .superRefine((v, ctx) => {
    let voters: number | undefined;
    if (v.body === 'cell') {
      if (!v.roll) {
        ctx.addIssue({ code: 'custom', path: ['roll'], message: 'v.vote.roll' });
        return;
      }
      const r = v.roll;
      voters = r.officialMembers - r.temporarilyElsewhere - r.exemptAbsent - r.suspendedOrDetained;
      if (voters <= 0) {
        ctx.addIssue({ code: 'custom', path: ['roll'], message: 'v.vote.deductions' });
        return;
      }
    } else {
      if (v.committeeMembers === undefined) {
        ctx.addIssue({ code: 'custom', path: ['committeeMembers'], message: 'v.vote.committee' });
        return;
      }
      voters = v.committeeMembers;
    }
    if (v.yes + v.no + v.abstain > voters) {
      ctx.addIssue({ code: 'custom', path: ['yes'], message: 'v.vote.total' });
    }
  });

export type VoteInput = z.output<typeof vote>;

/** The competent committee's answer: approve, return with a comment, or refuse with a reason. */
export const decision = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('approve'),
    ref: docRef.optional(),
    decidedOn: calendarDate,
    comment: optionalText(2000),
  }),
  z.object({ kind: z.literal('return'), comment: text(2000) }),
  z.object({ kind: z.literal('refuse'), reason: text(2000) }),
]);

export type DecisionInput = z.output<typeof decision>;

/** The decision reached the cell (the ceremony deadline counts from here). */
export const decisionReceived = z.object({ ref: docRef, decidedOn: calendarDate, receivedOn: calendarDate });

export const ceremony = z.object({
  date: calendarDate,
  decisionRef: docRef,
  helperPersonId: id,
  lateApprovalRef: docRef.optional(),
});

export type CeremonyInput = z.output<typeof ceremony>;

export const withdrawal = z.object({ reason: text(1000), on: calendarDate });
export type WithdrawalInput = z.output<typeof withdrawal>;

/** Put on hold (with a reason) or resume. */
export const hold = z.object({ reason: text(1000) });

const targetValues = z
  .object({
    sentToCourse: count.optional(),
    dossiersSent: count.optional(),
    admitted: count.optional(),
    introductionsPerMember: z.number().int().min(0).max(20).optional(),
  })
  .strict();

/** A cell's targets for a year, with optional monthly targets keyed 'YYYY-MM' within that year. */
export const targets = z
  .object({
    year: z.number().int().min(2000).max(2100),
    annual: targetValues,
    monthly: z.record(z.string(), targetValues).default({}),
  })
  .superRefine((v, ctx) => {
    for (const month of Object.keys(v.monthly)) {
      if (!new RegExp(`^${v.year}-(0[1-9]|1[0-2])$`).test(month)) {
        ctx.addIssue({
          code: 'custom',
          path: ['monthly', month],
          message: 'v.targets.month',
          params: { year: v.year },
        });
      }
    }
  });

export type TargetsInput = z.output<typeof targets>;

/** One round of the cell's recognition vote (docs/rules.md#recognition): on recognising, and optionally on removing the name. */
export const recognitionRound = z
  .object({
    date: calendarDate,
    form: z.enum(['secret_ballot', 'party_cards']),
    round: z.number().int().min(1).max(10),
    roll: cellRoll,
    recogniseYes: count,
    removeYes: count.optional(),
    resolutionRef: docRef.optional(),
  })
  .superRefine((v, ctx) => {
    const r = v.roll;
    const voters = r.officialMembers - r.temporarilyElsewhere - r.exemptAbsent - r.suspendedOrDetained;
    if (voters <= 0) ctx.addIssue({ code: 'custom', path: ['roll'], message: 'v.vote.deductions' });
    else if (v.recogniseYes > voters || (v.removeYes ?? 0) > voters) {
      ctx.addIssue({ code: 'custom', path: ['recogniseYes'], message: 'v.vote.total' });
    }
  });

export type RecognitionRoundInput = z.output<typeof recognitionRound>;

/** Where a cell sits and who it is (admin settings): decides checklists and the competent committee. */
export const cellSettings = z.object({
  name: text(200),
  officialMembers: z.number().int().min(0).max(100_000),
  probationaryMembers: z.number().int().min(0).max(100_000),
  hasSubcommittee: z.boolean(),
  hasGrassrootsCommittee: z.boolean(),
  delegatedAuthority: z.boolean().default(false),
  meetsOnline: z.boolean().default(false),
});

export type CellSettingsInput = z.output<typeof cellSettings>;
