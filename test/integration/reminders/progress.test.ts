// The monthly progress mail (first working day of the month) and the home chart's figures, against a
// hand-computed example: the founding cell's 2024 targets (180 to the course, 60 admitted) and January target
// (15 dossiers), with 14 sent to the course, 6 admitted and 16 dossiers by the end of January.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { keys, reminderKeys } from '../../../shared/adapters/table.ts';
import { runReminderJob } from '../../../shared/reminders/job.ts';
import { getProgressReport } from '../../../shared/reminders/reports.ts';
import { useStack } from '../../helpers/stack.ts';
import { clients, createTable, eventOf, mailsTo, putCell, putUser } from './fixtures.ts';

const stack = useStack();
const { raw, ddb, ses } = clients();
let table: string;
const VI = 'bithu.hp@rem-progress.example';
const EN = 'deputy.hp@rem-progress.example';
const CELL = 'hp-kkt';

async function put(item: Record<string, unknown>) {
  await ddb.send(new PutCommand({ TableName: table, Item: item }));
}

beforeAll(async () => {
  table = await createTable(raw, 'rem-progress');
  await putUser(ddb, table, { userId: 'sec-vi', email: VI, lang: 'vi', displayName: 'Nguyễn Thị Hoa' });
  await putUser(ddb, table, { userId: 'sec-en', email: EN, lang: 'en' });
  await putCell(ddb, table, {
    cellId: CELL,
    name: 'Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng',
    secretaryUserIds: ['sec-vi', 'sec-en'],
  });
  // Items as shared/app/targets.ts (setTargets) and the stage-change transactions (ADD counters) write them.
  await put({ ...keys.target(CELL, '2024'), sentToCourse: 180, admitted: 60 });
  await put({ ...keys.target(CELL, '2024-01'), dossiersSubmitted: 15 });
  await put({ ...reminderKeys.targetSet('2024', CELL), cellId: CELL });
  await put({ ...keys.progress(CELL, '2024'), sentToCourse: 14, admitted: 6, dossiersSubmitted: 16 });
  await put({ ...keys.progress(CELL, '2024-01'), sentToCourse: 14, admitted: 6, dossiersSubmitted: 16 });
});

const deps = () => ({
  store: reminderStore(ddb, table),
  ses,
  appBaseUrl: stack.env.APP_BASE_URL ?? '',
  mailFrom: 'ketnap@localhost.localdomain',
});

describe('targets and progress', () => {
  it('home chart figures, by hand: 15/01/2024 is day 15 of 31 of January and day 15 of 366 of 2024', async () => {
    const month = await getProgressReport(
      CELL,
      '2024-01',
      { asOf: '2024-01-15' },
      { store: reminderStore(ddb, table) },
    );
    // dossiers: ceil(15 × 15/31) = ceil(7.26) = 8 expected; 16 done
    expect(month.metrics).toEqual([
      { metric: 'dossiersSubmitted', target: 15, done: 16, expected: 8, status: 'onTrack' },
    ]);
    const year = await getProgressReport(
      CELL,
      '2024',
      { asOf: '2024-01-15' },
      { store: reminderStore(ddb, table) },
    );
    // to the course: ceil(180 × 15/366) = ceil(7.38) = 8; admitted: ceil(60 × 15/366) = ceil(2.46) = 3
    expect(year.metrics).toEqual([
      { metric: 'sentToCourse', target: 180, done: 14, expected: 8, status: 'onTrack' },
      { metric: 'admitted', target: 60, done: 6, expected: 3, status: 'onTrack' },
    ]);
    const plain = await getProgressReport(CELL, '2024', {}, { store: reminderStore(ddb, table) });
    expect(plain.metrics[0]).toEqual({
      metric: 'sentToCourse',
      target: 180,
      done: 14,
      expected: null,
      status: null,
    });
  });

  it('refuses another cell’s actor and a malformed period, in Vietnamese and English', async () => {
    const actor = { userId: 'x', role: 'secretary' as const, cellIds: ['other-cell'] };
    await expect(
      getProgressReport(CELL, '2024', { actor }, { store: reminderStore(ddb, table) }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      messages: { vi: expect.stringContaining('không có quyền') },
    });
    await expect(
      getProgressReport(CELL, '2024-13', {}, { store: reminderStore(ddb, table) }),
    ).rejects.toMatchObject({
      code: 'INVALID',
    });
  });

  it('no progress mail on a day that is not the first working day of the month', async () => {
    const before = mailsTo(stack.dataDir, new Set([VI, EN])).length;
    const run = await runReminderJob(deps(), eventOf('2024-01-31'));
    expect(run.mailsSent).toBe(0);
    expect(mailsTo(stack.dataDir, new Set([VI, EN])).length).toBe(before);
  });

  it('mails each secretary on 01/02/2024: January met, the year to date behind on the course, on track on admissions', async () => {
    const run = await runReminderJob(deps(), eventOf('2024-02-01'));
    expect(run).toMatchObject({ mailsSent: 2, status: 'succeeded' });
    const mails = mailsTo(stack.dataDir, new Set([VI, EN]));
    const vi = mails.filter((m) => m.to.includes(VI));
    const en = mails.filter((m) => m.to.includes(EN));
    expect(vi).toHaveLength(1);
    expect(en).toHaveLength(1);
    const v = vi[0]?.text ?? '';
    expect(vi[0]?.subject).toBe('[ketnap] Tiến độ thực hiện chỉ tiêu – 01/02/2024');
    // January (ended): 16 of 15 dossiers → met.
    expect(v).toContain(
      'Tiến độ thực hiện chỉ tiêu 2024-01 – Chi bộ Công đoàn – Doanh nghiệp Khu Kinh tế Hải Phòng',
    );
    expect(v).toContain('Hồ sơ đề nghị kết nạp gửi lên cấp ủy | 15 | 16 | 15 | đạt');
    // 2024 as of 1/2 = day 32 of 366: course ceil(180 × 32/366) = ceil(15.74) = 16 → 14 is behind;
    // admitted ceil(60 × 32/366) = ceil(5.25) = 6 → 6 is on track.
    expect(v).toContain('Quần chúng được cử đi học lớp nhận thức | 180 | 14 | 16 | chậm tiến độ');
    expect(v).toContain('Đảng viên được kết nạp | 60 | 6 | 6 | đúng tiến độ');
    const e = en[0]?.text ?? '';
    expect(e).toContain('Candidates sent to the awareness course | 180 | 14 | 16 | behind');
    expect(e).toContain('Dossiers sent to the Party committee | 15 | 16 | 15 | met');

    // The same day again: nothing twice.
    const again = await runReminderJob(deps(), { time: '2024-02-01T10:00:00+07:00' });
    expect(again.mailsSent).toBe(0);
    expect(mailsTo(stack.dataDir, new Set([VI, EN]))).toHaveLength(2);
  });
});
