// The reminder job on the embedded stack, day after day with a controlled clock (the scheduler event's time):
// reminders 7, 1 and 0 working days before, overdue repetition every 3 working days, escalation to the
// committee after the configured overdue days, the certificate expiry warning, one digest per recipient and
// day (Vietnamese / English), and a second run the same day that sends nothing.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { registerRuleset, rulesetById, withOverrides } from '../../../shared/domain/ruleset.ts';
import { type JobRunSummary, runReminderJob } from '../../../shared/reminders/job.ts';
import { listJobRuns } from '../../../shared/reminders/reports.ts';
import { useStack } from '../../helpers/stack.ts';
import {
  addDays,
  clients,
  createTable,
  eventOf,
  mailsTo,
  putCell,
  putDeadline,
  putUser,
} from './fixtures.ts';

const stack = useStack();
const { raw, ddb, ses } = clients();
let table: string;

const SECRETARY = 'bithu.c1@rem-schedule.example';
const COMMITTEE = 'committee.c1@rem-schedule.example';
const QUIET = 'bithu.c2@rem-schedule.example';
const ALL = new Set([SECRETARY, COMMITTEE, QUIET]);

// Hand-computed with the 2026 calendar (no public holiday between 2/3 and 3/4/2026; weekends off).
// A: committee decision due Fri 20/3, a ruleset that escalates after 5 overdue working days.
//    before: 11/3 (−7), 19/3 (−1), 20/3 (0); overdue: 25/3 (+3), 30/3 (+6, escalated), 2/4 (+9, escalated).
// B: awareness certificate expires Mon 16/3, default ruleset r2025 (escalates after 3).
//    before: 5/3, 13/3, 16/3; overdue: 19/3 (+3, escalated), 24/3 (+6), 27/3 (+9), 1/4 (+12), all escalated.
const SECRETARY_DAYS = [
  '2026-03-05',
  '2026-03-11',
  '2026-03-13',
  '2026-03-16',
  '2026-03-19',
  '2026-03-20',
  '2026-03-24',
  '2026-03-25',
  '2026-03-27',
  '2026-03-30',
  '2026-04-01',
  '2026-04-02',
];
const COMMITTEE_DAYS = ['2026-03-19', '2026-03-24', '2026-03-27', '2026-03-30', '2026-04-01', '2026-04-02'];

const sent = new Map<string, { to: string; subject: string; text: string; html: string }[]>();
const runs: JobRunSummary[] = [];
let secondRun: JobRunSummary | undefined;
let secondRunNewMails = -1;

beforeAll(async () => {
  table = await createTable(raw, 'rem-schedule');
  registerRuleset(
    withOverrides(rulesetById('r2025'), {
      id: 'test-escalate-5',
      reminders: { escalateAfterOverdueWorkingDays: 5 },
    }),
  );
  await putUser(ddb, table, { userId: 'u-sec1', email: SECRETARY, lang: 'vi', displayName: 'Lê Văn Thư' });
  await putUser(ddb, table, {
    userId: 'u-com1',
    email: COMMITTEE,
    lang: 'en',
    displayName: 'Committee Member',
    role: 'committee',
  });
  await putUser(ddb, table, { userId: 'u-sec2', email: QUIET, lang: 'en' });
  await putCell(ddb, table, { cellId: 'c1', secretaryUserIds: ['u-sec1'], committeeUserIds: ['u-com1'] });
  await putCell(ddb, table, { cellId: 'c2', secretaryUserIds: ['u-sec2'] });
  const openedOn = '2026-03-02';
  await putDeadline(ddb, table, {
    candidateId: 'cand-a',
    cellId: 'c1',
    kind: 'decision',
    dueOn: '2026-03-20',
    openedOn,
    candidateName: 'Nguyễn Văn An',
    rulesetId: 'test-escalate-5',
  });
  await putDeadline(ddb, table, {
    candidateId: 'cand-b',
    cellId: 'c1',
    kind: 'certificate_expiry',
    dueOn: '2026-03-16',
    openedOn,
    candidateName: 'Trần Thị Bình',
    rulesetId: 'r2025',
  });
  // Cell 2 has a deadline far away: its secretary must get nothing.
  await putDeadline(ddb, table, {
    candidateId: 'cand-c',
    cellId: 'c2',
    kind: 'ceremony',
    dueOn: '2026-06-30',
    openedOn,
    candidateName: 'Phạm Văn Cường',
  });

  const deps = {
    store: reminderStore(ddb, table),
    ses,
    appBaseUrl: stack.env.APP_BASE_URL ?? '',
    mailFrom: 'ketnap@localhost.localdomain',
  };
  for (let day = openedOn; day <= '2026-04-03'; day = addDays(day, 1)) {
    const before = mailsTo(stack.dataDir, ALL).length;
    runs.push(await runReminderJob(deps, eventOf(day)));
    const mails = mailsTo(stack.dataDir, ALL).slice(before);
    sent.set(
      day,
      mails.map((m) => ({ to: m.to[0] ?? '', subject: m.subject, text: m.text, html: m.html })),
    );
    if (day === '2026-03-19') {
      // The scheduler fires twice (or someone reruns it): nothing goes out twice.
      const again = mailsTo(stack.dataDir, ALL).length;
      secondRun = await runReminderJob(deps, { time: '2026-03-19T09:30:00+07:00' });
      secondRunNewMails = mailsTo(stack.dataDir, ALL).length - again;
    }
  }
}, 120_000);

const daysWith = (to: string) => [...sent].filter(([, ms]) => ms.some((m) => m.to === to)).map(([d]) => d);
const mailOn = (day: string, to: string) => {
  const ms = (sent.get(day) ?? []).filter((m) => m.to === to);
  expect(ms).toHaveLength(1); // one digest per recipient and day
  return ms[0] as { subject: string; text: string; html: string };
};

describe('daily reminder job', () => {
  it('reminds the secretary at 7, 1, 0 working days before and every 3 working days overdue, once a day', () => {
    expect(daysWith(SECRETARY)).toEqual(SECRETARY_DAYS);
    for (const d of SECRETARY_DAYS) mailOn(d, SECRETARY);
  });

  it('escalates to the committee only after the configured overdue working days', () => {
    expect(daysWith(COMMITTEE)).toEqual(COMMITTEE_DAYS);
    // A (escalates after 5) is not escalated at +3 on 25/3 but is at +6 on 30/3.
    expect(mailOn('2026-03-30', COMMITTEE).text).toContain('Nguyễn Văn An');
    expect(mailOn('2026-03-24', COMMITTEE).text).not.toContain('Nguyễn Văn An');
    expect(mailOn('2026-03-25', SECRETARY).text).toContain('quá hạn 3 ngày làm việc)');
  });

  it('sends nothing to a recipient with nothing due', () => {
    expect(daysWith(QUIET)).toEqual([]);
    // and nothing at all on days without a reminder (weekends included)
    expect(sent.get('2026-03-12')).toEqual([]);
    expect(sent.get('2026-03-21')).toEqual([]);
  });

  it('writes the digest in Vietnamese, grouped by candidate, with dd/mm/yyyy due dates and links', () => {
    const m = mailOn('2026-03-11', SECRETARY);
    expect(m.subject).toBe('[ketnap] 1 việc cần theo dõi – 11/03/2026');
    expect(m.text).toContain('Kính gửi đồng chí Lê Văn Thư,');
    expect(m.text).toContain('■ Nguyễn Văn An');
    expect(m.text).toContain(
      'Cấp ủy có thẩm quyền ra quyết định kết nạp — Hạn 20/03/2026 (còn 7 ngày làm việc)',
    );
    expect(m.text).toContain(`${stack.env.APP_BASE_URL}/candidates/cand-a`);
    expect(m.html).toContain(`href="${stack.env.APP_BASE_URL}/candidates/cand-a"`);
    expect(m.text).not.toContain('Trần Thị Bình');

    const both = mailOn('2026-03-19', SECRETARY);
    expect(both.subject).toContain('2 việc');
    const a = both.text.indexOf('■ Nguyễn Văn An');
    const b = both.text.indexOf('■ Trần Thị Bình');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(a);
    expect(both.text.slice(a, b)).toContain('Hạn 20/03/2026 (còn 1 ngày làm việc)');
    expect(both.text.slice(b)).toContain('Hạn 16/03/2026 (quá hạn 3 ngày làm việc – đã báo cáo cấp ủy)');
    expect(mailOn('2026-03-20', SECRETARY).text).toContain('(đến hạn hôm nay)');
  });

  it('warns before the awareness course certificate expires', () => {
    const m = mailOn('2026-03-05', SECRETARY);
    expect(m.text).toContain(
      'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng hết hạn — Hạn 16/03/2026 (còn 7 ngày làm việc)',
    );
    expect(m.text).toContain(`${stack.env.APP_BASE_URL}/candidates/cand-b`);
  });

  it('writes English for a user who chose it', () => {
    const m = mailOn('2026-03-19', COMMITTEE);
    expect(m.subject).toBe('[ketnap] 1 item to follow up – 19/03/2026');
    expect(m.text).toContain('Dear Committee Member,');
    expect(m.text).toContain(
      'Awareness course certificate expires — Due 16/03/2026 (3 working days overdue – escalated to the committee)',
    );
    expect(m.text).not.toContain('Nguyễn Văn An');
  });

  it('a second run the same day sends nothing', () => {
    expect(secondRun?.status).toBe('succeeded');
    expect(secondRun?.mailsSent).toBe(0);
    expect(secondRunNewMails).toBe(0);
  });

  it('records every run with items read and mails sent', async () => {
    const recent = await listJobRuns(3, { store: reminderStore(ddb, table) });
    expect(recent).toHaveLength(3);
    expect(recent[0]?.day).toBe('2026-04-03');
    expect(recent.every((r) => r.status === 'succeeded' && r.finishedAt)).toBe(true);
    const total = runs.reduce((n, r) => n + r.mailsSent, 0);
    expect(total).toBe(SECRETARY_DAYS.length + COMMITTEE_DAYS.length);
    const on19 = runs.find((r) => r.day === '2026-03-19');
    expect(on19).toMatchObject({ deadlinesDue: 2, mailsSent: 2, deadlinesAdvanced: 2, errors: 0 });
    expect(on19?.itemsRead).toBeGreaterThanOrEqual(2);
  });
});

describe('the data layer’s deadline items', () => {
  it('a deadline opened by the stage-change transaction (txOpenDeadline) is reminded, labelled and advanced', async () => {
    const { txOpenDeadline, txCloseDeadline } = await import('../../../shared/adapters/repository.ts');
    const own = await createTable(raw, 'rem-seam');
    const email = `bithu.${own}@rem-schedule.example`;
    await putUser(ddb, own, { userId: 'u1', email });
    await putCell(ddb, own, { cellId: 'c1', secretaryUserIds: ['u1'] });
    const cand = { id: 'cand-s', cellId: 'c1', fullName: 'Đỗ Thị Sen', rulesetId: 'r2025' };
    const tx = txOpenDeadline(
      cand,
      { kind: 'certificateExpiry', dueOn: '2026-09-15', nextRemindOn: '2026-09-04' },
      'x',
    );
    await ddb.send(new PutCommand({ TableName: own, Item: tx.Put?.Item }));
    const deps = {
      store: reminderStore(ddb, own),
      ses,
      appBaseUrl: stack.env.APP_BASE_URL ?? '',
      mailFrom: 'ketnap@localhost.localdomain',
    };
    const run = await runReminderJob(deps, eventOf('2026-09-04'));
    expect(run).toMatchObject({ deadlinesDue: 1, mailsSent: 1, deadlinesAdvanced: 1, errors: 0 });
    const [mail] = mailsTo(stack.dataDir, new Set([email]));
    expect(mail?.text).toContain('■ Đỗ Thị Sen');
    // 15/9/2026 (Tue) − 7 working days = Fri 4/9
    expect(mail?.text).toContain(
      'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng hết hạn — Hạn 15/09/2026 (còn 7 ngày làm việc)',
    );
    // Closed by the next stage change: drops out of the index, nothing more is sent.
    const close = txCloseDeadline('cand-s', 'certificateExpiry', 'x');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await ddb.send(
      new UpdateCommand({ ...close.Update, TableName: own } as ConstructorParameters<
        typeof UpdateCommand
      >[0]),
    );
    const after = await runReminderJob(deps, eventOf('2026-09-14'));
    expect(after).toMatchObject({ deadlinesDue: 0, mailsSent: 0 });
  });
});
