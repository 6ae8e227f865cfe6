/**
 * Demo data of the pool (`npm start`): the founding cell's January 2024 picture, when every member was to
 * introduce one outstanding person (49 in all): 31 official members did, 18 did not yet. Plus this month's
 * pool: a few people with helpers and tasks due in the coming days, so the reminders and the dashboard have
 * something live. Everything goes through the application services the web app calls (the same rules: an
 * official member introduces and helps), with fixed request ids, so a second run adds nothing.
 */
import * as app from '../../shared/app/index.ts';
import type { Actor } from '../../shared/app/types.ts';
import { addDays, dateInVietnam } from '../../shared/domain/date.ts';

const GIVEN = [
  'Anh',
  'Bảo',
  'Cường',
  'Diệp',
  'Hạnh',
  'Huy',
  'Lan',
  'Minh',
  'Nga',
  'Phúc',
  'Quân',
  'Thảo',
  'Trung',
  'Vy',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Vũ', 'Đinh', 'Mai', 'Tạ', 'Cao', 'Lương'];
const MIDDLE = ['Thị', 'Văn', 'Ngọc', 'Đức', 'Thanh', 'Quang'];
const WORKPLACES = [
  'Công ty TNHH Điện tử LG Display Việt Nam Hải Phòng',
  'Công ty CP Cảng Đình Vũ',
  'Công ty TNHH Bridgestone Tire Manufacturing Việt Nam',
  'Trường Cao đẳng Kỹ thuật Công nghiệp Hải Phòng',
  'Công ty TNHH Pegatron Việt Nam',
];

/** A stable name for the n-th pooled person (no real person). */
const personName = (n: number) =>
  `${FAMILY[(n * 3) % FAMILY.length]} ${MIDDLE[n % MIDDLE.length]} ${GIVEN[(n * 5) % GIVEN.length]}`;
const memberId = (n: number) => `m${String(n).padStart(2, '0')}`;
const birthDate = (n: number) =>
  `${1994 + (n % 9)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + ((n * 7) % 28)).padStart(2, '0')}`;

/** Members 1–31 introduced someone in January 2024; 32–49 did not (yet). */
export const JANUARY_2024_INTRODUCERS = 31;

export async function seedPool(secretary: Actor, cellId: string): Promise<void> {
  const entries: { n: number; foundBy: number; on: string }[] = [];
  for (let n = 1; n <= JANUARY_2024_INTRODUCERS; n++) {
    entries.push({ n, foundBy: n, on: `2024-01-${String(2 + ((n * 3) % 28)).padStart(2, '0')}` });
  }
  const today = dateInVietnam(new Date());
  // this month: four members found someone in the last days
  for (let k = 0; k < 4; k++) {
    const on = addDays(today, -k);
    entries.push({ n: 100 + k, foundBy: 40 + k, on: on.slice(0, 7) === today.slice(0, 7) ? on : today });
  }
  const people: Record<number, string> = {};
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(
      entries.slice(i, i + 8).map(async (e) => {
        const p = await app.addToPool(secretary, cellId, {
          fullName: personName(e.n),
          birthDate: birthDate(e.n),
          workplace: WORKPLACES[e.n % WORKPLACES.length] as string,
          foundByMemberId: memberId(e.foundBy),
          introducedOn: e.on,
          requestId: `demo-pool-${e.n}`,
        });
        people[e.n] = p.personId;
      }),
    );
  }
  // helpers for some of January's people; this month's people get a helper and a task due soon
  for (let n = 1; n <= 8; n++) {
    const s = { kind: 'pool' as const, cellId, personId: people[n] as string };
    await app.assignHelper(secretary, s, { helperMemberId: memberId(10 + n) });
  }
  for (let k = 0; k < 4; k++) {
    const personId = people[100 + k] as string;
    const s = { kind: 'pool' as const, cellId, personId };
    const current = await app.getPoolPerson(secretary, cellId, personId);
    if (!current.helper) await app.assignHelper(secretary, s, { helperMemberId: memberId(20 + k) });
    if (current.tasks.length === 0) {
      await app.addTask(secretary, s, {
        title: [
          'Tổ chức hội thao công đoàn quý I',
          'Viết bài thu hoạch về Điều lệ Đảng',
          'Vận động hiến máu tình nguyện',
          'Hướng dẫn công nhân mới về an toàn lao động',
        ][k] as string,
        assignedOn: today,
        dueOn: addDays(today, 3 + 4 * k),
      });
    }
  }
}
