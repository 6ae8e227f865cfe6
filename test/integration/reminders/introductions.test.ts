// The monthly progress mail of a month with an introductions target names the official members who have not
// introduced anyone yet (the founding cell's January 2024: one each), in the recipient's language; a month
// without that target says nothing of it.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { poolKeys } from '../../../shared/adapters/pool.ts';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { keys, reminderKeys } from '../../../shared/adapters/table.ts';
import { runReminderJob } from '../../../shared/reminders/job.ts';
import { useStack } from '../../helpers/stack.ts';
import { clients, createTable, eventOf, mailsTo, putCell, putUser } from './fixtures.ts';

const stack = useStack();
const { raw, ddb, ses } = clients();
let table: string;
const VI = 'bithu@rem-intro.example';
const EN = 'deputy@rem-intro.example';
const CELL = 'cell-intro';

const put = (item: Record<string, unknown>) => ddb.send(new PutCommand({ TableName: table, Item: item }));

beforeAll(async () => {
  table = await createTable(raw, 'rem-intro');
  await putUser(ddb, table, { userId: 'sec-vi', email: VI, lang: 'vi' });
  await putUser(ddb, table, { userId: 'sec-en', email: EN, lang: 'en' });
  await putCell(ddb, table, { cellId: CELL, name: 'Chi bộ Thử', secretaryUserIds: ['sec-vi', 'sec-en'] });
  const members: [string, string, string][] = [
    ['m1', 'Nguyễn Văn An', 'official'],
    ['m2', 'Trần Thị Bình', 'official'],
    ['m3', 'Lê Văn Cường', 'official'],
    ['m4', 'Phạm Thị Dự Bị', 'probationary'],
  ];
  for (const [memberId, fullName, status] of members)
    await put({ ...keys.member(CELL, memberId), type: 'member', memberId, fullName, status });
  await put({ ...keys.target(CELL, '2024-01'), introductions: 3 });
  await put({ ...keys.target(CELL, '2024-02'), dossiersSubmitted: 2 });
  await put({ ...reminderKeys.targetSet('2024', CELL), cellId: CELL });
  await put({ ...keys.progress(CELL, '2024-01'), introductions: 2 });
  await put({ ...poolKeys.intro(CELL, '2024-01', 'm1'), memberId: 'm1', count: 1 });
  await put({ ...poolKeys.intro(CELL, '2024-01', 'm3'), memberId: 'm3', count: 1 });
});

const deps = () => ({
  store: reminderStore(ddb, table),
  ses,
  appBaseUrl: stack.env.APP_BASE_URL ?? '',
  mailFrom: 'ketnap@localhost.localdomain',
});

describe("the monthly mail's introductions", () => {
  it('on 01/02/2024: 2 of 3 official members introduced someone in January; who has not yet', async () => {
    const run = await runReminderJob(deps(), eventOf('2024-02-01'));
    expect(run).toMatchObject({ mailsSent: 2, status: 'succeeded' });
    const mails = mailsTo(stack.dataDir, new Set([VI, EN]));
    const vi = mails.find((m) => m.to.includes(VI))?.text ?? '';
    const en = mails.find((m) => m.to.includes(EN))?.text ?? '';
    expect(vi).toContain('Đảng viên chính thức đã giới thiệu quần chúng trong tháng: 2/3');
    expect(vi).toContain('Chưa giới thiệu: Trần Thị Bình');
    expect(vi).not.toContain('Dự Bị');
    expect(en).toContain('Official members who introduced someone this month: 2/3');
    expect(en).toContain('Not yet: Trần Thị Bình');
  });

  it('on 01/03/2024 (February had no introductions target): no such line', async () => {
    const run = await runReminderJob(deps(), eventOf('2024-03-01'));
    expect(run.mailsSent).toBe(2);
    const march = mailsTo(stack.dataDir, new Set([VI])).filter((m) => m.text.includes('2024-02'));
    expect(march).toHaveLength(1);
    expect(march[0]?.text).not.toContain('Chưa giới thiệu');
  });
});
