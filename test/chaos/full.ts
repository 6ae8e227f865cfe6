// `npm run chaos`: the full chaos run.
//   1. N candidates (default 1,000) from referral to official member while the embedded stack is killed
//      with SIGKILL five times at random moments and restarted;
//   2. the same with 10% of the DynamoDB and S3 calls failing (throttling and 500s);
//   3. twenty simultaneous decisions on one waiting step.
// Each must end with every candidate official, both executions succeeded, each audit event exactly once.
//   npm run chaos -- [--n 1000] [--kills 5] [--fault-n 1000] [--rate 0.1] [--concurrency 50] [--seed 1]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { faultRun, killRun, simultaneousDecisions, startChaosWorld } from './run.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '5' },
    'fault-n': { type: 'string' },
    rate: { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '50' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    out: { type: 'string' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
const world = await startChaosWorld({ faultRate: Number(values.rate), seed });
const report: Record<string, unknown> = { seed, startedAt: new Date().toISOString() };
let ok = true;
try {
  const kills = await killRun(world, { n, kills: Number(values.kills), concurrency, seed });
  report.kills = kills;
  ok &&=
    kills.official === n &&
    kills.executionsSucceeded === 2 * n &&
    kills.badTimelines.length === 0 &&
    kills.storedCandidates === n;
  const faultN = Number(values['fault-n'] ?? n);
  const faults = await faultRun(world, { n: faultN, rate: Number(values.rate), concurrency, seed: seed + 1 });
  report.faults = faults;
  ok &&=
    faults.official === faultN &&
    faults.executionsSucceeded === 2 * faultN &&
    faults.badTimelines.length === 0 &&
    faults.storedCandidates === faultN;
  const race = await simultaneousDecisions(world, 20);
  report.simultaneousDecisions = race;
  ok &&= race.recorded.length === 1 && race.statuses.filter((s) => s < 400).length === 1;
} catch (error) {
  ok = false;
  report.error = (error as Error).stack;
} finally {
  await world.stop();
}
report.ok = ok;
const text = JSON.stringify(
  report,
  (k, v) => (k === 'badTimelines' && Array.isArray(v) ? v.slice(0, 10) : v),
  2,
);
if (values.out) await writeFile(values.out, `${text}\n`);
process.stdout.write(`${text}\n`);
process.stdout.write(ok ? 'chaos: PASSED\n' : 'chaos: FAILED\n');
process.exit(ok ? 0 : 1);
