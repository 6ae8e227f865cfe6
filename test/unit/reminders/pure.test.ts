// The reminder job's pure parts: today's date in Vietnam, the notice of a deadline, grouping into digests,
// rendering (escaping, language, links) and progress figures.
import { describe, expect, it } from 'vitest';
import { rulesetById } from '../../../shared/domain/ruleset.ts';
import {
  type DueNotice,
  groupDigests,
  type Recipient,
  renderDigest,
} from '../../../shared/reminders/digest.ts';
import { computeProgress, firstWorkingDayOfMonth } from '../../../shared/reminders/progress.ts';
import { planDeadline } from '../../../shared/reminders/schedule.ts';
import { ReminderEvent } from '../../../shared/reminders/schema.ts';
import { dayInVietnam, formatDayVi, previousMonth } from '../../../shared/reminders/time.ts';

const r2025 = rulesetById('r2025');

describe('today in Asia/Ho_Chi_Minh', () => {
  it('takes the day from the event instant, not from UTC', () => {
    expect(dayInVietnam('2026-03-10T17:30:00Z')).toBe('2026-03-11');
    expect(dayInVietnam('2026-03-10T16:59:59Z')).toBe('2026-03-10');
    expect(dayInVietnam('2026-03-11T07:00:00+07:00')).toBe('2026-03-11');
    expect(() => dayInVietnam('not a time')).toThrow(RangeError);
  });
  it('formats dd/mm/yyyy and steps months back', () => {
    expect(formatDayVi('2026-03-05')).toBe('05/03/2026');
    expect(previousMonth('2024-01')).toBe('2023-12');
    expect(previousMonth('2024-11')).toBe('2024-10');
  });
  it('accepts the scheduler event and rejects anything else', () => {
    expect(ReminderEvent.parse({ time: '2026-03-11T00:00:00Z', extra: 1 })).toEqual({
      time: '2026-03-11T00:00:00Z',
    });
    expect(ReminderEvent.safeParse({ time: '11/03/2026' }).success).toBe(false);
    expect(ReminderEvent.safeParse({}).success).toBe(false);
  });
});

describe('notice of a deadline (due Fri 20/03/2026, ruleset r2025: 7, 1, 0 before, every 3, escalate after 3)', () => {
  const due = '2026-03-20';
  it('before, on the day, overdue and escalated', () => {
    expect(planDeadline(due, '2026-03-11', r2025)).toEqual({
      notice: { type: 'upcoming', workingDaysLeft: 7 },
      nextRemindOn: '2026-03-19',
    });
    expect(planDeadline(due, '2026-03-19', r2025).nextRemindOn).toBe('2026-03-20');
    expect(planDeadline(due, '2026-03-20', r2025)).toEqual({
      notice: { type: 'dueToday' },
      nextRemindOn: '2026-03-25',
    });
    expect(planDeadline(due, '2026-03-25', r2025)).toEqual({
      notice: { type: 'overdue', workingDaysOverdue: 3, escalate: true },
      nextRemindOn: '2026-03-30',
    });
  });
  it('catches up a day the job did not run with the right wording', () => {
    // nextRemindOn was 19/3 but the job only ran on Sunday 22/3: overdue by 1 working day, not yet escalated
    expect(planDeadline(due, '2026-03-23', r2025)).toEqual({
      notice: { type: 'overdue', workingDaysOverdue: 1, escalate: false },
      nextRemindOn: '2026-03-25',
    });
  });
});

const sec: Recipient = { id: 'u-sec', email: 'sec@example.test', language: 'vi', name: 'Lê Thư' };
const com: Recipient = { id: 'u-com', email: 'com@example.test', language: 'en' };
const routing = {
  secretaries: (cellId: string) => (cellId === 'c1' ? [sec] : []),
  committee: (cellId: string) => (cellId === 'c1' ? [com] : []),
};
const n = (
  candidateId: string,
  candidateName: string,
  kind: string,
  notice: DueNotice['notice'],
): DueNotice => ({
  candidateId,
  candidateName,
  cellId: 'c1',
  kind,
  dueOn: '2026-03-20',
  notice,
});

describe('digests', () => {
  it('one digest per recipient, grouped by candidate in name order; the committee only sees escalations', () => {
    const digests = groupDigests(
      '2026-03-25',
      [
        n('b', 'Trần Bình', 'ceremony', { type: 'upcoming', workingDaysLeft: 1 }),
        n('a', 'Nguyễn An', 'decision', { type: 'overdue', workingDaysOverdue: 3, escalate: true }),
        n('a', 'Nguyễn An', 'certificate_expiry', { type: 'dueToday' }),
        { ...n('z', 'Other Cell', 'ceremony', { type: 'dueToday' }), cellId: 'c2' },
      ],
      routing,
    );
    expect(digests.map((d) => [d.recipient.id, d.role])).toEqual([
      ['u-com', 'committee'],
      ['u-sec', 'secretary'],
    ]);
    const [committee, secretary] = digests;
    expect(committee?.candidates.map((c) => [c.candidateId, c.items.map((i) => i.kind)])).toEqual([
      ['a', ['decision']],
    ]);
    expect(secretary?.candidates.map((c) => c.candidateName)).toEqual(['Nguyễn An', 'Trần Bình']);
    expect(secretary?.candidates[0]?.items.map((i) => i.kind)).toEqual(['certificate_expiry', 'decision']);
  });

  it('nothing for anyone when nothing is due', () => {
    expect(groupDigests('2026-03-25', [], routing)).toEqual([]);
  });

  it('escapes names in HTML, encodes links, writes the recipient’s language', () => {
    const [d] = groupDigests(
      '2026-03-25',
      [
        n('id/1?x', '<script>alert(1)</script>', 'committeeDecision', {
          type: 'overdue',
          workingDaysOverdue: 4,
          escalate: true,
        }),
      ],
      routing,
    );
    if (!d) throw new Error('no digest');
    const mail = renderDigest(d, 'https://ketnap.example/');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('https://ketnap.example/candidates/id%2F1%3Fx');
    expect(mail.text).toContain(
      "Competent committee's admission decision — Due 20/03/2026 (4 working days overdue – escalated",
    );
    expect(mail.subject).toBe('[ketnap] 1 item to follow up – 25/03/2026');
  });
});

describe('progress figures', () => {
  it('a finished period is met or missed; an open one is paced by calendar days', () => {
    const jan = computeProgress(
      '2024-01',
      { dossiersSubmitted: 15, admitted: 5 },
      { dossiersSubmitted: 16, admitted: 4 },
      '2024-02-01',
    );
    expect(jan.metrics.map((m) => [m.metric, m.expected, m.status])).toEqual([
      ['dossiersSubmitted', 15, 'met'],
      ['admitted', 5, 'missed'],
    ]);
    // 31/12 of a leap year: share 366/366; 1/7/2024: day 183 of 366 = exactly half → 90, not 91
    expect(
      computeProgress('2024', { sentToCourse: 180 }, { sentToCourse: 90 }, '2024-07-01').metrics[0],
    ).toMatchObject({
      expected: 90,
      status: 'onTrack',
    });
    expect(computeProgress('2024', { sentToCourse: 180 }, {}, null).metrics[0]).toEqual({
      metric: 'sentToCourse',
      target: 180,
      done: 0,
      expected: null,
      status: null,
    });
    expect(() => computeProgress('2024-13', {}, {}, null)).toThrow(RangeError);
  });

  it('the first working day of a month skips weekends and holidays', () => {
    expect(firstWorkingDayOfMonth('2024-01-20')).toBe('2024-01-02'); // 1/1 is New Year's Day
    expect(firstWorkingDayOfMonth('2024-02-29')).toBe('2024-02-01');
    expect(firstWorkingDayOfMonth('2026-03-31')).toBe('2026-03-02'); // 1/3/2026 is a Sunday
  });
});

describe('deadline kind labels', () => {
  it('the data layer’s camelCase kinds and the domain’s snake_case kinds read the same', async () => {
    const { deadlineLabel } = await import('../../../shared/i18n/index.ts');
    expect(deadlineLabel('vi', 'committeeDecision')).toBe(deadlineLabel('vi', 'decision'));
    expect(deadlineLabel('en', 'certificateExpiry')).toBe('Awareness course certificate expires');
    expect(deadlineLabel('vi', 'biography')).toBe('Lập lý lịch đảng viên');
    expect(deadlineLabel('vi', 'somethingNew')).toBe('Thời hạn');
  });
});
