// Demo data (seed.ts): the two cells with their official and probationary members, the sign-in users with
// how to reach them, and the actor each demo user acts as.

import { put, transact, txPut } from '../../shared/adapters/repository.ts';
import { keys } from '../../shared/adapters/table.ts';
import type { Actor } from '../../shared/app/types.ts';
import { LOCAL_USERS } from './identity.ts';

/** Cell ids the local identity stand-in (identity.ts) signs its users in with. */
export const DEMO_CELLS = { founding: 'hp-kkt', second: 'cell-2' } as const;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hồng', 'Minh', 'Thu', 'Quốc', 'Ngọc', 'Thanh', 'Đức', 'Hải'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hiếu', 'Khánh', 'Linh', 'Nam', 'Phương', 'Sơn'];

/** A stable Vietnamese name for the n-th member (no real person). */
const memberName = (n: number) =>
  `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 7) % MIDDLE.length]} ${GIVEN[(n * 5 + 3) % GIVEN.length]}`;

export const memberId = (n: number) => `m${String(n).padStart(2, '0')}`;

/** The sign-in users are the identity stand-in's (who they are, their role and cells); the seed adds how to reach them. */
const CONTACT: Record<string, { email: string; lang: 'vi' | 'en' }> = {
  'u-secretary-hp': { email: 'bithu.kkt-hp@example.vn', lang: 'vi' },
  'u-secretary-2': { email: 'bithu.cb2@example.vn', lang: 'vi' },
  'u-committee-1': { email: 'capuy1@example.vn', lang: 'vi' },
  'u-committee-2': { email: 'capuy2@example.vn', lang: 'en' },
  'u-admin': { email: 'quantri@example.vn', lang: 'vi' },
};

export const USERS = LOCAL_USERS.map((u) => {
  const contact = CONTACT[u.userId];
  if (!contact) throw new Error(`demo data: no contact for ${u.userId}`);
  return { ...u, ...contact };
});

export const actorOf = (userId: string): Actor => {
  const u = USERS.find((x) => x.userId === userId);
  if (!u) throw new Error(`no demo user ${userId}`);
  return { userId: u.userId, role: u.role, cellIds: u.cellIds };
};

export async function seedCell(cellId: string, name: string, official: number, probationary: number) {
  await put({
    ...keys.cell(cellId),
    type: 'cell',
    cellId,
    name,
    officialMembers: official,
    probationaryMembers: probationary,
    hasSubCommittee: cellId === DEMO_CELLS.second,
    hasGrassrootsCommittee: true,
    meetsOnline: cellId === DEMO_CELLS.founding,
    committeeUserIds: USERS.filter((u) => u.role === 'committee' && u.cellIds.includes(cellId)).map(
      (u) => u.userId,
    ),
    secretaryUserIds: USERS.filter((u) => u.role === 'secretary' && u.cellIds.includes(cellId)).map(
      (u) => u.userId,
    ),
  });
  const members = [];
  for (let n = 1; n <= official + probationary; n++) {
    members.push({
      ...keys.member(cellId, memberId(n)),
      type: 'member',
      memberId: memberId(n),
      fullName: memberName(n + (cellId === DEMO_CELLS.founding ? 0 : 100)),
      status: n <= official ? 'official' : 'probationary',
    });
  }
  // 25 puts per request (a few requests instead of 72 concurrent ones)
  for (let i = 0; i < members.length; i += 25) {
    await transact(members.slice(i, i + 25).map((m) => txPut(m)));
  }
}
