/**
 * The reminder job's port on the single table (shared/reminders): every read and write of the daily job and
 * of its reports, as named operations that take and return plain data. The job gets a `ReminderStore` in its
 * deps (`reminderStore(ddb, tableName)`), so a test can hand it its own client and table.
 *
 * Every read of the job is counted on the run's `ReadMeter` (items returned, read capacity DynamoDB charged),
 * which the run record reports. The writes keep the job's guarantees: a digest is recorded once
 * (`attribute_not_exists`), claimed under a lease, and marked sent in the one transaction that writes its
 * mail key (pattern 12); a deadline advances only from the `nextRemindOn` the job read.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reminderReads } from './reminder-store-reads.ts';
import { reminderWrites } from './reminder-store-writes.ts';

export type Item = Record<string, unknown>;

/** Items read and read capacity consumed, over one run of the job (or one report). */
export class ReadMeter {
  items = 0;
  capacity = 0;
  add(count: number, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    this.items += count;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      this.capacity += c.CapacityUnits ?? 0;
  }
}

/** A cell's target and progress counters for one period (`2024`, `2024-01`): metric name → number. */
export interface PeriodFigures {
  period: string;
  target: Record<string, number>;
  progress: Record<string, number>;
}

/** A cell's members and, for a month, how many people each member introduced (by member id). */
export interface IntroductionCounts {
  members: { memberId: string; fullName: string; status: string }[];
  counts: Record<string, number>;
}

/** The digest to record for one recipient and day, as rendered by the job. */
export interface NewDigest {
  day: string;
  recipientId: string;
  email: string;
  lang: string;
  role: string;
  /** `<candidateId>#<kind>` of each item in the digest */
  items: string[];
  progressCells: string[];
  subject: string;
  text: string;
  html: string;
  /** the run that records it */
  runId: string;
}

/** Which digest: one per recipient and day. */
export interface DigestRef {
  day: string;
  recipientId: string;
}

/** A recorded digest as the send phase reads it. */
export interface DigestRecord extends DigestRef {
  email: string;
  subject: string;
  text: string;
  html: string;
  /** `<candidateId>#<kind>` of each item in the digest */
  items: readonly unknown[];
  /** set once the mail went out, or once SES refused it for good */
  sentAt?: unknown;
  rejectedAt?: unknown;
}

/** An open deadline or task to move to its next reminder day. */
export interface ReminderToAdvance {
  key: { PK: string; SK: string };
  candidateId: string;
  kind: string;
  /** the `nextRemindOn` the job read: the update holds only if it is unchanged and the item still open */
  seenNextRemindOn: string;
  nextRemindOn: string;
}

/** What the job reads (each read counted on the meter it is given). */
export interface ReminderReads {
  /** Open deadlines and tasks whose next reminder day is `day` or earlier (GSI3 `REMIND`, pattern 8). */
  dueReminders(day: string, meter: ReadMeter): Promise<Item[]>;
  /** The candidates' `META` items (for a deadline without a denormalised name). */
  candidates(candidateIds: readonly string[], meter: ReadMeter): Promise<Item[]>;
  /** The cells' `META` items (name, secretaries, committee). */
  cells(cellIds: readonly string[], meter: ReadMeter): Promise<Item[]>;
  /** The users' `META` items (address, language, name). */
  users(userIds: readonly string[], meter: ReadMeter): Promise<Item[]>;
  /** The ids of the cells with targets for a year (`TARGETSET#<year>`, pattern 17). */
  cellsWithTargets(year: string, meter: ReadMeter): Promise<string[]>;
  /** A cell's targets and progress counters for each period, in the order given (pattern 9). */
  progressFigures(cellId: string, periods: readonly string[], meter: ReadMeter): Promise<PeriodFigures[]>;
  /** A cell's members and their introductions in a month (patterns 10 and 22). */
  introductions(cellId: string, month: string, meter: ReadMeter): Promise<IntroductionCounts>;
  /** The digests recorded for a day (pattern 15). */
  digestsOfDay(day: string, meter: ReadMeter): Promise<DigestRecord[]>;
  /** The latest runs of the job, newest first (pattern 16); not metered. */
  latestJobRuns(limit: number): Promise<Item[]>;
}

/** What the job writes. */
export interface ReminderWrites {
  /** Writes (or overwrites) the run record `JOBRUN` / `<startedAt>#<runId>`, kept 400 days. */
  recordJobRun<R extends { runId: string; startedAt: string }>(run: R, now: Date): Promise<void>;
  /** Records a digest unless one exists for that recipient and day (then it is left as it is). */
  recordDigest(digest: NewDigest, now: Date): Promise<'recorded' | 'exists'>;
  /**
   * Claims a recorded, unsent digest for `leaseMs` (conditional: no `sentAt`, no live claim) and counts the
   * attempt: `sent` when it already went out, `busy` while another run holds a live claim.
   */
  claimDigest(
    digest: DigestRef,
    runId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<'claimed' | 'sent' | 'busy'>;
  /** Records SES's permanent refusal on the digest this run claimed (throws if the claim is not ours). */
  rejectDigest(digest: DigestRef, runId: string, reason: string, at: Date): Promise<void>;
  /** Gives up this run's claim on an unsent digest (throws if the claim is not ours). */
  releaseDigest(digest: DigestRef, runId: string): Promise<void>;
  /**
   * In one transaction: the digest's mail key `MAIL#reminders:<day>:<recipient>` (`attribute_not_exists`) and
   * the digest's `sentAt`. `duplicate` when the mail key existed (the digest is then marked sent alone).
   */
  markDigestSent(
    digest: DigestRef,
    sent: { runId: string; messageId: string; at: Date },
  ): Promise<'sent' | 'duplicate'>;
  /** Moves an open deadline or task to its next reminder day; `skipped` when it was closed or moved meanwhile. */
  advanceReminder(r: ReminderToAdvance, today: string): Promise<'advanced' | 'skipped'>;
}

export type ReminderStore = ReminderReads & ReminderWrites;

/** The job's store on a client and table (the function's: `clients().ddb`, `config().tableName`). */
export function reminderStore(ddb: DynamoDBDocumentClient, tableName: string): ReminderStore {
  return { ...reminderReads(ddb, tableName), ...reminderWrites(ddb, tableName) };
}
