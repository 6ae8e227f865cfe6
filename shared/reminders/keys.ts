// Keys of the items the reminder job owns (see shared/adapters/access-patterns.md).

export const reminderKeys = {
  /** one digest per recipient per day: built in phase 1, sent in phase 2 */
  digest: (day: string, recipientId: string) => ({ PK: `DIGEST#${day}`, SK: `TO#${recipientId}` }),
  digestsOfDay: (day: string) => `DIGEST#${day}`,
  /** the run records of the scheduled jobs, newest last by SK */
  jobRun: (startedAt: string, runId: string) => ({ PK: 'JOBRUN', SK: `${startedAt}#${runId}` }),
  jobRuns: 'JOBRUN',
  /** which cells have targets for a year: the monthly progress mail lists them without a scan */
  targetSet: (year: string, cellId: string) => ({ PK: `TARGETSET#${year}`, SK: `CELL#${cellId}` }),
  targetSetsOfYear: (year: string) => `TARGETSET#${year}`,
  /** the idempotency record of one digest mail (pattern 12, `MAIL#<key>`) */
  mailKey: (day: string, recipientId: string) => `reminders:${day}:${recipientId}`,
} as const;
