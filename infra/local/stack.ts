import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalDeployment, LocalFunction } from './assembly/template.ts';
import type { Cron, Schedule } from './cron.ts';
import { JavaMissingError, javaAvailable, startDynamoDb } from './dynamodb.ts';
import { ACCOUNT, createResolver, type FunctionResolver, REGION, REPO_ROOT } from './functions.ts';
import { IamGate, type PolicyDocument } from './iam/gate.ts';

// Only light modules are imported statically: the JVM of DynamoDB Local starts first, and the heavier
// modules (s3rver, the Step Functions engine, the AWS SDK) load while it boots.

export interface StackPorts {
  dynamodb: number;
  s3: number;
  sfn: number;
  ses: number;
  api: number;
  lambda: number;
}

export interface StackOptions {
  /** Folder holding every persisted byte (default `.ketnap` in the repository). Relative paths resolve from cwd. */
  dataDir?: string;
  /** Port of each service on 127.0.0.1; 0 or absent = ephemeral. */
  ports?: Partial<StackPorts>;
  /**
   * Load demo data (`seed(env)` from ./seed.ts) after provisioning: true = before startStack resolves;
   * 'background' = after it resolved (npm start: the URL answers while the demo data loads). Default false.
   */
  seed?: boolean | 'background';
  /** Run the local scheduler: true = the template's schedules (EventBridge Scheduler), or a list. Default false. */
  cron?: boolean | Schedule[];
  /**
   * Test fixtures only: folders searched for `<name>.ts` when a function `ketnap-<name>` that the cloud assembly
   * does not have is invoked (run in this process). ketnap's own functions always run from their assets.
   */
  functionDirs?: string[];
  /** Clock for the Step Functions service and the cron (tests only). Default Date.now. */
  now?: () => number;
  /**
   * Tests only: the clock runs at real speed plus an offset that `KetnapLocal.AdvanceClock` on the Step
   * Functions endpoint moves forward (see test/helpers/stack.ts `advanceClock`). Ignored when `now` is given.
   */
  advancableClock?: boolean;
  /** Copy the env into process.env (the in-process handlers read it). Default true. */
  applyEnv?: boolean;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export interface StackEndpoints {
  dynamodb: string;
  s3: string;
  sfn: string;
  sesv2: string;
  api: string;
  /** the Lambda API (Invoke) of the deployed functions */
  lambda: string;
}

export interface Stack {
  env: Record<string, string>;
  endpoints: StackEndpoints;
  dataDir: string;
  resolver: FunctionResolver;
  /** The functions as deployed (assets, environments, roles), and the Lambda service running them. */
  deployment: LocalDeployment;
  lambda: import('./lambda/runtime.ts').LambdaRuntime;
  /** The IAM gate of every stand-in: `iam.addPrincipal(...)` (see infra/local/README.md, "IAM"). */
  iam: IamGate;
  /** The scheduler, when started (`cron` option). */
  cron?: Cron;
  /** The Step Functions service: `tick()` fires what is due at the clock's time (tests that move `now`). */
  sfn: { tick(): Promise<void> };
  /** With `seed: 'background'`: settles when the demo data is loaded (or failed, which is logged). */
  seeding?: Promise<void>;
  stop(): Promise<void>;
}

interface Identity {
  env: Record<string, string>;
  handle(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * One stack per data folder: a second one would kill the first one's DynamoDB Local (stale-JVM rule) and
 * share its journal. The lock names our pid; a lock whose process is gone (kill -9) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'ketnap.lock');
  try {
    const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (pid !== process.pid && cmd.includes('node') && !/^\d+ \(.*\) [ZX]/.test(state)) {
      throw new DataDirInUseError(
        `The data folder ${dataDir} is used by another ketnap (pid ${pid}); stop it first.`,
      );
    }
  } catch (err) {
    if (err instanceof DataDirInUseError) throw err;
    // no lock, or its process is gone
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid }), { mode: 0o600 });
  return () => {
    try {
      const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
      if (pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

function linkSecret(dataDir: string): string {
  const file = join(dataDir, 'link-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function loadIdentity(dataDir: string, baseUrl: string): Promise<Identity | undefined> {
  const file = join(REPO_ROOT, 'infra', 'local', 'identity.ts');
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as {
    createIdentity?: (o: { dataDir: string; baseUrl: string }) => Promise<Identity>;
  };
  return mod.createIdentity ? await mod.createIdentity({ dataDir, baseUrl }) : undefined;
}

/**
 * A function's credentials: its own access key, which the stand-ins' IAM gate ties to the function's role.
 * Derived from the stack's secret, so they are stable across restarts and unknown outside this data folder.
 */
export function functionCredentials(
  stackSecret: string,
  fn: Pick<LocalFunction, 'name'>,
): { accessKeyId: string; secretAccessKey: string } {
  const id = createHash('sha256').update(fn.name).digest('hex').slice(0, 16).toUpperCase();
  return {
    accessKeyId: `AKIALOCAL${id}`.slice(0, 20),
    secretAccessKey: createHmac('sha256', stackSecret)
      .update(`lambda:${fn.name}`)
      .digest('base64url')
      .slice(0, 40),
  };
}

/** Start the embedded AWS stack (see docs/contracts.md). */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dataDir = resolve(opts.dataDir ?? join(REPO_ROOT, '.ketnap'));
  if (!isAbsolute(dataDir)) throw new Error('dataDir must resolve to an absolute path');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700); // readable by its owner only, also when it existed before
  if (!javaAvailable()) throw new JavaMissingError();
  const unlock = lockDataDir(dataDir);
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const step = (what: string) => log(`[stack] ${what} (${Date.now() - t0} ms)`);
  const ports = opts.ports ?? {};
  // the functions as `cdk deploy` would upload them: synthesized (or taken from the cache) while the JVM boots
  const assemblyP = import('./assembly/synth.ts').then((m) => m.ensureAssembly(log));
  assemblyP.catch(() => {});
  const fallback = opts.functionDirs ? createResolver(opts.functionDirs) : undefined;
  let runtime: import('./lambda/runtime.ts').LambdaRuntime | undefined;
  let runtimeReady: () => void = () => {};
  const runtimeP = new Promise<void>((r) => {
    runtimeReady = r;
  });
  // the API Gateway, Step Functions and the scheduler invoke through this, once the functions are deployed
  const resolver: FunctionResolver = async (name) => {
    await runtimeP;
    return runtime?.resolver(name);
  };
  const stops: (() => Promise<void> | void)[] = [unlock];
  let stopping = false;
  const stopAll = async () => {
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch {
        // keep stopping the rest
      }
    }
    stops.length = 0;
  };

  const gate = new IamGate({ dataDir, region: REGION, account: ACCOUNT, log });
  // Step Functions and the scheduler invoke a deployed function as their role: lambda:InvokeFunction on its ARN
  // must be allowed by that role's synthesized policies (test fixtures' functions are not checked)
  let invokers: { roles: Map<string, string>; functions: Set<string> } | undefined;
  const authorizeInvoke = (roleArn: string, functionArn: string) => {
    if (!invokers?.functions.has(functionArn)) return;
    const name = invokers.roles.get(roleArn);
    const d = name
      ? gate.authorizeAs(name, [{ action: 'lambda:InvokeFunction', resource: functionArn }])
      : undefined;
    if (!d?.allowed) {
      const e = new Error(
        d && !d.allowed ? d.message : `The role ${roleArn} is not a role of this deployment`,
      );
      e.name = 'Lambda.AWSLambdaException';
      throw e;
    }
  };
  const ddbP = startDynamoDb({ dataDir, port: ports.dynamodb ?? 0, gate, log });
  ddbP.catch(() => {});
  // provision/seed may load heavy modules (workflows, CDK): load them while the JVM boots too.
  type Step = {
    provision?: (env: Record<string, string>, deployment: LocalDeployment) => Promise<void>;
    seed?: (env: Record<string, string>) => Promise<void>;
  };
  const provisionP = import('./provision.ts') as Promise<Step>;
  const seedP = opts.seed ? (import('./seed.ts') as Promise<Step>) : Promise.resolve({} as Step);
  provisionP.catch(() => {});
  seedP.catch(() => {});
  try {
    const [{ startS3 }, { startSes }, { startSfn }, { startApi }] = await Promise.all([
      import('./s3.ts'),
      import('./ses.ts'),
      import('./sfn/service.ts'),
      import('./api-gateway.ts'),
    ]);
    step('modules loaded');
    const s3 = await startS3({ dataDir, port: ports.s3 ?? 0, gate });
    stops.push(s3.stop);
    let offset = 0;
    const now = opts.now ?? (opts.advancableClock ? () => Date.now() + offset : undefined);
    const advanceClock =
      !opts.now && opts.advancableClock
        ? (ms: number) => {
            offset += ms;
          }
        : undefined;
    const ses = await startSes({ dataDir, port: ports.ses ?? 0, now, gate });
    stops.push(ses.stop);
    let localSecrets: { arn: string; value: string }[] = [];
    const secrets = await (await import('./secrets.ts')).startSecrets({
      port: 0,
      gate,
      secrets: () => localSecrets,
    });
    stops.push(secrets.stop);
    const sfn = await startSfn({
      dataDir,
      port: ports.sfn ?? 0,
      resolver,
      now,
      log,
      advanceClock,
      gate,
      authorizeInvoke,
    });
    stops.push(sfn.stop);
    const api = await startApi({ dataDir, port: ports.api ?? 0, resolver });
    stops.push(api.stop);
    const { startLambdaApi } = await import('./lambda/api.ts');
    const lambdaApi = await startLambdaApi({
      port: ports.lambda ?? 0,
      runtime: async () => {
        await runtimeP;
        if (!runtime) throw new Error('no functions deployed');
        return runtime;
      },
    });
    stops.push(lambdaApi.stop);
    step('s3, ses, sfn, api listening');
    const ddb = await ddbP;
    await gate.ready;
    step('dynamodb ready');
    stops.splice(1, 0, ddb.stop); // stopped after the services, before the lock goes

    const endpoints: StackEndpoints = {
      dynamodb: ddb.endpoint,
      s3: s3.endpoint,
      sfn: sfn.endpoint,
      sesv2: ses.endpoint,
      api: api.endpoint,
      lambda: lambdaApi.endpoint,
    };
    const identity = await loadIdentity(dataDir, endpoints.api);
    const secret = linkSecret(dataDir);
    const assembly = await assemblyP;
    const { readDeployment } = await import('./assembly/template.ts');
    const deployment = readDeployment(assembly.dir, {
      region: REGION,
      account: ACCOUNT,
      apiEndpoint: endpoints.api,
      ...(identity
        ? {
            identity: {
              issuer: identity.env.AUTH_ISSUER as string,
              oauthUrl: identity.env.AUTH_OAUTH_URL as string,
              audience: identity.env.AUTH_AUDIENCE as string,
            },
          }
        : {}),
      secretValue: () => secret,
    });
    localSecrets = deployment.secrets.map((s) => ({ arn: s.arn, value: secret }));
    const table = deployment.tables[0];
    const documents = deployment.buckets.find((b) => b.name === 'ketnap-documents');
    if (!table || !documents) throw new Error('the cloud assembly has no table or no documents bucket');
    const smArn = (name: string) =>
      deployment.stateMachines.find((m) => m.name === name)?.arn ??
      `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
    // What the AWS network is to a function: every service's endpoint here (the standard variables)
    const serviceEnv: Record<string, string> = {
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SFN: endpoints.sfn,
      AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    };
    // each function calls the stand-ins as its own principal, tied to its role's synthesized policies; and each
    // state machine's role (KETNAP_IAM_ENFORCE=0 allows them everything, to tell a missing grant from a bug)
    const enforce = process.env.KETNAP_IAM_ENFORCE !== '0';
    for (const fn of deployment.functions) {
      const c = functionCredentials(secret, fn);
      gate.addPrincipal({
        name: fn.name,
        ...c,
        policies: enforce ? (fn.role.policies as PolicyDocument[]) : 'admin',
        roleName: fn.role.name,
        sessionName: fn.name,
      });
    }
    for (const { role, name } of [
      ...deployment.stateMachines,
      ...deployment.schedules.map((sc) => ({ role: sc.role, name: sc.name })),
    ]) {
      gate.addPrincipal({
        name: role.name,
        policies: enforce ? (role.policies as PolicyDocument[]) : 'admin',
        sessionName: name,
      });
    }
    invokers = {
      roles: new Map(
        [...deployment.stateMachines, ...deployment.schedules].map((x) => [x.role.arn, x.role.name]),
      ),
      functions: new Set(deployment.functions.map((f) => f.arn)),
    };
    const { LambdaRuntime } = await import('./lambda/runtime.ts');
    runtime = new LambdaRuntime({
      functions: deployment.functions,
      serviceEnv,
      credentials: (fn) => functionCredentials(secret, fn),
      localOverrides: identity?.env.OUTBOX_URL ? { OUTBOX_URL: identity.env.OUTBOX_URL } : {},
      logDir: join(dataDir, 'logs'),
      // REPORT lines always go to <dataDir>/logs/<function>.log; to the console too with KETNAP_LAMBDA_REPORTS=1
      ...(process.env.KETNAP_LAMBDA_REPORTS === '1' && opts.log ? { log: opts.log } : {}),
      ...(process.env.KETNAP_INSPECT ? { inspect: process.env.KETNAP_INSPECT } : {}),
      ...(fallback ? { fallback } : {}),
    });
    stops.push(() => runtime?.stop());
    runtimeReady();
    step(`functions deployed from the cloud assembly (${deployment.functions.length})`);

    // the test harness, the seed and the AWS CLI in tests: the account's admin
    const env: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...serviceEnv,
      AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
      TABLE_NAME: table.name,
      BUCKET_NAME: documents.name,
      ADMISSION_STATE_MACHINE_ARN: smArn('ketnap-admission'),
      PROBATION_STATE_MACHINE_ARN: smArn('ketnap-probation'),
      APP_BASE_URL: endpoints.api,
      MAIL_FROM: 'ketnap@localhost.localdomain',
      LINK_SECRET: secret,
      KETNAP_DATA_DIR: dataDir,
    };
    if (identity) {
      Object.assign(env, identity.env);
      api.hooks.push((req, res) => identity.handle(req, res));
    }
    if (opts.applyEnv ?? true) Object.assign(process.env, env);

    const { provision } = await provisionP;
    if (typeof provision !== 'function')
      throw new Error('infra/local/provision.ts must export provision(env)');
    await provision(env, deployment);
    step('provisioned');
    const runSeed = async () => {
      const { seed } = await seedP;
      if (typeof seed !== 'function') throw new Error('infra/local/seed.ts must export seed(env)');
      await seed(env);
      step('demo data loaded');
    };
    if (opts.seed === true) await runSeed();
    await sfn.resume();

    let cron: Cron | undefined;
    if (opts.cron) {
      const { schedulesOf, startCron } = await import('./cron.ts');
      cron = startCron({
        dataDir,
        resolver,
        schedules: opts.cron === true ? schedulesOf(deployment) : opts.cron,
        authorizeInvoke,
        now,
        log,
      });
      stops.push(() => cron?.stop());
      // the outbox page's "run the daily job now": through the scheduler, as at 07:00
      const c = cron;
      api.hooks.push(async (req, res) => {
        if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/outbox/run-daily') return false;
        const ran = await c.runNow();
        res.writeHead(303, { location: ran ? '/outbox?ran=1' : '/outbox' }).end();
        return true;
      });
    }
    let seeding: Promise<void> | undefined;
    if (opts.seed === 'background') {
      seeding = runSeed().catch((err: Error) => {
        if (!stopping) log(`[stack] demo data failed: ${err.name}: ${err.message}`);
      });
    }
    return {
      env,
      endpoints,
      dataDir,
      resolver,
      deployment,
      lambda: runtime,
      iam: gate,
      cron,
      sfn: { tick: () => sfn.tick() },
      seeding,
      stop: async () => {
        stopping = true;
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    await ddbP.then((d) => d.stop()).catch(() => {});
    throw err;
  }
}
