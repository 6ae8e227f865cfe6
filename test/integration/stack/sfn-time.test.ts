import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionResolver } from '../../../infra/local/functions.ts';
import { type SfnService, startSfn } from '../../../infra/local/sfn/service.ts';

// The Step Functions service alone, on a clock the test moves: long timers must come from the persisted due
// times (the engine's own setTimeout fires at once beyond 24.8 days), also across a restart.
const DAY = 86_400_000;
const t0 = Date.parse('2026-01-05T00:00:00Z');
let now = t0;
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-sfn-time-'));
const invocations: { token: string }[] = [];
const resolver: FunctionResolver = async (name) =>
  name === 'ketnap-callback'
    ? async (event: { token: string }) => {
        invocations.push(event);
        return null;
      }
    : undefined;

let service: SfnService | undefined;
let client: SFNClient | undefined;
async function start(): Promise<SFNClient> {
  service = await startSfn({ dataDir, port: 0, resolver, now: () => now });
  await service.resume();
  client = new SFNClient({
    endpoint: service.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  return client;
}

afterAll(async () => {
  await service?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const status = async (sfn: SFNClient, executionArn: string) => {
  const end = Date.now() + 5000;
  let d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  while (d.status === 'RUNNING' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 30));
    d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  }
  return d;
};

describe('durable time in the local Step Functions', () => {
  it('a 40-day callback timeout and a 30-day Wait are honoured from persisted due times, across a restart', async () => {
    let sfn = await start();
    const callback = await sfn.send(
      new CreateStateMachineCommand({
        name: 'long-callback',
        roleArn: 'arn:aws:iam::000000000000:role/x',
        definition: JSON.stringify({
          StartAt: 'Vote',
          States: {
            Vote: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: 'ketnap-callback', Payload: { 'token.$': '$$.Task.Token' } },
              TimeoutSecondsPath: '$.timeout',
              Catch: [
                { ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' },
                { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Overdue' },
              ],
              End: true,
            },
            Wrong: { Type: 'Fail', Error: 'TaskFailedMatchedATimeout' },
            Overdue: { Type: 'Pass', End: true },
          },
        }),
      }),
    );
    const waiting = await sfn.send(
      new CreateStateMachineCommand({
        name: 'long-wait',
        roleArn: 'arn:aws:iam::000000000000:role/x',
        definition: JSON.stringify({
          StartAt: 'Probation',
          States: {
            Probation: { Type: 'Wait', Seconds: 30 * 86_400, Next: 'Done' },
            Done: {
              Type: 'Pass',
              Parameters: {
                result: 'official',
                'started.$': '$$.Execution.StartTime',
                'candidate.$': '$$.Execution.Input.candidate',
              },
              End: true,
            },
          },
        }),
      }),
    );
    const a = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: callback.stateMachineArn,
        input: JSON.stringify({ timeout: 40 * 86_400 }),
      }),
    );
    const b = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: waiting.stateMachineArn,
        input: JSON.stringify({ candidate: 'c-1' }),
      }),
    );
    const quick = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: callback.stateMachineArn,
        input: JSON.stringify({ timeout: 60 }),
      }),
    );
    for (let i = 0; i < 100 && invocations.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(invocations).toHaveLength(2);

    // Real time passes (a little): nothing fires early although 40 days > the 24.8-day timer limit.
    await new Promise((r) => setTimeout(r, 300));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: a.executionArn }))).status).toBe(
      'RUNNING',
    );

    now = t0 + 61_000;
    await service?.tick();
    const q = await status(sfn, quick.executionArn as string);
    expect(q.status).toBe('SUCCEEDED');
    expect(JSON.parse(q.output as string).error.Error).toBe('States.Timeout');

    now = t0 + 29 * DAY;
    await service?.tick();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: a.executionArn }))).status).toBe(
      'RUNNING',
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: b.executionArn }))).status).toBe(
      'RUNNING',
    );

    // Restart: both resume from the journal; the callback's Lambda is not invoked again.
    await service?.stop();
    now = t0 + 31 * DAY;
    sfn = await start();
    const bDone = await status(sfn, b.executionArn as string);
    // resumed at the Wait state: the context still has the execution's own start time and input
    expect(bDone.status).toBe('SUCCEEDED');
    expect(JSON.parse(bDone.output as string)).toEqual({
      result: 'official',
      started: new Date(t0).toISOString(),
      candidate: 'c-1',
    });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: a.executionArn }))).status).toBe(
      'RUNNING',
    );
    expect(invocations).toHaveLength(2);

    now = t0 + 40 * DAY + 1000;
    await service?.tick();
    const aDone = await status(sfn, a.executionArn as string);
    expect(aDone.status).toBe('SUCCEEDED');
    expect(JSON.parse(aDone.output as string).error.Error).toBe('States.Timeout');
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: a.executionArn }));
    expect(h.events?.some((e) => e.type === 'TaskTimedOut')).toBe(true);
    // The timed-out token is dead.
    const first = invocations[0] as { token: string };
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('HeartbeatSeconds: each SendTaskHeartbeat extends the deadline; silence ends in States.HeartbeatTimeout', async () => {
    const sfn = client ?? (await start());
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: 'heartbeat',
        roleArn: 'arn:aws:iam::000000000000:role/x',
        definition: JSON.stringify({
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: 'ketnap-callback', Payload: { 'token.$': '$$.Task.Token' } },
              HeartbeatSeconds: 60,
              TimeoutSeconds: 3600,
              End: true,
            },
          },
        }),
      }),
    );
    const before = invocations.length;
    const start0 = now;
    const e = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
    for (let i = 0; i < 100 && invocations.length === before; i++)
      await new Promise((r) => setTimeout(r, 20));
    const { token } = invocations.at(-1) as { token: string };
    now = start0 + 50_000;
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    now = start0 + 100_000; // 50 s after the heartbeat
    await service?.tick();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }))).status).toBe(
      'RUNNING',
    );
    now = start0 + 111_000; // 61 s of silence
    await service?.tick();
    expect(await status(sfn, e.executionArn as string)).toMatchObject({
      status: 'FAILED',
      error: 'States.HeartbeatTimeout',
    });
  });
});
