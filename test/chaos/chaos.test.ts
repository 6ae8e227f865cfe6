/**
 * The short chaos run (the full one is `npm run chaos`): candidates driven from referral to official member
 * while the embedded stack is killed with SIGKILL twice and restarted; then with 10% of the DynamoDB and S3
 * calls failing; then twenty simultaneous answers of the signed-in committee members on one waiting step. Nothing lost, nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosWorld, faultRun, killRun, simultaneousDecisions, startChaosWorld } from './run.ts';

let world: ChaosWorld;

beforeAll(async () => {
  world = await startChaosWorld({ faultRate: 0.1, seed: 7 });
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

describe('chaos', () => {
  it('loses nothing and repeats nothing when the stack is killed twice mid-journey', async () => {
    const r = await killRun(world, { n: 8, kills: 2, concurrency: 8, seed: 11 });
    expect(r.kills).toHaveLength(2);
    expect(r.badTimelines).toEqual([]);
    expect(r).toMatchObject({ candidates: 8, official: 8, executionsSucceeded: 16, storedCandidates: 8 });
  }, 420_000);

  it('completes the same way with 10% of DynamoDB and S3 calls failing', async () => {
    const r = await faultRun(world, { n: 4, rate: 0.1, concurrency: 4, seed: 13 });
    expect(r.injected.driver.injected + (r.injected.stack?.injected ?? 0)).toBeGreaterThan(0);
    expect(r.badTimelines).toEqual([]);
    expect(r).toMatchObject({ candidates: 4, official: 4, executionsSucceeded: 8, storedCandidates: 4 });
  }, 600_000);

  it('records exactly one answer per member and one decision of twenty simultaneous answers on one waiting step', async () => {
    const r = await simultaneousDecisions(world, 20);
    expect(r.recorded).toHaveLength(1);
    expect(r.members).toBe(2);
    expect(r.statuses.filter((s) => s < 400)).toHaveLength(r.members);
    expect(r.statuses.filter((s) => s >= 400).every((s) => s === 409)).toBe(true);
  }, 300_000);
});
