/**
 * A cell to work in, written straight to the table: official members m1..m3 (introducers), a secretary and two
 * committee members who receive the decision mails. Shared by the integration tests and the bench/chaos driver;
 * no test framework imported, so scripts can use it too.
 */
import { put } from '../../shared/adapters/repository.ts';
import { keys } from '../../shared/adapters/table.ts';
import type { Actor } from '../../shared/app/types.ts';

export interface CellFixture {
  cellId: string;
  secretary: Actor;
  committee: Actor;
  members: string[];
}

export async function writeCell(
  cellId: string,
  opts: { name?: string; hasSubCommittee?: boolean; officialMembers?: number } = {},
): Promise<CellFixture> {
  const committeeIds = [`${cellId}-cm1`, `${cellId}-cm2`];
  await put({
    ...keys.cell(cellId),
    type: 'cell',
    cellId,
    name: opts.name ?? `Chi bộ ${cellId}`,
    officialMembers: opts.officialMembers ?? 49,
    probationaryMembers: 0,
    hasSubCommittee: opts.hasSubCommittee === true,
    hasGrassrootsCommittee: false,
    committeeUserIds: committeeIds,
    secretaryUserIds: [`${cellId}-sec`],
  });
  const members = ['m1', 'm2', 'm3'];
  for (const m of members) {
    await put({
      ...keys.member(cellId, m),
      type: 'member',
      memberId: m,
      fullName: `Đảng viên ${m}`,
      status: 'official',
    });
  }
  for (const [i, u] of committeeIds.entries()) {
    await put({
      ...keys.user(u),
      type: 'user',
      userId: u,
      role: 'committee',
      cellIds: [cellId],
      email: `committee${i + 1}.${cellId}@example.vn`,
      displayName: `Ủy viên ${i + 1}`,
      lang: 'vi',
    });
  }
  return {
    cellId,
    members,
    secretary: { userId: `${cellId}-sec`, role: 'secretary', cellIds: [cellId] },
    committee: { userId: committeeIds[0] as string, role: 'committee', cellIds: [cellId] },
  };
}
