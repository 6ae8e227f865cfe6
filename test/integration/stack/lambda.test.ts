// The Lambda service of the embedded stack runs what `cdk deploy` uploads: each function from its own asset in
// the synthesized cloud assembly, in processes of its own, with only its template's environment, its timeout
// enforced and a REPORT line per invocation.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSEMBLY_DIR } from '../../../infra/local/assembly/synth.ts';
import { type LocalFunction, readDeployment } from '../../../infra/local/assembly/template.ts';
import { ACCOUNT, REGION } from '../../../infra/local/functions.ts';
import { LambdaRuntime } from '../../../infra/local/lambda/runtime.ts';
import { expectDenial } from '../../helpers/iam.ts';
import { useStack } from '../../helpers/stack.ts';

const { endpoints, dataDir } = useStack();
const deployment = readDeployment(ASSEMBLY_DIR, {
  region: REGION,
  account: ACCOUNT,
  apiEndpoint: endpoints.api,
  secretValue: () => 'x',
});

async function invoke(name: string, event: unknown) {
  const res = await fetch(`${endpoints.lambda}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  return { status: res.status, error: res.headers.get('x-amz-function-error'), body: await res.json() };
}

describe('the deployed functions', () => {
  it('are six, each with its own asset from the cloud assembly', () => {
    const names = deployment.functions.map((f) => f.name).sort();
    expect(names).toEqual([
      'ketnap-api',
      'ketnap-reminders',
      'ketnap-wf-await',
      'ketnap-wf-continue',
      'ketnap-wf-notify',
      'ketnap-wf-record',
    ]);
    const assets = new Set(deployment.functions.map((f) => f.assetDir));
    expect(assets.size).toBe(6);
    for (const f of deployment.functions) {
      expect(f.assetDir.startsWith(join(ASSEMBLY_DIR, 'asset.'))).toBe(true);
      expect(f.handler).toBe('index.handler');
    }
  });

  it('run through the Lambda API, and each invocation leaves a REPORT line in its log', async () => {
    const r = await invoke('ketnap-wf-record', { nonsense: true });
    expect(r.status).toBe(200);
    expect(r.error).toBe('Unhandled');
    expect(r.body.errorType).toBe('Ketnap.Permanent');
    const log = readFileSync(join(dataDir, 'logs', 'ketnap-wf-record.log'), 'utf8');
    expect(log).toMatch(
      /REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB/,
    );
    const missing = await invoke('ketnap-no-such-function', {});
    expect(missing.status).toBe(404);
  });

  it('a function whose template lacks a variable it reads fails (no default stands in for it)', async () => {
    const fn = deployment.functions.find((f) => f.name === 'ketnap-wf-record') as LocalFunction;
    const { TABLE_NAME: _dropped, ...environment } = fn.environment;
    const logDir = mkdtempSync(join(tmpdir(), 'ketnap-lambda-'));
    const rt = new LambdaRuntime({
      functions: [{ ...fn, environment }],
      serviceEnv: { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb, AWS_REGION: REGION },
      credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
      logDir,
    });
    try {
      const event = { candidateId: 'c-none', event: 'workflowFailed', machine: 'admission' };
      await expect(rt.invoke(fn.name, event)).rejects.toMatchObject({
        name: 'ConfigError',
        message: expect.stringContaining('TABLE_NAME'),
      });
    } finally {
      await rt.stop();
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe("who may invoke: the caller's synthesized role", () => {
  it('a state machine whose role does not allow a function fails its task with the Lambda service refusal', async () => {
    const { SFNClient, CreateStateMachineCommand, StartExecutionCommand, DescribeExecutionCommand } =
      await import('@aws-sdk/client-sfn');
    // the scheduler's role may invoke the reminders function only: a machine running as it may not invoke wf-record
    const schedule = deployment.schedules[0];
    const target = deployment.functions.find((f) => f.name === 'ketnap-wf-record') as LocalFunction;
    expect(schedule).toBeDefined();
    expectDenial({
      principal: schedule?.role.name as string,
      action: 'lambda:InvokeFunction',
      resource: target.arn,
    });
    const sfn = new SFNClient({
      region: REGION,
      endpoint: endpoints.sfn,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `not-allowed-${Date.now()}`,
        roleArn: schedule?.role.arn,
        definition: JSON.stringify({
          StartAt: 'Record',
          States: { Record: { Type: 'Task', Resource: target.arn, End: true } },
        }),
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    let status = 'RUNNING';
    let d: { status?: string; error?: string; cause?: string } = {};
    for (let i = 0; i < 100 && status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      status = d.status ?? 'RUNNING';
    }
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('Lambda.AWSLambdaException');
    expect(d.cause).toContain('is not authorized to perform: lambda:InvokeFunction');
    // and nothing ran: the function's log has no invocation of this request
    sfn.destroy();
  });
});

describe('execution environments', () => {
  let root: string;
  let rt: LambdaRuntime;
  const fixture = (name: string, code: string, over: Partial<LocalFunction> = {}): LocalFunction => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mjs'), code);
    return {
      logicalId: name,
      name,
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
      assetDir: dir,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      memoryMb: 256,
      timeoutS: 5,
      environment: { GIVEN: 'yes' },
      role: { logicalId: 'R', name: 'R', arn: `arn:aws:iam::${ACCOUNT}:role/R`, policies: [] },
      ...over,
    };
  };
  const reports: { functionName: string; requestId: string; initMs?: number; status: string }[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ketnap-fx-'));
    const counter = `let n = 0; export const handler = async (e, c) => ({ n: ++n, pid: process.pid, id: c.awsRequestId });`;
    rt = new LambdaRuntime({
      functions: [
        fixture('fx-env', `export const handler = async () => Object.keys(process.env).sort();`),
        fixture('fx-count-a', counter),
        fixture('fx-count-b', counter),
        fixture('fx-slow', `export const handler = () => new Promise((r) => setTimeout(r, 10_000));`, {
          timeoutS: 1,
        }),
        fixture('fx-exit', `export const handler = async () => { process.exit(3); };`),
      ],
      serviceEnv: { AWS_REGION: REGION, AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb },
      credentials: (f) => ({ accessKeyId: `KEY-${f.name}`, secretAccessKey: 'secret' }),
      logDir: join(root, 'logs'),
      maxConcurrency: 2,
    });
    rt.onReport((r) => reports.push(r));
  });
  afterAll(async () => {
    await rt.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("get Lambda's variables, the endpoints, their own credentials and their template's, nothing of the host", async () => {
    process.env.KETNAP_HOST_ONLY = 'leak?';
    const keys = (await rt.invoke('fx-env', {})) as string[];
    expect(keys).toContain('GIVEN');
    expect(keys).toContain('AWS_LAMBDA_FUNCTION_NAME');
    expect(keys).toContain('AWS_ACCESS_KEY_ID');
    for (const k of ['KETNAP_HOST_ONLY', 'HOME', 'TABLE_NAME', 'VITEST', 'NODE_OPTIONS'])
      expect(keys).not.toContain(k);
  });

  it('are reused while warm, one module state per environment, never shared between functions', async () => {
    type Count = { n: number; pid: number; id: string };
    const a1 = (await rt.invoke('fx-count-a', {})) as Count;
    const a2 = (await rt.invoke('fx-count-a', {})) as Count;
    const b1 = (await rt.invoke('fx-count-b', {})) as Count;
    expect(a2).toMatchObject({ n: a1.n + 1, pid: a1.pid });
    expect(b1.n).toBe(1);
    expect(b1.pid).not.toBe(a1.pid);
    const mine = reports.filter((r) => r.functionName === 'fx-count-a');
    expect(mine[0]?.initMs).toBeGreaterThan(0); // a cold start reports its Init Duration
    expect(mine[1]?.initMs).toBeUndefined(); // a warm one does not
    // the context's request id is the REPORT line's (what the functions' log lines carry)
    expect([a1.id, a2.id]).toEqual([mine[0]?.requestId, mine[1]?.requestId]);
  });

  it('enforce the timeout: the invocation fails as Lambda says, and the environment is not reused', async () => {
    await expect(rt.invoke('fx-slow', {})).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
      message: 'Task timed out after 1.00 seconds',
    });
    expect(reports.at(-1)).toMatchObject({ functionName: 'fx-slow', status: 'timeout' });
    const log = readFileSync(join(root, 'logs', 'fx-slow.log'), 'utf8');
    expect(log).toMatch(/Status: timeout/);
  });

  it('a runtime that exits fails its invocation, and the next one starts a new environment', async () => {
    await expect(rt.invoke('fx-exit', {})).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    await expect(rt.invoke('fx-exit', {})).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    expect(reports.filter((r) => r.functionName === 'fx-exit' && r.initMs !== undefined)).toHaveLength(2);
  });
});
