// Exactly once: a run that dies half way (a real process exit on the N-th SendEmail) or that meets an SES
// fault, followed by a rerun, sends every digest once and misses none; deadlines advance only once their
// digests are out.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createResolver, FUNCTIONS_DIR, invokeFunction } from '../../../infra/local/functions.ts';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { keys } from '../../../shared/adapters/table.ts';
import { runReminderJob } from '../../../shared/reminders/job.ts';
import { listJobRuns } from '../../../shared/reminders/reports.ts';
import { CLAIM_LEASE_MS } from '../../../shared/reminders/send.ts';
import { useStack } from '../../helpers/stack.ts';
import { clients, createTable, mailsTo, putCell, putDeadline, putUser } from './fixtures.ts';

const stack = useStack();
const { raw, ddb, ses } = clients();
const TIME = '2026-05-12T07:00:00+07:00';
const TODAY = '2026-05-12';
const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Six cells, one secretary each, two deadlines due today each: six digests. */
async function setup(tag: string): Promise<{ table: string; emails: string[] }> {
  const table = await createTable(raw, `rem-${tag}`);
  const emails: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const email = `bithu${i}.${tag}.${table}@rem-once.example`;
    emails.push(email);
    await putUser(ddb, table, { userId: `u${i}`, email });
    await putCell(ddb, table, { cellId: `c${i}`, secretaryUserIds: [`u${i}`] });
    for (const kind of ['ceremony', 'member_biography']) {
      await putDeadline(ddb, table, {
        candidateId: `cand-${i}`,
        cellId: `c${i}`,
        kind,
        dueOn: '2026-05-19',
        nextRemindOn: TODAY,
        candidateName: `Ứng viên ${i}`,
      });
    }
  }
  return { table, emails };
}

function crashRun(table: string, nth: number, when: 'before' | 'after'): number | null {
  const res = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'test/integration/reminders/crash-run.ts'), table, TIME, String(nth), when],
    { cwd: ROOT, env: { ...process.env, ...stack.env }, encoding: 'utf8', timeout: 60_000 },
  );
  return res.status;
}

const deps = (table: string) => ({
  store: reminderStore(ddb, table),
  ses,
  appBaseUrl: stack.env.APP_BASE_URL ?? '',
  mailFrom: 'ketnap@localhost.localdomain',
});

/** A rerun whose wall clock is past the claim lease of the crashed run (the business day is the event's). */
const afterLease = (table: string) => ({
  ...deps(table),
  wallClock: () => new Date(Date.now() + CLAIM_LEASE_MS + 1000),
});

function countsPerRecipient(emails: string[]): number[] {
  const mails = mailsTo(stack.dataDir, new Set(emails));
  return emails.map((e) => mails.filter((m) => m.to.includes(e)).length);
}

async function nextRemindOn(table: string, i: number, kind: string): Promise<string> {
  const res = await ddb.send(new GetCommand({ TableName: table, Key: keys.deadline(`cand-${i}`, kind) }));
  return String(res.Item?.nextRemindOn);
}

describe('exactly once', () => {
  it('a crash before the 3rd send, then a rerun: every recipient gets exactly one digest', async () => {
    const { table, emails } = await setup('crash');
    expect(crashRun(table, 3, 'before')).toBe(75);
    expect(countsPerRecipient(emails)).toEqual([1, 1, 0, 0, 0, 0]);
    // Phase 3 never ran: nothing advanced, everything still due.
    expect(await nextRemindOn(table, 1, 'ceremony')).toBe(TODAY);
    const crashed = (await listJobRuns(1, { store: reminderStore(ddb, table) }))[0];
    expect(crashed).toMatchObject({ status: 'running' });
    expect(crashed?.finishedAt).toBeUndefined();

    // An immediate rerun (the scheduler's retry) sends the untouched digests but keeps off the 3rd: the dead
    // run's claim is still inside its lease, and that run might have been alive and sending.
    const rerun = await runReminderJob(deps(table), { time: TIME });
    expect(rerun).toMatchObject({
      status: 'partial',
      mailsSent: 3,
      digests: 6,
      deadlinesAdvanced: 10,
      errors: 1,
    });
    expect(rerun.errorMessages).toEqual(['send: DigestBusy']);
    expect(countsPerRecipient(emails)).toEqual([1, 1, 0, 1, 1, 1]);
    // The next retry, after the lease, sends it.
    const later = await runReminderJob(afterLease(table), { time: TIME });
    expect(later).toMatchObject({ status: 'succeeded', mailsSent: 1, deadlinesAdvanced: 2, errors: 0 });
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 1, 1, 1]);
    for (let i = 1; i <= 6; i++) {
      expect(await nextRemindOn(table, i, 'ceremony')).toBe('2026-05-18'); // 1 WD before 19/5
      expect(await nextRemindOn(table, i, 'member_biography')).toBe('2026-05-18');
    }
    const third = await runReminderJob(deps(table), { time: '2026-05-12T15:00:00+07:00' });
    expect(third).toMatchObject({ mailsSent: 0, deadlinesDue: 0 });
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('an SES fault on the 2nd send: the run is partial, that deadline stays due, the rerun sends it once', async () => {
    const { table, emails } = await setup('fault');
    const { SESv2Client } = await import('@aws-sdk/client-sesv2');
    const faulty = new SESv2Client({});
    let sends = 0;
    faulty.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendEmailCommand' && ++sends === 2) {
          throw Object.assign(new Error('injected'), { name: 'ServiceUnavailable', $fault: 'server' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'faultOnSecondSend' },
    );
    const first = await runReminderJob({ ...deps(table), ses: faulty }, { time: TIME });
    expect(first).toMatchObject({ status: 'partial', mailsSent: 5, errors: 1, deadlinesAdvanced: 10 });
    expect(first.errorMessages).toEqual(['send: ServiceUnavailable']);
    expect(countsPerRecipient(emails)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(await nextRemindOn(table, 2, 'ceremony')).toBe(TODAY);

    const rerun = await runReminderJob(deps(table), { time: TIME });
    expect(rerun).toMatchObject({ status: 'succeeded', mailsSent: 1, deadlinesAdvanced: 2 });
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await nextRemindOn(table, 2, 'ceremony')).toBe('2026-05-18');
  });

  it('a mail SES rejects for good is recorded, not retried, and does not hold the deadlines back', async () => {
    const { table, emails } = await setup('reject');
    const { SESv2Client } = await import('@aws-sdk/client-sesv2');
    const rejecting = new SESv2Client({});
    rejecting.middlewareStack.add(
      (next, context) => async (args) => {
        const to =
          (args.input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? [];
        if (context.commandName === 'SendEmailCommand' && to.includes(emails[3] ?? '')) {
          throw Object.assign(new Error('Email address is not verified.'), {
            name: 'MessageRejected',
            $fault: 'client',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'rejectFourth' },
    );
    const first = await runReminderJob({ ...deps(table), ses: rejecting }, { time: TIME });
    expect(first).toMatchObject({ status: 'partial', mailsSent: 5, errors: 1, deadlinesAdvanced: 12 });
    expect(first.errorMessages).toEqual(['send: MessageRejected']);
    const again = await runReminderJob({ ...deps(table), ses: rejecting }, { time: TIME });
    expect(again).toMatchObject({ status: 'succeeded', mailsSent: 0, errors: 0 });
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 0, 1, 1]);
  });

  it('a crash after SES accepted a mail but before it was recorded: nothing is missed (the one documented resend)', async () => {
    const { table, emails } = await setup('window');
    expect(crashRun(table, 3, 'after')).toBe(75);
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 0, 0, 0]);
    await runReminderJob(afterLease(table), { time: TIME });
    // The 3rd digest was accepted by SES but not recorded: the rerun cannot know, and resends rather than miss.
    expect(countsPerRecipient(emails)).toEqual([1, 1, 2, 1, 1, 1]);
  });

  it('two runs at the same time (a double delivery of the schedule) send each digest once', async () => {
    const { table, emails } = await setup('twin');
    const [a, b] = await Promise.all([
      runReminderJob(deps(table), { time: TIME }),
      runReminderJob(deps(table), { time: TIME }),
    ]);
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(a.mailsSent + b.mailsSent).toBe(6);
    // whatever one run saw as busy, a rerun finishes: still once each, every deadline advanced
    await runReminderJob(afterLease(table), { time: TIME });
    expect(countsPerRecipient(emails)).toEqual([1, 1, 1, 1, 1, 1]);
    for (let i = 1; i <= 6; i++) expect(await nextRemindOn(table, i, 'ceremony')).toBe('2026-05-18');
  });

  it('ketnap-reminders, invoked the way the local cron does, runs the job from the environment', async () => {
    const table = await createTable(raw, 'rem-handler');
    const email = `bithu.${table}@rem-once.example`;
    await putUser(ddb, table, { userId: 'u1', email });
    await putCell(ddb, table, { cellId: 'c1', secretaryUserIds: ['u1'] });
    await putDeadline(ddb, table, {
      candidateId: 'cand-1',
      cellId: 'c1',
      kind: 'ceremony',
      dueOn: '2026-05-19',
      nextRemindOn: TODAY,
      candidateName: 'Ứng viên 1',
    });
    const saved = process.env.TABLE_NAME;
    process.env.TABLE_NAME = table; // the handler reads its table from the environment on each invocation
    try {
      const at = new Date(TIME).toISOString(); // the cron's event: { time: '2026-05-12T00:00:00.000Z' }
      const out = (await invokeFunction(createResolver([FUNCTIONS_DIR]), 'ketnap-reminders', {
        time: at,
      })) as {
        status: string;
        mailsSent: number;
      };
      expect(out).toMatchObject({ status: 'succeeded', mailsSent: 1 });
      expect(countsPerRecipient([email])).toEqual([1]);
      await expect(
        invokeFunction(createResolver([FUNCTIONS_DIR]), 'ketnap-reminders', { time: 'yesterday' }),
      ).rejects.toThrow();
      await expect(invokeFunction(createResolver([FUNCTIONS_DIR]), 'ketnap-reminders', {})).rejects.toThrow();
      expect((await listJobRuns(5, { store: reminderStore(ddb, table) })).length).toBe(1); // bad events changed nothing
    } finally {
      process.env.TABLE_NAME = saved;
    }
  });
});
