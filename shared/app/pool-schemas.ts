/** zod schemas of the pool's and the tasks' inputs (the web app's bodies are these). */
import * as z from 'zod';

const day = z.iso.date();
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/);
const text = (max: number) => z.string().trim().min(1).max(max);

export const PoolEntryInput = z
  .object({
    fullName: text(120),
    birthDate: day,
    /** where the person works or studies (unit, company, school) */
    workplace: text(200),
    /** the official member who found the person */
    foundByMemberId: id,
    introducedOn: day,
    /** a retried request answers the entry it created */
    requestId: z.string().min(8).max(100).optional(),
  })
  .strict();

export const HelperInput = z.object({ helperMemberId: id }).strict();

export const TaskInput = z
  .object({
    title: text(300),
    assignedOn: day,
    dueOn: day,
  })
  .strict();

export const TaskOutcomeInput = z
  .object({
    outcome: z.enum(['done', 'not_done']),
    outcomeOn: day,
    note: text(500).optional(),
  })
  .strict();

export const PeriodInput = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/);
