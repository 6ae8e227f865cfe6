// The monthly progress mail's line on each member's introductions: when the month had an introductions
// target, how many official members introduced someone and who has not yet (the secretary can act on it).
// Two Queries of the cell's partition: its members, and the month's per-member counters.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { introductionsOf } from '../domain/pool.ts';
import { queryAll, type ReadMeter } from './store.ts';

export interface MonthIntroductions {
  period: string;
  introduced: number;
  official: number;
  /** names of the official members who have not introduced anyone in the month */
  notYet: string[];
}

export async function monthIntroductions(
  deps: { ddb: DynamoDBDocumentClient; tableName: string },
  cellId: string,
  month: string,
  meter: ReadMeter,
): Promise<MonthIntroductions | undefined> {
  const prefix = (sk: string) => ({
    TableName: deps.tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': `CELL#${cellId}`, ':sk': sk },
  });
  const [members, counts] = await Promise.all([
    queryAll(deps.ddb, prefix('MEMBER#'), meter),
    queryAll(deps.ddb, prefix(`INTRO#${month}#`), meter),
  ]);
  const v = introductionsOf(
    month,
    members.map((m) => ({
      memberId: String(m.memberId ?? String(m.SK).slice('MEMBER#'.length)),
      fullName: String(m.fullName ?? ''),
      status: String(m.status ?? ''),
    })),
    Object.fromEntries(counts.map((c) => [String(c.memberId), Number(c.count ?? 0)])),
  );
  const official = v.introduced.length + v.notYet.length;
  if (official === 0) return undefined;
  return {
    period: month,
    introduced: v.introduced.length,
    official,
    notYet: v.notYet.map((r) => r.member.fullName),
  };
}
