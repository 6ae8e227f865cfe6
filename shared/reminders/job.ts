// The daily reminder job, in three phases that make each digest go out exactly once per recipient and day:
//
// 1. plan:    read ONLY the due deadlines (GSI3, `GSI3SK <= today~`), decide the notice of each, group them
//             into one digest per recipient, and record each digest with a conditional put
//             (`DIGEST#<day>` / `TO#<recipient>`). A digest, once recorded, is never rebuilt: a rerun sends
//             the very same mail.
// 2. send:    for each digest of the day without `sentAt`: claim it (conditional on no `sentAt`), SendEmail,
//             then in one transaction record `MAIL#<key>` (attribute_not_exists) and the digest's `sentAt`.
//             A failed send is recorded and skipped; the rerun sends it.
// 3. advance: move each deadline whose digests were all sent to its next reminder day (conditional on the
//             `nextRemindOn` read in phase 1). A deadline not yet in a sent digest stays due, so it is
//             picked up again by the next run; nothing is missed.
//
// Two runs at once (the scheduler delivers at least once) cannot both send a digest: the claim carries a lease
// (`claimUntil`, 90 s) and is conditional on no live claim; the loser reports `DigestBusy` and its run ends
// `partial`, so the platform retries it. A run that dies mid-send leaves its claim: a rerun after the lease
// sends that digest. The only window that is not exactly-once is a crash between SES accepting a mail and the
// transaction that records it: the rerun resends that one mail (at-least-once there, never a miss).
import { randomUUID } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { sendEmailInput } from '../adapters/mail-input.ts';
import { indexKeys, keys } from '../adapters/table.ts';
import {
  type Digest,
  type DigestProgress,
  type DueNotice,
  groupDigests,
  type Recipient,
  type RenderedMail,
  type Routing,
  renderDigest,
} from './digest.ts';
import { monthIntroductions } from './introductions.ts';
import { reminderKeys } from './keys.ts';
import { computeProgress, firstWorkingDayOfMonth } from './progress.ts';
import { type DeadlineKind, planDeadline, rulesetOf } from './schedule.ts';
import {
  CandidateNameItem,
  CellItem,
  DeadlineItem,
  DeadlineKindSchema,
  ReminderEvent,
  TaskDeadlineItem as TaskItem,
  UserItem,
} from './schema.ts';
import { batchGet, type Item, isConditionalFailure, queryAll, ReadMeter } from './store.ts';
import { planTask } from './tasks.ts';
import { dayInVietnam, monthOf, previousMonth } from './time.ts';

export interface ReminderJobDeps {
  ddb: DynamoDBDocumentClient;
  /** the client, or how to make it on first use (a run with nothing to send never loads SES) */
  ses: SESv2Client | (() => Promise<SESv2Client>);
  tableName: string;
  appBaseUrl: string;
  mailFrom: string;
  /** Wall clock, only for the run record's timestamps (the business day comes from the event). */
  wallClock?: () => Date;
}

export type JobRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface JobRunSummary {
  runId: string;
  job: 'reminders';
  day: string;
  eventTime: string;
  startedAt: string;
  finishedAt?: string;
  status: JobRunStatus;
  itemsRead: number;
  readCapacity: number;
  deadlinesDue: number;
  digests: number;
  mailsSent: number;
  deadlinesAdvanced: number;
  errors: number;
  errorMessages: string[];
}

export interface PlannedDeadline {
  ref: string; // `<candidateId>#<kind>` (a task: `<subjectId>#task_<taskId>`)
  /** the item to advance: a candidate's deadline, or a task */
  key: { PK: string; SK: string };
  candidateId: string;
  kind: DeadlineKind;
  seenNextRemindOn: string;
  nextRemindOn: string;
  notice: DueNotice;
}

// Digests hold names and addresses: kept 90 days (audit of what was sent), then removed by TTL.
const DIGEST_TTL_DAYS = 90;
const ADVANCE_CONCURRENCY = 8;
/** How long a run's claim on a digest keeps other runs off it (longer than one SendEmail can take). */
export const CLAIM_LEASE_MS = 90_000;

export async function runReminderJob(deps: ReminderJobDeps, rawEvent: unknown): Promise<JobRunSummary> {
  const event = ReminderEvent.parse(rawEvent);
  const today = dayInVietnam(event.time);
  const wall = deps.wallClock ?? (() => new Date());
  const meter = new ReadMeter();
  const runId = randomUUID();
  const run: JobRunSummary = {
    runId,
    job: 'reminders',
    day: today,
    eventTime: event.time,
    startedAt: wall().toISOString(),
    status: 'running',
    itemsRead: 0,
    readCapacity: 0,
    deadlinesDue: 0,
    digests: 0,
    mailsSent: 0,
    deadlinesAdvanced: 0,
    errors: 0,
    errorMessages: [],
  };
  const runKey = reminderKeys.jobRun(run.startedAt, runId);
  const fail = (phase: string, e: unknown): void => {
    run.errors++;
    // Only the error's name: SES and DynamoDB messages can quote addresses or names.
    if (run.errorMessages.length < 20) run.errorMessages.push(`${phase}: ${errorName(e)}`);
  };
  await deps.ddb.send(
    new PutCommand({ TableName: deps.tableName, Item: { ...runKey, ...run, expiresAt: ttl(wall(), 400) } }),
  );
  try {
    // ---- phase 1: plan ----------------------------------------------------------------------------------
    const planned = await planDueDeadlines(deps, today, meter, fail);
    run.deadlinesDue = planned.length;
    const cellIds = new Set(planned.map((p) => p.notice.cellId));
    const progress = await monthlyProgress(deps, today, meter);
    for (const cellId of progress.keys()) cellIds.add(cellId);
    const routing = await loadRouting(deps, [...cellIds], meter);
    for (const p of progress.values()) p.cellName = routing.cellName?.(p.cellId);
    const digests = groupDigests(
      today,
      planned.map((p) => p.notice),
      routing,
      progress,
    );
    for (const d of digests) await recordDigest(deps, d, runId, wall());

    // ---- phase 2: send ----------------------------------------------------------------------------------
    const records = await queryAll(
      deps.ddb,
      {
        TableName: deps.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': reminderKeys.digestsOfDay(today) },
      },
      meter,
    );
    run.digests = records.length;
    for (const record of records) {
      if (record.sentAt || record.rejectedAt) continue;
      try {
        const outcome = await sendDigest(deps, record, runId, wall);
        if (outcome === 'sent') run.mailsSent++;
        if (outcome === 'rejected') {
          record.rejectedAt = true; // a bad address: counted, never retried, does not hold the deadlines back
          fail('send', { name: 'MessageRejected' });
        } else record.sentAt = true;
      } catch (e) {
        if ((e as { name?: string }).name === 'DuplicateMail') record.sentAt = true;
        fail('send', e);
      }
    }

    // ---- phase 3: advance -------------------------------------------------------------------------------
    const byRecipient = new Map(records.map((r) => [String(r.recipientId), r]));
    const ready = planned.filter((p) => {
      const to = recipientsOf(p.notice, routing);
      if (to.length === 0) {
        fail('route', { name: 'NoRecipientForCell' });
        return true; // nobody to tell: do not keep re-reading it every day
      }
      return to.every((r) => {
        const rec = byRecipient.get(r.id);
        const done = rec?.sentAt !== undefined || rec?.rejectedAt !== undefined;
        return done && Array.isArray(rec?.items) && rec.items.includes(p.ref);
      });
    });
    for (let i = 0; i < ready.length; i += ADVANCE_CONCURRENCY) {
      const results = await Promise.all(
        ready.slice(i, i + ADVANCE_CONCURRENCY).map((p) => advance(deps, p, today)),
      );
      for (const r of results) {
        if (r === 'advanced') run.deadlinesAdvanced++;
        else if (r instanceof Error) fail('advance', r);
      }
    }
    run.status = run.errors > 0 ? 'partial' : 'succeeded';
    return run;
  } catch (e) {
    fail('run', e);
    run.status = 'failed';
    throw e;
  } finally {
    run.itemsRead = meter.items;
    run.readCapacity = Math.round(meter.capacity * 100) / 100;
    run.finishedAt = wall().toISOString();
    await deps.ddb
      .send(
        new PutCommand({
          TableName: deps.tableName,
          Item: { ...runKey, ...run, expiresAt: ttl(wall(), 400) },
        }),
      )
      .catch(() => undefined);
  }
}

function errorName(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(name) ? name : 'Error';
}

function ttl(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}

async function planDueDeadlines(
  deps: ReminderJobDeps,
  today: string,
  meter: ReadMeter,
  fail: (phase: string, e: unknown) => void,
): Promise<PlannedDeadline[]> {
  const items = await queryAll(
    deps.ddb,
    {
      TableName: deps.tableName,
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :upTo',
      ExpressionAttributeValues: { ':pk': 'REMIND', ':upTo': `${today}~` },
    },
    meter,
  );
  const parsed: { item: DeadlineItem; candidateId: string; kind: DeadlineKind }[] = [];
  const tasks: PlannedDeadline[] = [];
  for (const raw of items) {
    if (raw.type === 'task') {
      const task = TaskItem.safeParse(raw);
      if (!task.success) fail('plan', { name: 'InvalidTaskItem' });
      else if (task.data.status === 'open') tasks.push(planTask(task.data, today));
      continue;
    }
    const item = DeadlineItem.safeParse(raw);
    const kind = DeadlineKindSchema.safeParse(String(raw.SK ?? '').slice('DEADLINE#'.length));
    if (!item.success || !kind.success) {
      fail('plan', { name: 'InvalidDeadlineItem' });
      continue;
    }
    if (item.data.status !== 'open') continue;
    parsed.push({ item: item.data, candidateId: item.data.PK.slice('CAND#'.length), kind: kind.data });
  }
  // Names are denormalised on the deadline; read the candidate item only for older items without one.
  const missing = [...new Set(parsed.filter((p) => !p.item.candidateName).map((p) => p.candidateId))];
  const names = new Map<string, string>();
  if (missing.length > 0) {
    for (const raw of await batchGet(deps.ddb, deps.tableName, missing.map(keys.candidate), meter)) {
      const c = CandidateNameItem.safeParse(raw);
      if (c.success) names.set(c.data.PK.slice('CAND#'.length), c.data.fullName ?? c.data.name ?? '');
    }
  }
  const deadlines = parsed.map(({ item, candidateId, kind }): PlannedDeadline => {
    const plan = planDeadline(item.dueOn, today, rulesetOf(item.rulesetId));
    return {
      ref: `${candidateId}#${kind}`,
      key: keys.deadline(candidateId, kind),
      candidateId,
      kind,
      seenNextRemindOn: item.nextRemindOn,
      nextRemindOn: plan.nextRemindOn,
      notice: {
        candidateId,
        candidateName: item.candidateName || names.get(candidateId) || candidateId,
        cellId: item.cellId,
        kind,
        dueOn: item.dueOn,
        notice: plan.notice,
      },
    };
  });
  return [...deadlines, ...tasks];
}

function recipientsOf(n: DueNotice, routing: Routing): readonly Recipient[] {
  const escalate = n.notice.type === 'overdue' && n.notice.escalate;
  const out = [...routing.secretaries(n.cellId)];
  if (escalate) for (const r of routing.committee(n.cellId)) if (!out.some((x) => x.id === r.id)) out.push(r);
  return out;
}

/** Secretaries and committee members of each cell, from the cell item and the users' items. */
async function loadRouting(
  deps: ReminderJobDeps,
  cellIds: readonly string[],
  meter: ReadMeter,
): Promise<Routing> {
  const cells = new Map<string, { name?: string | undefined; secretaries: string[]; committee: string[] }>();
  if (cellIds.length === 0) return { secretaries: () => [], committee: () => [] };
  for (const raw of await batchGet(deps.ddb, deps.tableName, cellIds.map(keys.cell), meter)) {
    const cell = CellItem.safeParse(raw);
    const cellId = String(raw.PK).slice('CELL#'.length);
    if (cell.success) {
      cells.set(cellId, {
        name: cell.data.name,
        secretaries: cell.data.secretaryUserIds ?? [],
        committee: cell.data.committeeUserIds ?? [],
      });
    }
  }
  const userIds = [...new Set([...cells.values()].flatMap((c) => [...c.secretaries, ...c.committee]))];
  const users = new Map<string, Recipient>();
  for (const raw of await batchGet(deps.ddb, deps.tableName, userIds.map(keys.user), meter)) {
    const u = UserItem.safeParse(raw);
    if (!u.success) continue;
    const id = u.data.PK.slice('USER#'.length);
    users.set(id, { id, email: u.data.email, language: u.data.lang ?? 'vi', name: u.data.displayName });
  }
  const resolve = (ids: readonly string[] | undefined): Recipient[] =>
    (ids ?? []).flatMap((id) => {
      const u = users.get(id);
      return u ? [u] : [];
    });
  return {
    secretaries: (cellId) => resolve(cells.get(cellId)?.secretaries),
    committee: (cellId) => resolve(cells.get(cellId)?.committee),
    cellName: (cellId) => cells.get(cellId)?.name,
  };
}

/** On the first working day of a month: last month's and the year's progress of each cell with targets. */
async function monthlyProgress(
  deps: ReminderJobDeps,
  today: string,
  meter: ReadMeter,
): Promise<Map<string, DigestProgress>> {
  const out = new Map<string, DigestProgress>();
  if (firstWorkingDayOfMonth(today) !== today) return out;
  const month = previousMonth(monthOf(today));
  const year = month.slice(0, 4);
  const cells = await queryAll(
    deps.ddb,
    {
      TableName: deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': reminderKeys.targetSetsOfYear(year) },
    },
    meter,
  );
  for (const c of cells) {
    const cellId = String(c.SK).slice('CELL#'.length);
    const [monthFigures, yearFigures] = await loadProgressFigures(deps, cellId, [month, year], today, meter);
    if (!monthFigures || !yearFigures) continue;
    if (monthFigures.metrics.length + yearFigures.metrics.length === 0) continue;
    // a month with an introductions target: who of the official members has not introduced anyone yet
    const intro = monthFigures.metrics.some((m) => m.metric === 'introductions')
      ? await monthIntroductions(deps, cellId, month, meter)
      : undefined;
    out.set(cellId, {
      cellId,
      month: monthFigures,
      year: yearFigures,
      ...(intro ? { introductions: intro } : {}),
    });
  }
  return out;
}

export async function loadProgressFigures(
  deps: Pick<ReminderJobDeps, 'ddb' | 'tableName'>,
  cellId: string,
  periods: readonly string[],
  asOf: string | null,
  meter: ReadMeter,
) {
  const wanted = periods.flatMap((p) => [keys.target(cellId, p), keys.progress(cellId, p)]);
  const got = await batchGet(deps.ddb, deps.tableName, wanted, meter);
  const bySk = new Map(got.map((i) => [String(i.SK), i]));
  return periods.map((p) =>
    computeProgress(p, numbers(bySk.get(`TARGET#${p}`)), numbers(bySk.get(`PROGRESS#${p}`)), asOf),
  );
}

const NOT_METRICS = new Set(['PK', 'SK', 'expiresAt', 'version', 'updatedAt', 'updatedBy']);

function numbers(item: Item | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item ?? {}))
    if (!NOT_METRICS.has(k) && typeof v === 'number') out[k] = v;
  return out;
}

async function recordDigest(deps: ReminderJobDeps, d: Digest, runId: string, now: Date): Promise<void> {
  const mail: RenderedMail = renderDigest(d, deps.appBaseUrl);
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          ...reminderKeys.digest(d.day, d.recipient.id),
          day: d.day,
          recipientId: d.recipient.id,
          email: d.recipient.email,
          lang: d.recipient.language,
          role: d.role,
          items: d.candidates.flatMap((c) => c.items.map((i) => `${c.candidateId}#${i.kind}`)),
          progressCells: d.progress.map((p) => p.cellId),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          createdBy: runId,
          createdAt: now.toISOString(),
          attempts: 0,
          expiresAt: ttl(now, DIGEST_TTL_DAYS),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e; // already recorded by an earlier run today: keep it as it is
  }
}

/** SES refused this mail for its content or address: retrying will not help. */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Sends one recorded digest: `sent`, `already` (another run sent it), or `rejected` (SES refused it for good;
 * recorded as `rejectedAt`). Throws `DigestBusy` while another run holds a fresh claim on it (that run may be
 * sending it right now), and any transient error after releasing the claim.
 */
async function sendDigest(
  deps: ReminderJobDeps,
  record: Item,
  runId: string,
  wall: () => Date,
): Promise<'sent' | 'already' | 'rejected'> {
  const key = { PK: String(record.PK), SK: String(record.SK) };
  const now = wall().getTime();
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: key,
        UpdateExpression:
          'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptBy = :run, lastAttemptAt = :at, claimUntil = :until',
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(sentAt) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':run': runId,
          ':at': new Date(now).toISOString(),
          ':until': now + CLAIM_LEASE_MS,
          ':now': now,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e;
    const old = (e as { Item?: Record<string, unknown> }).Item;
    if (old?.sentAt !== undefined) return 'already';
    throw Object.assign(new Error('digest claimed by another run'), { name: 'DigestBusy' });
  }
  let res: { MessageId?: string | undefined };
  try {
    res = await sendEmail(deps, record);
  } catch (e) {
    if (PERMANENT_SES_ERRORS.has(errorName(e))) {
      await deps.ddb.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'SET rejectedAt = :at, rejectReason = :why REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':at': wall().toISOString(), ':why': errorName(e), ':run': runId },
        }),
      );
      return 'rejected';
    }
    // SES answered with an error: the mail did not go. Release the claim so that a rerun can send it now.
    await deps.ddb
      .send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'REMOVE claimUntil',
          ConditionExpression: 'lastAttemptBy = :run AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':run': runId },
        }),
      )
      .catch(() => undefined);
    throw e;
  }
  const sentAt = wall().toISOString();
  const mailKey = reminderKeys.mailKey(String(record.day), String(record.recipientId));
  const markDigest = {
    TableName: deps.tableName,
    Key: key,
    UpdateExpression: 'SET sentAt = :at, messageId = :id, sentBy = :run',
    ExpressionAttributeValues: { ':at': sentAt, ':id': res.MessageId ?? '', ':run': runId },
  };
  try {
    await deps.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.tableName,
              Item: {
                ...keys.mail(mailKey),
                sentAt,
                messageId: res.MessageId ?? '',
                expiresAt: ttl(wall(), DIGEST_TTL_DAYS),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Update: markDigest },
        ],
      }),
    );
  } catch (e) {
    if (!isConditionalFailure(e)) throw e;
    // The mail key existed: someone sent this digest before us. Record the digest as sent and report it.
    await deps.ddb.send(new UpdateCommand(markDigest));
    throw Object.assign(new Error('duplicate digest mail'), { name: 'DuplicateMail' });
  }
  return 'sent';
}

async function sendEmail(deps: ReminderJobDeps, record: Item) {
  const [{ SendEmailCommand }, ses] = await Promise.all([
    import('../adapters/sdk/ses.ts'),
    typeof deps.ses === 'function' ? deps.ses() : deps.ses,
  ]);
  return ses.send(
    new SendEmailCommand(
      sendEmailInput({
        from: deps.mailFrom,
        to: [String(record.email)],
        subject: String(record.subject),
        text: String(record.text),
        html: String(record.html),
        tags: [{ Name: 'job', Value: 'reminders' }],
      }),
    ),
  );
}

async function advance(
  deps: ReminderJobDeps,
  p: PlannedDeadline,
  today: string,
): Promise<'advanced' | 'skipped' | Error> {
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: p.key,
        UpdateExpression: 'SET nextRemindOn = :next, GSI3SK = :gsi, lastRemindedOn = :today',
        ConditionExpression: 'nextRemindOn = :seen AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': p.nextRemindOn,
          ':gsi': indexKeys.remind(p.nextRemindOn, p.candidateId, p.kind).GSI3SK,
          ':today': today,
          ':seen': p.seenNextRemindOn,
          ':open': 'open',
        },
      }),
    );
    return 'advanced';
  } catch (e) {
    if (isConditionalFailure(e)) return 'skipped'; // closed or moved meanwhile
    return e instanceof Error ? e : new Error('advance failed');
  }
}

/** Thrown by the handler when a run recorded errors, so the scheduler retries it (reruns are safe). */
export class ReminderJobIncomplete extends Error {
  override name = 'ReminderJobIncomplete';
  constructor(readonly run: JobRunSummary) {
    super(`reminder run ${run.runId} ${run.status}: ${run.errors} error(s)`);
  }
}
