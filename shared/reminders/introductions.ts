// The monthly progress mail's line on each member's introductions: when the month had an introductions
// target, how many official members introduced someone and who has not yet (the secretary can act on it).
// Two Queries of the cell's partition (`ReminderReads.introductions`): its members, and the month's per-member
// counters.
import type { ReadMeter, ReminderReads } from '../adapters/reminder-store.ts';
import { introductionsOf } from '../domain/pool.ts';

export interface MonthIntroductions {
  period: string;
  introduced: number;
  official: number;
  /** names of the official members who have not introduced anyone in the month */
  notYet: string[];
}

export async function monthIntroductions(
  deps: { store: Pick<ReminderReads, 'introductions'> },
  cellId: string,
  month: string,
  meter: ReadMeter,
): Promise<MonthIntroductions | undefined> {
  const { members, counts } = await deps.store.introductions(cellId, month, meter);
  const v = introductionsOf(month, members, counts);
  const official = v.introduced.length + v.notYet.length;
  if (official === 0) return undefined;
  return {
    period: month,
    introduced: v.introduced.length,
    official,
    notYet: v.notYet.map((r) => r.member.fullName),
  };
}
