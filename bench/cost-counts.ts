// Measures what one candidate costs on AWS, on the embedded stack: drives candidates from referral to official
// member through the application services (bench/lib/driver.ts, the same driver as the benchmark), and counts
//   - every DynamoDB and S3 request by operation, on the stand-ins' wire (infra/local/wire.ts): the driver's and
//     every deployed function's, each in its own process; the DynamoDB calls also by caller (a workflow
//     function, or the driver's step: what the api does for that step in the cloud),
//   - Lambda invocations and their durations by function (the REPORT of each invocation of a deployed asset),
//   - state transitions (the `*StateEntered` events of both executions' histories),
//   - documents uploaded by presigned POST (browser → S3, no SDK call), and mails sent (SESv2 SendEmail).
// Prints the counts per candidate as JSON (docs/cost.md multiplies them by the prices).
//
//   npx tsx bench/cost-counts.ts [candidates=3]
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { UNCOUNTED_AGENT } from '../infra/local/wire.ts';

const N = Number(process.argv[2] ?? 3);

interface Invocation {
  name: string;
  ms: number;
}
const invocations: Invocation[] = [];

function outboxCount(dataDir: string): number {
  const dir = join(dataDir, 'outbox');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-cost-'));
  const { startStack } = await import('../infra/local/stack.ts');
  const { wireCounter } = await import('../infra/local/wire.ts');
  const stack = await startStack({ dataDir, applyEnv: true, seed: false, cron: false });
  const counter = wireCounter(stack.iam.wire);
  stack.lambda.onReport((r) =>
    invocations.push({ name: r.functionName.replace(/^ketnap-/, ''), ms: r.durationMs }),
  );
  try {
    const driver = await import('../bench/lib/driver.ts');
    const cell = await driver.makeBenchCell(`cost${Date.now().toString(36)}`);
    const stats = driver.newStats();
    // DynamoDB calls by caller: a deployed function by its name, the driver's by the step it is taking
    const byCaller: Record<string, Record<string, number>> = {};
    const stopByCaller = stack.iam.wire.add((call) => {
      if (call.service !== 'DynamoDB' || call.userAgent.includes(UNCOUNTED_AGENT)) return undefined;
      const fn = call.principal.replace(/^ketnap-/, '');
      const caller = fn.startsWith('wf-') || fn === 'reminders' ? fn : `app ${stats.phase ?? '?'}`;
      const ops = byCaller[caller] ?? {};
      byCaller[caller] = ops;
      ops[call.operation] = (ops[call.operation] ?? 0) + 1;
      return undefined;
    });
    counter.reset();
    const outboxBefore = outboxCount(dataDir);
    invocations.length = 0;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await driver.driveCandidate(cell, i, stats)).id);
    const statuses = await driver.waitSettled(ids, 10 * 60_000);
    const calls = { ...counter.counts.byOperation };
    const transactItems = counter.counts.transactItems;
    counter.stop();
    stopByCaller();

    const sfn = new SFNClient({ customUserAgent: UNCOUNTED_AGENT });
    let transitions = 0;
    const byMachine: Record<string, number> = {};
    for (const arn of statuses.keys()) {
      const events = await history(sfn, arn);
      const n = events.filter((e) => String(e.type).endsWith('StateEntered')).length;
      transitions += n;
      const machine = arn.includes(':ketnap-probation:') ? 'probation' : 'admission';
      byMachine[machine] = (byMachine[machine] ?? 0) + n;
    }
    sfn.destroy();

    const perFunction: Record<string, { invocations: number; avgMs: number; maxMs: number }> = {};
    for (const inv of invocations) {
      perFunction[inv.name] ??= { invocations: 0, avgMs: 0, maxMs: 0 };
      const f = perFunction[inv.name] as { invocations: number; avgMs: number; maxMs: number };
      f.avgMs = (f.avgMs * f.invocations + inv.ms) / (f.invocations + 1);
      f.invocations++;
      f.maxMs = Math.max(f.maxMs, inv.ms);
    }
    const per = (x: number) => round(x / N);
    const report = {
      measuredAt: new Date().toISOString(),
      candidates: N,
      allOfficial: [...statuses.values()].every((s) => s === 'SUCCEEDED'),
      perCandidate: {
        stateTransitions: per(transitions),
        stateTransitionsByMachine: Object.fromEntries(Object.entries(byMachine).map(([k, v]) => [k, per(v)])),
        workflowLambdaInvocations: Object.fromEntries(
          Object.entries(perFunction).map(([k, v]) => [
            k,
            { invocations: per(v.invocations), avgMs: round(v.avgMs, 1) },
          ]),
        ),
        /** application operations the secretary and the committee performed (each one an api request in the cloud) */
        appOperations: per(stats.stageChanges + 2 * stats.s3Posts),
        stageChanges: per(stats.stageChanges),
        documentsUploadedByPresignedPost: per(stats.s3Posts),
        sdkCalls: Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, per(v)])),
        transactWriteItems: per(transactItems),
        dynamoCallsByCaller: Object.fromEntries(
          Object.entries(byCaller)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, ops]) => [
              k,
              {
                total: per(Object.values(ops).reduce((n, v) => n + v, 0)),
                ...Object.fromEntries(Object.entries(ops).map(([o, v]) => [o, per(v)])),
              },
            ]),
        ),
        // SES has no wire tap: the mails are the outbox's new entries
        mails: per(outboxCount(dataDir) - outboxBefore),
      },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(costTables(report.perCandidate));
  } finally {
    counter.stop();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Prices and the two scenarios (docs/cost.md explains each figure)

/** AWS list prices, ap-southeast-1 (Singapore), USD, as published on the services' pricing pages (Nov 2026). */
export const PRICES = {
  sfnPerTransition: 0.025 / 1000,
  sfnFreeTransitions: 4000,
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaFreeRequests: 1e6,
  lambdaFreeGbSeconds: 400_000,
  httpApiPerRequest: 1.0 / 1e6,
  dynamoPerWru: 0.7125 / 1e6,
  dynamoPerRru: 0.1425 / 1e6,
  dynamoPerGbMonth: 0.285,
  dynamoPitrPerGbMonth: 0.228,
  s3StandardPerGbMonth: 0.025,
  s3IaPerGbMonth: 0.0138,
  s3PerPost: 0.005 / 1000,
  s3PerGet: 0.0004 / 1000,
  sesPerMail: 0.1 / 1000,
  kmsPerKeyMonth: 1.0,
  secretPerMonth: 0.4,
  alarmPerMonth: 0.1,
  cognitoPlusPerMau: 0.02,
  logsPerGbIngested: 0.67,
} as const;

/** What the embedded stack cannot measure: stated here, used below, listed in docs/cost.md. */
export const ASSUMPTIONS = {
  /** page views (GET) per application operation: list, detail, form, redirect after POST */
  requestsPerOperation: 5,
  /** api function: 1024 MB; time per request (the Lambda bills per ms) */
  apiMsPerRequest: 150,
  apiMemoryGb: 1,
  workflowMemoryGb: 0.5,
  /** a scanned A4 PDF of the dossier */
  mbPerDocument: 1.5,
  /** each document opened this many times over the journey (presigned GET) */
  downloadsPerDocument: 2,
  /** GSI writes and transaction overhead: a transactional write costs 2 WRU per item; index copies add ~30% */
  wruPerTransactItem: 2,
  indexWriteOverhead: 1.3,
  /** reads: eventually consistent Get = 0.5 RRU but items/queries up to 8 KB: count 1 per Get, 2 per Query */
  rruPerGet: 1,
  rruPerQuery: 2,
  /** reminder digests (E's daily job), per candidate over the journey: deadlines x reminders before each */
  reminderMailsPerCandidate: 8,
  /** each log line ~1 KB, ~3 lines per invocation */
  logKbPerInvocation: 3,
} as const;

interface Scenario {
  name: string;
  admissionsPerYear: number;
  /** monthly active users (secretaries, committee members, admins) */
  users: number;
  /** browsing besides the candidates' own operations: requests per user per month */
  requestsPerUserMonth: number;
  /** years of documents kept (storage grows; 1 = the first year's steady state) */
  yearsOfDocuments: number;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'cell (70 members, 60 admissions a year)',
    admissionsPerYear: 60,
    users: 5,
    requestsPerUserMonth: 300,
    yearsOfDocuments: 1,
  },
  {
    name: 'province (~5,000 admissions a year)',
    admissionsPerYear: 5000,
    users: 300,
    requestsPerUserMonth: 600,
    yearsOfDocuments: 1,
  },
];

type PerCandidate = {
  stateTransitions: number;
  workflowLambdaInvocations: Record<string, { invocations: number; avgMs: number }>;
  appOperations: number;
  documentsUploadedByPresignedPost: number;
  sdkCalls: Record<string, number>;
  transactWriteItems: number;
  mails: number;
};

export function monthlyCost(c: PerCandidate, s: Scenario, withFreeTier = false): Record<string, number> {
  const P = PRICES;
  const A = ASSUMPTIONS;
  const perMonth = s.admissionsPerYear / 12;
  const wf = Object.values(c.workflowLambdaInvocations);
  const wfInvocations = wf.reduce((n, f) => n + f.invocations, 0);
  const wfGbS = wf.reduce((n, f) => n + (f.invocations * f.avgMs * A.workflowMemoryGb) / 1000, 0);
  const apiRequests = perMonth * c.appOperations * A.requestsPerOperation + s.users * s.requestsPerUserMonth;
  const invocations = perMonth * wfInvocations + apiRequests + 30; // + the daily reminder job
  const gbS = perMonth * wfGbS + (apiRequests * A.apiMsPerRequest * A.apiMemoryGb) / 1000;
  const transitions = perMonth * c.stateTransitions;
  const call = (k: string) => c.sdkCalls[k] ?? 0;
  const wru =
    perMonth *
    (c.transactWriteItems * A.wruPerTransactItem + call('DynamoDB.PutItem') + call('DynamoDB.UpdateItem')) *
    A.indexWriteOverhead;
  const browsingReads = s.users * s.requestsPerUserMonth * 4; // a list page: ~2 queries of 2 RRU
  const rru =
    perMonth * (call('DynamoDB.GetItem') * A.rruPerGet + call('DynamoDB.Query') * A.rruPerQuery) +
    browsingReads;
  const docs = c.documentsUploadedByPresignedPost;
  const storedGb = (s.admissionsPerYear * s.yearsOfDocuments * docs * A.mbPerDocument) / 1024;
  // after 180 days half a year's documents are in Standard-IA
  const s3Storage = storedGb * 0.5 * P.s3StandardPerGbMonth + storedGb * 0.5 * P.s3IaPerGbMonth;
  const s3Requests =
    perMonth *
    (docs * P.s3PerPost +
      (call('S3.GetObject') + call('S3.HeadObject') + docs * A.downloadsPerDocument) * P.s3PerGet);
  const mails = perMonth * (c.mails + A.reminderMailsPerCandidate);
  const tableGb = (s.admissionsPerYear * s.yearsOfDocuments * 60 * 0.5) / 1024 / 1024; // ~60 items of 0.5 KB
  const free = (used: number, allowance: number) => (withFreeTier ? Math.max(0, used - allowance) : used);
  return {
    'Step Functions (state transitions)': free(transitions, P.sfnFreeTransitions) * P.sfnPerTransition,
    'Lambda (requests + GB-s, arm64)':
      free(invocations, P.lambdaFreeRequests) * P.lambdaPerRequest +
      free(gbS, P.lambdaFreeGbSeconds) * P.lambdaPerGbSecondArm,
    'API Gateway HTTP API': apiRequests * P.httpApiPerRequest,
    'DynamoDB (on-demand requests)': wru * P.dynamoPerWru + rru * P.dynamoPerRru,
    'DynamoDB (storage + PITR)': tableGb * (P.dynamoPerGbMonth + P.dynamoPitrPerGbMonth),
    'S3 (storage, requests)': s3Storage + s3Requests,
    'SES (mails)': mails * P.sesPerMail,
    'CloudWatch Logs': ((invocations * A.logKbPerInvocation) / 1024 / 1024) * P.logsPerGbIngested,
    'KMS (2 customer keys)': 2 * P.kmsPerKeyMonth,
    'Secrets Manager (LINK_SECRET)': P.secretPerMonth,
    'CloudWatch alarms (4)': 4 * P.alarmPerMonth,
    'Cognito (Plus tier, per MAU)': s.users * P.cognitoPlusPerMau,
    // for the record, the volumes behind the money
    _transitions: transitions,
    _invocations: invocations,
    _apiRequests: apiRequests,
    _wru: wru,
    _rru: rru,
    _mails: mails,
    _storedGb: storedGb,
  };
}

function costTables(c: PerCandidate): string {
  const lines: string[] = [];
  for (const s of SCENARIOS) {
    const cost = monthlyCost(c, s);
    const money = Object.entries(cost).filter(([k]) => !k.startsWith('_'));
    const total = money.reduce((n, [, v]) => n + v, 0);
    lines.push(`\n### ${s.name}\n`, '| item | USD / month |', '| --- | ---: |');
    for (const [k, v] of money) lines.push(`| ${k} | ${v.toFixed(v < 0.1 ? 4 : 2)} |`);
    lines.push(`| **total** | **${total.toFixed(2)}** |`);
    const vol = Object.entries(cost).filter(([k]) => k.startsWith('_'));
    lines.push(
      '',
      `volumes per month: ${vol.map(([k, v]) => `${k.slice(1)} ${Math.round(v * 100) / 100}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
