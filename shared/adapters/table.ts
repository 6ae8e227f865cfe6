/**
 * The single DynamoDB table of ketnap, as plain data.
 *
 * Used by the cloud stack (infra/cloud maps `type: 'S'` to `AttributeType.STRING`) and by the embedded stack
 * (`createTableInput` feeds DynamoDB Local's CreateTable). The key builders below are the only place that
 * spells the keys; `access-patterns.md` beside this file says which access pattern uses which key.
 */

export type KeyAttribute = { name: string; type: 'S' | 'N' };

export type IndexDefinition = {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** ALL: the candidate's summary attributes are small; the index serves lists without a second read. */
  projection: 'ALL';
};

export type TableDefinition = {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly IndexDefinition[];
  /** epoch seconds; approval links and mail keys expire by TTL */
  timeToLiveAttribute: string;
  billingMode: 'PAY_PER_REQUEST';
  pointInTimeRecovery: true;
};

export const TABLE: TableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      // candidates of a cell by stage, oldest in stage first
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
    {
      // candidates of a cell by name without diacritics
      indexName: 'GSI2',
      partitionKey: { name: 'GSI2PK', type: 'S' },
      sortKey: { name: 'GSI2SK', type: 'S' },
      projection: 'ALL',
    },
    {
      // sparse, two partitions: REMIND = open deadlines by next reminder day (a closed deadline drops its
      // GSI3 keys); CHORE = the workflows' daily chores by the day they fall due (see indexKeys.chore)
      indexName: 'GSI3',
      partitionKey: { name: 'GSI3PK', type: 'S' },
      sortKey: { name: 'GSI3SK', type: 'S' },
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
};

export const DEFAULT_TABLE_NAME = 'ketnap';

/** The input of DynamoDB's CreateTable for this table (structurally a `CreateTableCommandInput`). */
export function createTableInput(tableName: string = DEFAULT_TABLE_NAME) {
  const attributes = new Map<string, KeyAttribute>();
  for (const k of [TABLE.partitionKey, TABLE.sortKey]) attributes.set(k.name, k);
  for (const i of TABLE.globalSecondaryIndexes) {
    attributes.set(i.partitionKey.name, i.partitionKey);
    attributes.set(i.sortKey.name, i.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: TABLE.billingMode,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: i.projection },
    })),
  };
}

// ---- key builders -------------------------------------------------------------------------------------------

export const keys = {
  cell: (cellId: string) => ({ PK: `CELL#${cellId}`, SK: 'META' }),
  member: (cellId: string, memberId: string) => ({ PK: `CELL#${cellId}`, SK: `MEMBER#${memberId}` }),
  target: (cellId: string, period: string) => ({ PK: `CELL#${cellId}`, SK: `TARGET#${period}` }),
  progress: (cellId: string, period: string) => ({ PK: `CELL#${cellId}`, SK: `PROGRESS#${period}` }),
  user: (userId: string) => ({ PK: `USER#${userId}`, SK: 'META' }),
  candidate: (candidateId: string) => ({ PK: `CAND#${candidateId}`, SK: 'META' }),
  /**
   * `at` is an ISO instant; `seq` orders events of the same millisecond and keeps keys unique: the
   * candidate's version for a stage change, a random suffix for other events.
   */
  event: (candidateId: string, at: string, seq: number | string) => ({
    PK: `CAND#${candidateId}`,
    SK: `EVT#${at}#${typeof seq === 'number' ? String(seq).padStart(6, '0') : seq}`,
  }),
  /** the outcome of the n-th human step of a candidate's workflow (the workflow cursor) */
  step: (candidateId: string, cursor: number) => ({
    PK: `CAND#${candidateId}`,
    SK: `STEP#${String(cursor).padStart(4, '0')}`,
  }),
  document: (candidateId: string, formCode: string, docId: string) => ({
    PK: `CAND#${candidateId}`,
    SK: `DOC#${formCode}#${docId}`,
  }),
  deadline: (candidateId: string, kind: string) => ({ PK: `CAND#${candidateId}`, SK: `DEADLINE#${kind}` }),
  /** a dated workflow chore of a candidate (today only `probationEnd`), indexed in GSI3's CHORE partition */
  chore: (candidateId: string, kind: string) => ({ PK: `CAND#${candidateId}`, SK: `CHORE#${kind}` }),
  /** one round of the committee's review of a candidate (at the workflow cursor it waits at) */
  round: (candidateId: string, cursor: number) => ({
    PK: `CAND#${candidateId}`,
    SK: `ROUND#${String(cursor).padStart(4, '0')}`,
  }),
  link: (linkId: string) => ({ PK: `LINK#${linkId}`, SK: 'LINK' }),
  mail: (mailKey: string) => ({ PK: `MAIL#${mailKey}`, SK: 'MAIL' }),
} as const;

export const indexKeys = {
  /** GSI1: candidates of a cell in a stage; sorted by the day they entered it */
  byStage: (cellId: string, stage: string, stageSince: string, candidateId: string) => ({
    GSI1PK: `CELL#${cellId}#STAGE#${stage}`,
    GSI1SK: `${stageSince}#${candidateId}`,
  }),
  /** GSI2: candidates of a cell by name without diacritics (nameKey from shared/domain) */
  byName: (cellId: string, nameKey: string, candidateId: string) => ({
    GSI2PK: `CELL#${cellId}`,
    GSI2SK: `${nameKey}#${candidateId}`,
  }),
  /** GSI3: open deadlines by next reminder day (YYYY-MM-DD) */
  remind: (nextRemindOn: string, candidateId: string, kind: string) => ({
    GSI3PK: 'REMIND',
    GSI3SK: `${nextRemindOn}#${candidateId}#${kind}`,
  }),
  /**
   * GSI3, partition CHORE: a workflow chore due on `day` (YYYY-MM-DD). The candidate item itself carries
   * `chore(CHORE_NOW, id, 'now')` while its workflow needs a nudge (an undelivered step outcome, or an
   * admission not yet started); a dated chore is an item of its own (`keys.chore`).
   */
  chore: (day: string, candidateId: string, kind: string) => ({
    GSI3PK: 'CHORE',
    GSI3SK: `${day}#${candidateId}#${kind}`,
  }),
} as const;

/** The "day" of a chore due now: sorts before every real day. */
export const CHORE_NOW = '0000-00-00';

export const SK_PREFIX = {
  event: 'EVT#',
  step: 'STEP#',
  document: 'DOC#',
  deadline: 'DEADLINE#',
  member: 'MEMBER#',
  chore: 'CHORE#',
  round: 'ROUND#',
} as const;

/** Keys of the items the reminder job owns (digests, job runs, the years' target sets, digest mails). */
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
