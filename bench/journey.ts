// The whole journey: N candidates from referral to official member on the embedded stack, the human steps
// completed by the driver as fast as it can, every SDK call counted. Then, on the same engines and at the
// same concurrency, the I/O floor (the same DynamoDB and S3 operations issued straight through the SDK) and
// aws-local-stepfunctions alone running the same ASL with no-op tasks.
import { startStack } from '../infra/local/stack.ts';
import { wireCounter } from '../infra/local/wire.ts';
import type { CandidateView } from '../shared/app/types.ts';
import { type AslResult, benchAslAlone } from './asl.ts';
import { type FloorResult, runFloor } from './floor.ts';
import { descendants, statusKiB } from './lib/stack-process.ts';
import { pool, ratio, round } from './lib/stats.ts';

export interface JourneyReport {
  candidates: number;
  concurrency: number;
  official: number;
  seconds: number;
  candidatesPerSecond: number;
  stageChanges: number;
  stageChangesPerSecond: number;
  workflowTransitions: number;
  workflowTransitionsPerSecond: number;
  executionsSucceeded: number;
  auditExactlyOnce: boolean;
  peakMemoryMiB: { node: number; withDynamoDbLocal: number };
  sdkCalls: Record<string, number>;
  dynamodbCallsPerCandidate: number;
  dynamodbCallsPerCandidateByOperation: Record<string, number>;
  transactItemsPerTransaction: number;
  s3PutsPerCandidate: number;
  driverRetries: number;
  floor: FloorResult & { ratio: number; withinTarget: boolean };
  aslAlone: AslResult & { shareOfJourney: number };
  target: string;
}

export async function benchJourney(options: {
  n: number;
  concurrency: number;
  dataDir: string;
}): Promise<JourneyReport> {
  const stack = await startStack({ dataDir: options.dataDir, applyEnv: true });
  // counted on the wire of the stand-ins: the driver's requests and every deployed function's, each process
  const counter = wireCounter(stack.iam.wire);
  let peakTree = 0;
  const sample = () => {
    const tree =
      statusKiB(process.pid, 'VmHWM') +
      descendants(process.pid).reduce((s, p) => s + statusKiB(p, 'VmHWM'), 0);
    peakTree = Math.max(peakTree, tree);
  };
  const sampler = setInterval(sample, 1000);
  try {
    const driver = await import('./lib/driver.ts');
    const app = await import('../shared/app/index.ts');
    const cell = await driver.makeBenchCell(`bench${Date.now().toString(36)}`);
    const stats = driver.newStats();
    counter.reset();
    const finals: CandidateView[] = [];
    const started = performance.now();
    await pool(
      Array.from({ length: options.n }, (_, i) => i),
      options.concurrency,
      async (i) => {
        finals.push(await driver.driveCandidate(cell, i, stats));
      },
    );
    const statuses = await driver.waitSettled(
      finals.map((c) => c.id),
      10 * 60_000,
    );
    const seconds = (performance.now() - started) / 1000;
    sample();
    const calls = { ...counter.counts.byOperation };
    const transactItems = counter.counts.transactItems;
    counter.stop();

    // correctness of what was measured: every candidate official, both executions succeeded, each audit
    // event once
    const official = finals.filter((c) => c.stage === 'OFFICIAL').length;
    const succeeded = [...statuses.values()].filter((s) => s === 'SUCCEEDED').length;
    let auditExactlyOnce = true;
    await pool(finals, 8, async (c) => {
      const types = (await app.timeline(cell.secretary, c.id)).map((e) => e.type).sort();
      if (JSON.stringify(types) !== JSON.stringify(driver.EXPECTED_EVENTS)) auditExactlyOnce = false;
    });

    const dynamo = Object.entries(calls).filter(([k]) => k.startsWith('DynamoDB.'));
    const dynamoTotal = dynamo.reduce((s, [, v]) => s + v, 0);
    const s3Puts = stats.s3Posts + (calls['S3.PutObject'] ?? 0);

    const floorRun = await runFloor({
      byOperation: { ...calls, 'S3.PutObject': s3Puts },
      transactItems,
      concurrency: options.concurrency,
      dynamodbEndpoint: stack.endpoints.dynamodb,
      s3Endpoint: stack.endpoints.s3,
      bucket: process.env.BUCKET_NAME ?? 'ketnap-documents',
    });
    const asl = await benchAslAlone({ n: options.n, concurrency: options.concurrency });
    const floorRatio = ratio(seconds, floorRun.seconds);
    const transitionsPerCandidate = asl.transitions / asl.candidates;
    return {
      candidates: options.n,
      concurrency: options.concurrency,
      official,
      seconds: round(seconds, 2),
      candidatesPerSecond: round(options.n / seconds, 2),
      stageChanges: stats.stageChanges,
      stageChangesPerSecond: round(stats.stageChanges / seconds, 1),
      workflowTransitions: transitionsPerCandidate * options.n,
      workflowTransitionsPerSecond: round((transitionsPerCandidate * options.n) / seconds, 1),
      executionsSucceeded: succeeded,
      auditExactlyOnce,
      peakMemoryMiB: {
        node: Math.round(process.resourceUsage().maxRSS / 1024),
        withDynamoDbLocal: Math.round(peakTree / 1024),
      },
      sdkCalls: calls,
      dynamodbCallsPerCandidate: round(dynamoTotal / options.n, 1),
      dynamodbCallsPerCandidateByOperation: Object.fromEntries(
        dynamo.map(([k, v]) => [k, round(v / options.n, 2)]),
      ),
      transactItemsPerTransaction: round(
        transactItems / Math.max(1, calls['DynamoDB.TransactWriteItems'] ?? 0),
        2,
      ),
      s3PutsPerCandidate: round(s3Puts / options.n, 2),
      driverRetries: stats.retries,
      floor: { ...floorRun, ratio: floorRatio, withinTarget: floorRatio <= 2 },
      aslAlone: { ...asl, shareOfJourney: ratio(asl.seconds, seconds) },
      target: 'the journey within 2x its I/O floor',
    };
  } finally {
    clearInterval(sampler);
    counter.stop();
    await stack.stop();
  }
}
