import * as z from 'zod';
import { EDUCATION_LEVELS } from '../domain/types.ts';
import { calendarDate, docRef, id, optionalText, personName, text } from './common.ts';

export const introducerPath = z.enum(['two_members', 'youth_union', 'trade_union']);

export const exceptionRecord = z.object({
  approvedBy: text(200),
  approvedOn: calendarDate,
  reference: docRef,
  reason: optionalText(1000),
});

export const educationException = exceptionRecord.extend({
  kind: z.enum(['special_area_primary', 'respected_elder_literate']),
});

export const memberIntroducer = z.object({
  kind: z.literal('member'),
  personId: id,
  fullName: personName,
  status: z.enum(['official', 'probationary']),
  officialSince: calendarDate.optional(),
  togetherSince: calendarDate,
  sameUnit: z.boolean(),
  signedOn: calendarDate,
  replacement: z.object({ reason: text(500), resolutionRef: docRef.optional() }).optional(),
});

export const massOrgIntroducer = z.object({
  kind: z.enum(['youth_union', 'trade_union']),
  orgName: text(200),
  resolutionRef: docRef,
  resolutionDate: calendarDate,
});

/** An introducer: an official member, or a Youth Union / trade-union resolution. */
export const introducer = z.union([memberIntroducer, massOrgIntroducer]);

/** A cell secretary refers a candidate (quần chúng ưu tú). */
export const candidateReferral = z.object({
  fullName: personName,
  birthDate: calendarDate,
  sex: z.enum(['male', 'female']),
  ethnicity: text(50),
  religion: text(50),
  education: z.enum(EDUCATION_LEVELS),
  educationException: educationException.optional(),
  ageException: exceptionRecord.optional(),
  citizenId: z
    .string()
    .regex(/^\d{12}$/, { error: 'v.citizenId' })
    .optional(),
  workplace: text(200),
  residence: text(300),
  introducerPath,
  introducers: z.array(introducer).max(3).default([]),
});

export type CandidateReferralInput = z.input<typeof candidateReferral>;
export type CandidateReferral = z.output<typeof candidateReferral>;
export type IntroducerInput = z.output<typeof introducer>;
