// The job's reads grow with the items due, not with the table: 20,000 candidates with an open deadline, 50 of
// them due today; the job reads at most 100 items (counted by SDK middleware on every response) and never scans.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { type JobRunSummary, runReminderJob } from '../../../shared/reminders/job.ts';
import { useStack } from '../../helpers/stack.ts';
import {
  addDays,
  batchWrite,
  clients,
  createTable,
  deadlineItem,
  mailsTo,
  putCell,
  putUser,
} from './fixtures.ts';

const stack = useStack();
const { raw, ddb, ses } = clients();
const TODAY = '2026-07-15';
const CANDIDATES = 20_000;
const DUE = 50;
const CELLS = 5;

// A separate client for the job, with a middleware that counts what DynamoDB returns.
const counted = new DynamoDBClient({});
const reads = { items: 0, capacity: 0, commands: new Map<string, number>() };
counted.middlewareStack.add(
  (next, context) => async (args) => {
    const out = await next(args);
    const o = (out.output ?? {}) as {
      Items?: unknown[];
      Item?: unknown;
      Responses?: Record<string, unknown[]>;
      ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
    };
    const name = context.commandName ?? '?';
    reads.commands.set(name, (reads.commands.get(name) ?? 0) + 1);
    reads.items += (o.Items?.length ?? 0) + (o.Item ? 1 : 0);
    for (const list of Object.values(o.Responses ?? {})) reads.items += list.length;
    for (const c of [o.ConsumedCapacity ?? []].flat()) reads.capacity += c.CapacityUnits ?? 0;
    return out;
  },
  { step: 'initialize', name: 'countReads' },
);
const countedDoc = DynamoDBDocumentClient.from(counted, { marshallOptions: { removeUndefinedValues: true } });

let table: string;
let run: JobRunSummary;
let loadMs = 0;
const emails: string[] = [];

beforeAll(async () => {
  table = await createTable(raw, 'rem-scale');
  for (let c = 0; c < CELLS; c++) {
    const email = `bithu${c}.${table}@rem-scale.example`;
    emails.push(email);
    await putUser(ddb, table, { userId: `u${c}`, email });
    await putCell(ddb, table, { cellId: `c${c}`, secretaryUserIds: [`u${c}`] });
  }
  const items = Array.from({ length: CANDIDATES }, (_, i) => {
    const due = i < DUE;
    return deadlineItem({
      candidateId: `cand-${String(i).padStart(5, '0')}`,
      cellId: `c${i % CELLS}`,
      kind: 'decision',
      dueOn: due ? '2026-07-24' : '2026-12-31',
      // not due: next reminder spread over the coming months
      nextRemindOn: due ? TODAY : addDays(TODAY, 1 + (i % 150)),
      candidateName: `Ứng viên ${i}`,
    });
  });
  const t0 = performance.now();
  await batchWrite(ddb, table, items, 8);
  loadMs = performance.now() - t0;
  run = await runReminderJob(
    {
      store: reminderStore(countedDoc, table),
      ses,
      appBaseUrl: stack.env.APP_BASE_URL ?? '',
      mailFrom: 'ketnap@localhost.localdomain',
    },
    { time: `${TODAY}T07:00:00+07:00` },
  );
}, 120_000);

afterAll(async () => {
  if (table) await raw.send(new DeleteTableCommand({ TableName: table })); // give the shared stack its memory back
});

describe('reads scale with the items due', () => {
  it(`reads at most 100 items with ${CANDIDATES} candidates of which ${DUE} are due, and never scans`, () => {
    console.info(
      `loaded ${CANDIDATES} deadlines in ${Math.round(loadMs)} ms; job read ${reads.items} items, ` +
        `${reads.capacity} RCU; commands ${JSON.stringify(Object.fromEntries(reads.commands))}`,
    );
    expect(reads.commands.has('ScanCommand')).toBe(false);
    expect(reads.items).toBeLessThanOrEqual(100);
    expect(reads.items).toBeGreaterThanOrEqual(DUE);
    // the run record reports the same count
    expect(run.itemsRead).toBe(reads.items);
    expect(run).toMatchObject({
      deadlinesDue: DUE,
      digests: CELLS,
      mailsSent: CELLS,
      deadlinesAdvanced: DUE,
    });
  });

  it('sends one digest per secretary listing that cell’s 10 due candidates', () => {
    const mails = mailsTo(stack.dataDir, new Set(emails));
    expect(mails).toHaveLength(CELLS);
    for (const m of mails) expect(m.text.match(/■ /g)).toHaveLength(DUE / CELLS);
  });
});
