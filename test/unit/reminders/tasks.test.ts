// Tasks (thử thách) in the daily digest: planned from a task item like a deadline, linked to the pooled
// person's page (not a candidate's), titled by the task, and two tasks of one person are two lines.
import { describe, expect, it } from 'vitest';
import { groupDigests, type Recipient, renderDigest } from '../../../shared/reminders/digest.ts';
import { TaskDeadlineItem } from '../../../shared/reminders/schema.ts';
import { planTask } from '../../../shared/reminders/tasks.ts';

const task = (taskId: string, title: string, dueOn: string) =>
  TaskDeadlineItem.parse({
    PK: 'CELL#hp-kkt',
    SK: `POOL#p1#T#${taskId}`,
    type: 'task',
    kind: `task_${taskId}`,
    subjectId: 'p1',
    subjectName: 'Tạ Quỳnh Như',
    subjectPath: '/cells/hp-kkt/pool/p1',
    title,
    cellId: 'hp-kkt',
    dueOn,
    nextRemindOn: '2026-03-09',
    status: 'open',
  });

const sec: Recipient = { id: 'u1', email: 'a@example.vn', language: 'vi', name: 'Bí thư' };
const routing = { secretaries: () => [sec], committee: () => [] };

describe('tasks in the reminders', () => {
  it('plans a task against its own item and links the pooled person’s page', () => {
    const p = planTask(task('t1', 'Tổ chức hội thao', '2026-03-11'), '2026-03-10');
    expect(p.key).toEqual({ PK: 'CELL#hp-kkt', SK: 'POOL#p1#T#t1' });
    expect(p.ref).toBe('p1#task_t1');
    expect(p.notice.notice).toEqual({ type: 'upcoming', workingDaysLeft: 1 });
    expect(p.nextRemindOn > '2026-03-10').toBe(true);
    const [d] = groupDigests('2026-03-10', [p.notice], routing);
    const mail = renderDigest(d as NonNullable<typeof d>, 'https://ketnap.example');
    expect(mail.text).toContain('Thử thách: Tổ chức hội thao');
    expect(mail.text).toContain('https://ketnap.example/cells/hp-kkt/pool/p1');
    expect(mail.text).not.toContain('/candidates/p1');
    expect(mail.subject).not.toContain('Tạ Quỳnh Như');
  });
  it('two tasks of one person are two lines; a bad item is refused at the boundary', () => {
    const a = planTask(task('t1', 'Việc một', '2026-03-11'), '2026-03-10');
    const b = planTask(task('t2', 'Việc hai', '2026-03-12'), '2026-03-10');
    const [d] = groupDigests('2026-03-10', [a.notice, b.notice], routing);
    expect(d?.candidates).toHaveLength(1);
    expect(d?.candidates[0]?.items.map((i) => i.label)).toEqual(['Việc một', 'Việc hai']);
    expect(
      TaskDeadlineItem.safeParse({ ...task('t3', 'x', '2026-03-11'), subjectPath: 'https://evil' }).success,
    ).toBe(false);
  });
  it('an overdue task is reminded to the secretary, never escalated to the committee', () => {
    const p = planTask(task('t9', 'Việc quá hạn', '2026-03-02'), '2026-03-20');
    expect(p.notice.notice).toMatchObject({ type: 'overdue', escalate: false });
    const committee: Recipient = { id: 'c1', email: 'c@example.vn', language: 'vi' };
    const digests = groupDigests('2026-03-20', [p.notice], {
      secretaries: () => [sec],
      committee: () => [committee],
    });
    expect(digests.map((d) => d.recipient.id)).toEqual(['u1']);
  });
});
