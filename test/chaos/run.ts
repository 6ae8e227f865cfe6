// The chaos runs, shared by the short test (npm test) and the full run (npm run chaos):
//  - a journey during which the embedded stack (its whole process group) is killed with SIGKILL at random
//    moments and restarted on the same data folder and ports;
//  - a journey with a share of the DynamoDB and S3 calls failing (throttling and 500s, through the SDK's
//    middleware) in the stack's process and in the driver's;
//  - simultaneous decisions through the approval links of one waiting step.
// After each: every candidate in the expected final stage, both executions succeeded, each audit event once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { BenchCell, DriverStats } from '../../bench/lib/driver.ts';
import { type StackProcess, startStackProcess } from '../../bench/lib/stack-process.ts';
import { freePort } from '../../infra/local/net.ts';
import type { CandidateView } from '../../shared/app/types.ts';
import { injectSdkFaults, prng } from './sdk-middleware.ts';

type Driver = typeof import('../../bench/lib/driver.ts');
type App = typeof import('../../shared/app/index.ts');

export interface JourneyCheck {
  candidates: number;
  official: number;
  executionsSucceeded: number;
  /** candidates whose timeline is not exactly the expected events, each once */
  badTimelines: { id: string; events: string[] }[];
  /** candidates of the cell as stored (a retried referral must not create a second one) */
  storedCandidates: number;
  /** final candidates still carrying a `callbackPending` marker (harmless, but not tidy) */
  leftoverCallbackMarkers: number;
  seconds: number;
  driverRetries: number;
  driverErrors: Record<string, number>;
}

export interface ChaosWorld {
  dataDir: string;
  stack: StackProcess;
  driver: Driver;
  app: App;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const log = (line: string) =>
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** A stack in a child process on fixed ports (a restart comes back on the same endpoints). */
export async function startChaosWorld(
  options: { faultRate?: number; seed?: number } = {},
): Promise<ChaosWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ketnap-chaos-'));
  const ports = {
    dynamodb: await freePort(),
    s3: await freePort(),
    sfn: await freePort(),
    ses: await freePort(),
    api: await freePort(),
  };
  const start = () =>
    startStackProcess({
      dataDir,
      ports,
      faultRate: options.faultRate,
      faultSeed: options.seed,
      faultsPaused: true,
    });
  const world = { dataDir, stack: await start() } as ChaosWorld;
  Object.assign(process.env, world.stack.env);
  world.driver = await import('../../bench/lib/driver.ts');
  world.app = await import('../../shared/app/index.ts');
  world.restart = async () => {
    world.stack = await start();
  };
  world.stop = async () => {
    await world.stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return world;
}

/** Until every execution has ended: what the daily job does meanwhile (re-deliver outcomes) included. */
async function settle(world: ChaosWorld, ids: string[], timeoutMs: number) {
  const nudger = setInterval(() => {
    world.app.resumePendingCallbacks().catch(() => undefined);
  }, 3000);
  try {
    return await world.driver.waitSettled(ids, timeoutMs);
  } finally {
    clearInterval(nudger);
  }
}

/** Checks the outcome of a journey: final stages, executions, each audit event exactly once, no duplicates. */
export async function checkJourney(
  world: ChaosWorld,
  cell: BenchCell,
  finals: CandidateView[],
  stats: DriverStats,
  seconds: number,
  settleMs: number,
): Promise<JourneyCheck> {
  const { app, driver } = world;
  const statuses = await settle(
    world,
    finals.map((c) => c.id),
    settleMs,
  );
  const badTimelines: JourneyCheck['badTimelines'] = [];
  let official = 0;
  let leftoverCallbackMarkers = 0;
  const repo = await import('../../shared/adapters/repository.ts');
  for (const c of finals) {
    if ((await repo.getCandidateItem(c.id))?.callbackPending) leftoverCallbackMarkers++;
    if ((await app.getCandidate(cell.secretary, c.id)).stage === 'OFFICIAL') official++;
    const events = (await app.timeline(cell.secretary, c.id)).map((e) => e.type).sort();
    if (JSON.stringify(events) !== JSON.stringify(driver.EXPECTED_EVENTS))
      badTimelines.push({ id: c.id, events });
  }
  const stored = await countCandidates(cell.cellId);
  return {
    candidates: finals.length,
    official,
    executionsSucceeded: [...statuses.values()].filter((s) => s === 'SUCCEEDED').length,
    badTimelines,
    storedCandidates: stored,
    leftoverCallbackMarkers,
    seconds: Math.round(seconds),
    driverRetries: stats.retries,
    driverErrors: stats.errors,
  };
}

/** Candidates of a cell as stored (GSI2: every candidate of a cell), counted without the app. */
async function countCandidates(cellId: string): Promise<number> {
  const ddb = new DynamoDBClient({});
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: `CELL#${cellId}` } },
        Select: 'COUNT',
        ExclusiveStartKey: start as never,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  ddb.destroy();
  return count;
}

async function journey(
  world: ChaosWorld,
  cellId: string,
  n: number,
  concurrency: number,
  during?: (stats: DriverStats, done: () => boolean) => Promise<void>,
) {
  const { driver } = world;
  const stats = driver.newStats();
  const cell = await retrying(() => driver.makeBenchCell(cellId));
  const finals: CandidateView[] = [];
  let finished = false;
  const started = performance.now();
  const drive = (async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, n) }, async () => {
        while (next < n) {
          const i = next++;
          finals.push(
            await driver.driveCandidate(cell, i, stats, { resilient: true, timeoutMs: 60 * 60_000 }),
          );
        }
      }),
    );
    finished = true;
  })();
  await Promise.all([drive, during?.(stats, () => finished)]);
  return { cell, finals, stats, seconds: (performance.now() - started) / 1000 };
}

async function retrying<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (error) {
      if (i > 60) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * N candidates driven while the stack is killed `kills` times with SIGKILL: each kill comes when the
 * driver has committed a random share of the journey's stage changes, so it lands in the middle of work.
 */
export async function killRun(
  world: ChaosWorld,
  options: { n: number; kills: number; concurrency: number; seed: number },
) {
  const random = prng(options.seed);
  const total = options.n * 10; // stage changes of one journey: referral + 9 steps
  // one kill at a random moment in each of `kills` equal slices of the journey
  const marks = Array.from(
    { length: options.kills },
    (_, i) => 0.05 + (0.9 * (i + random())) / options.kills,
  );
  const kills: { atStageChanges: number; downSeconds: number }[] = [];
  const run = await journey(
    world,
    `kill${options.seed}`,
    options.n,
    options.concurrency,
    async (stats, done) => {
      const progress = setInterval(
        () => log(`${stats.stageChanges}/${total} stage changes, ${stats.retries} retries`),
        30_000,
      );
      await killAt(marks, stats, done);
      // keep reporting after the last kill, until the journey is driven to its end
      while (!done()) await new Promise((r) => setTimeout(r, 1000));
      clearInterval(progress);
    },
  );
  async function killAt(marks: number[], stats: DriverStats, done: () => boolean) {
    for (const mark of marks) {
      while (!done() && stats.stageChanges < mark * total) await new Promise((r) => setTimeout(r, 100));
      if (done()) break;
      // a random moment within the next second, not just at a stage change
      await new Promise((r) => setTimeout(r, random() * 1000));
      const t = performance.now();
      log(`SIGKILL at ${stats.stageChanges}/${total} stage changes`);
      await world.stack.kill();
      await world.restart();
      kills.push({
        atStageChanges: stats.stageChanges,
        downSeconds: Math.round((performance.now() - t) / 1000),
      });
      log(`restarted after ${kills.at(-1)?.downSeconds} s`);
    }
  }
  const check = await checkJourney(world, run.cell, run.finals, run.stats, run.seconds, 10 * 60_000);
  return { ...check, kills };
}

/** N candidates driven with `rate` of the DynamoDB and S3 calls failing, in the stack and in the driver. */
export async function faultRun(
  world: ChaosWorld,
  options: { n: number; rate: number; concurrency: number; seed: number },
) {
  const local = injectSdkFaults({ rate: options.rate, seed: options.seed });
  await world.stack.setFaults(true);
  let run: Awaited<ReturnType<typeof journey>>;
  try {
    run = await journey(world, `fault${options.seed}`, options.n, options.concurrency);
  } finally {
    local.pause();
  }
  // the faults stay on in the stack until every execution has ended
  const check = await checkJourney(world, run.cell, run.finals, run.stats, run.seconds, 10 * 60_000);
  await world.stack.setFaults(false);
  local.stop();
  const remote = (await world.stack.counts()).faults;
  return { ...check, injected: { driver: local.stats, stack: remote } };
}

/**
 * `count` decisions sent at once through the approval links of ONE waiting step (alternating links and
 * decisions): exactly one is recorded, the others answer "already recorded".
 */
export async function simultaneousDecisions(world: ChaosWorld, count: number) {
  const { driver, app } = world;
  const cell = await driver.makeBenchCell('race');
  const stats = driver.newStats();
  const c = await driver.driveCandidate(cell, 0, stats, { until: 'AWAITING_DECISION', timeoutMs: 120_000 });
  const { readOutbox } = await import('../../infra/local/outbox.ts');
  // every committee member gets a link; each answers signed in, ten times at once (three different answers)
  let links: { link: string; user: string }[] = [];
  for (let i = 0; links.length < 2; i++) {
    if (i > 600) throw new Error('no decision mails');
    await new Promise((r) => setTimeout(r, 100));
    const mails = readOutbox(world.dataDir).filter((m) => m.to.some((t) => t.includes(cell.cellId)));
    const found = new Map<string, string>();
    for (const m of mails) {
      const member = /^committee(\d+)\./.exec(m.to[0] ?? '')?.[1];
      const link = /\/a\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1];
      if (member && link) found.set(link, `${cell.cellId}-cm${member}`);
    }
    links = [...found].map(([link, user]) => ({ link, user }));
  }
  const api = world.stack.endpoints.api;
  const { signIn } = await import('../../bench/lib/sign-in.ts');
  const signedIn = await Promise.all(
    links.map(async ({ link, user }) => {
      const cookie = `ketnap_session=${await signIn(api, user)}`;
      const page = await (await fetch(`${api}/a/${link}`, { headers: { cookie } })).text();
      return { link, cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
    }),
  );
  const decisions = ['approve', 'refuse', 'return'] as const;
  const answers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const who = signedIn[i % signedIn.length] as (typeof signedIn)[number];
      const res = await fetch(`${api}/a/${who.link}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
        body: new URLSearchParams({
          decision: decisions[i % 3] as string,
          comment: `lần ${i}`,
          csrf: who.csrf,
        }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const events = (await app.timeline(cell.secretary, c.id)).map((e) => e.type);
  const decided = events.filter((t) => ['admissionApproved', 'refused', 'returnedForChanges'].includes(t));
  return {
    candidateId: c.id,
    members: links.length,
    statuses: answers,
    recorded: decided,
    stage: (await app.getCandidate(cell.secretary, c.id)).stage,
  };
}
