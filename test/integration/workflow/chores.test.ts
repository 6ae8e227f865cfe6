/**
 * The daily workflow chores find what needs doing through GSI3's sparse CHORE partition: their reads do not
 * grow with the candidates that need nothing, they still re-deliver lost outcomes and start lost admissions,
 * and a chore whose candidate has moved on is taken out of the index.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();
const app = await import('../../../shared/app/index.ts');
const repo = await import('../../../shared/adapters/repository.ts');
const { clients, config } = await import('../../../shared/adapters/clients.ts');
const { CHORE_NOW, indexKeys, keys } = await import('../../../shared/adapters/table.ts');
const h = await import('./helpers.ts');

/** Before any probation of these tests ends: only the chores this file makes (and leftovers) are due. */
const DAY = '2024-01-31';
const QUIET = 600;

/** Candidates that need no chore (started, nothing to deliver), written straight to the table. */
async function writeQuietCandidates(cellId: string, n: number) {
  const items = Array.from({ length: n }, (_, i) => {
    const id = `q${cellId}${String(i).padStart(4, '0')}`;
    return {
      ...keys.candidate(id),
      ...indexKeys.byStage(cellId, 'DOSSIER', '2024-01-10T00:00:00.000Z', id),
      id,
      cellId,
      fullName: `Người ${i}`,
      nameKey: `nguoi ${i}`,
      stage: 'DOSSIER',
      version: 3,
      cursor: 1,
      workflowStarted: true,
      rulesetId: 'r2025',
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    const res = await clients().ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [config().tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
    expect(Object.keys(res.UnprocessedItems ?? {})).toHaveLength(0);
  }
  return items.map((c) => c.id);
}

/** Runs `fn` while Step Functions cannot be reached (a real refused connection). */
async function withoutWorkflows<T>(fn: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  process.env.AWS_ENDPOINT_URL_SFN = 'http://127.0.0.1:9';
  try {
    return (await Promise.allSettled([fn()]))[0] as PromiseSettledResult<T>;
  } finally {
    process.env.AWS_ENDPOINT_URL_SFN = stack.env.AWS_ENDPOINT_URL_SFN;
  }
}

const indexKeysOf = (id: string) => {
  const k = indexKeys.chore(CHORE_NOW, id, 'now');
  return { ':pk': k.GSI3PK, ':sk': k.GSI3SK };
};

/** The candidate's item as older code left it: no mark of its admission's start, so in the chores' index. */
const withoutMark = (candidateId: string) =>
  repo.update({
    Key: keys.candidate(candidateId),
    UpdateExpression: 'SET workflowStarted = :f, GSI3PK = :pk, GSI3SK = :sk',
    ExpressionAttributeValues: { ':f': false, ...indexKeysOf(candidateId) },
  });

const inChores = async (candidateId: string) =>
  (await repo.listChores(DAY)).chores.filter((c) => c.candidateId === candidateId).map((c) => c.kind);

describe('the daily workflow chores', () => {
  it('read only the candidates that need them, however many do not, and still nudge those', async () => {
    const cell = await h.makeCell();
    // what earlier tests left behind is done (or stays, the same in both runs below)
    await app.runWorkflowChores(DAY);
    const before = await app.runWorkflowChores(DAY);

    const quiet = await writeQuietCandidates(cell.cellId, QUIET);
    // a referral whose StartExecution was lost
    const lostStart = await withoutWorkflows(() => h.refer(cell, 'Hà Văn Lạc'));
    expect(lostStart.status).toBe('rejected');
    const [notStarted] = (await repo.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :name)',
      ExpressionAttributeValues: { ':pk': `CELL#${cell.cellId}`, ':name': 'ha van lac#' },
    })) as { id: string }[];
    expect(notStarted).toBeDefined();
    const startId = String(notStarted?.id);
    expect((await repo.getCandidateItem(startId))?.workflowStarted).toBe(false);
    expect(await inChores(startId)).toEqual(['now']);
    // a step outcome committed, its SendTaskSuccess lost
    const lostCallback = await h.refer(cell, 'Lò Thị Mai');
    await h.waitingAt(lostCallback.id, 'course');
    const recorded = await withoutWorkflows(() =>
      app.recordCourseCertificate(cell.secretary, lostCallback.id, {
        certificateNo: 'CN-21',
        issuedOn: '2024-01-20',
      }),
    );
    expect(recorded.status).toBe('fulfilled');
    expect((await repo.getCandidateItem(lostCallback.id))?.callbackPending).toBeDefined();
    expect(await inChores(lostCallback.id)).toEqual(['now']);
    // a dated chore whose candidate moved on (here: never reached probation)
    const movedOn = quiet[0] as string;
    await repo.transact([repo.txChore(movedOn, 'probationEnd', '2024-01-15')]);

    const r = await app.runWorkflowChores(DAY);
    expect(r.errors).toBe(0);
    expect(r.started).toBeGreaterThanOrEqual(1);
    expect(r.redelivered).toBeGreaterThanOrEqual(1);
    // three chores more than before (and one candidate read for the dated one), none of the 600 quiet ones
    expect(r.itemsRead - before.itemsRead).toBeLessThanOrEqual(2 * 3);
    expect(r.itemsRead).toBeLessThan(QUIET);

    // the nudges happened, and the candidates left the index with them
    await h.waitingAt(startId, 'course');
    await h.waitingAt(lostCallback.id, 'dossier');
    for (const id of [startId, lostCallback.id]) {
      const item = await repo.getCandidateItem(id);
      expect(item?.GSI3PK, id).toBeUndefined();
      expect(await inChores(id)).toEqual([]);
    }
    const stale = await repo.getItem(keys.chore(movedOn, 'probationEnd'));
    expect(stale?.GSI3PK).toBeUndefined();
    expect(Number(stale?.expiresAt)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(await inChores(movedOn)).toEqual([]);
    // and the next run is back to what it read before
    const after = await app.runWorkflowChores(DAY);
    expect(after.itemsRead).toBeLessThanOrEqual(before.itemsRead);
  });

  it('an ordinary referral and step leave nothing in the chores index', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Cầm Văn Thủy');
    // the first wait's token marks the start and takes the candidate out of the index, in one write
    const waiting = await h.waitingAt(c.id, 'course');
    expect(waiting.workflowStarted).toBe(true);
    expect(waiting.GSI3PK).toBeUndefined();
    await app.recordCourseCertificate(cell.secretary, c.id, {
      certificateNo: 'CN-22',
      issuedOn: '2024-01-20',
    });
    const moved = await h.waitingAt(c.id, 'dossier');
    expect(moved.GSI3PK).toBeUndefined();
    expect(await inChores(c.id)).toEqual([]);
  });

  it('keeps a candidate in the index while either reason holds, and takes it out when both are gone', async () => {
    const cell = await h.makeCell();
    // a workflow that waits although its item lacks the mark (an item written by older code)
    const unmarked = await h.refer(cell, 'Sầm Thị Hoa');
    await h.waitingAt(unmarked.id, 'course');
    await withoutMark(unmarked.id);
    // and an outcome committed whose SendTaskSuccess was lost: two reasons
    await withoutWorkflows(() =>
      app.recordCourseCertificate(cell.secretary, unmarked.id, {
        certificateNo: 'CN-24',
        issuedOn: '2024-01-20',
      }),
    );
    const both = await repo.getCandidateItem(unmarked.id);
    expect(both?.callbackPending).toBeDefined();
    expect(both?.workflowStarted).toBe(false);
    expect(await inChores(unmarked.id)).toEqual(['now']);

    const r = await app.runWorkflowChores(DAY);
    expect(r.errors).toBe(0);
    expect(r.redelivered).toBeGreaterThanOrEqual(1);
    // the outcome reached the workflow; its next wait marked the start and took the candidate out
    const c = await h.waitingAt(unmarked.id, 'dossier');
    expect(c.callbackPending).toBeUndefined();
    expect(c.workflowStarted).toBe(true);
    expect(c.GSI3PK).toBeUndefined();
    expect(await inChores(unmarked.id)).toEqual([]);
    expect(await h.executions(unmarked.id)).toHaveLength(1); // the missing mark started nothing twice
  });

  it('a mark missing while the workflow waits: the daily job marks it, starting nothing', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Lường Văn Pá');
    await h.waitingAt(c.id, 'course');
    await withoutMark(c.id);
    expect(await inChores(c.id)).toEqual(['now']);
    const r = await app.runWorkflowChores(DAY);
    expect(r.errors).toBe(0);
    const after = await repo.getCandidateItem(c.id);
    expect(after?.workflowStarted).toBe(true);
    expect(after?.GSI3PK).toBeUndefined();
    expect(await inChores(c.id)).toEqual([]);
    expect(await h.executions(c.id)).toHaveLength(1);
  });
});
