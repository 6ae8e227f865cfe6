import { randomUUID } from 'node:crypto';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { advanceClock, useStack } from '../../helpers/stack.ts';

useStack();
const sfn = new SFNClient({});
const ddb = new DynamoDBClient({});
const fnArn = (name: string) => `arn:aws:lambda:ap-southeast-1:000000000000:function:ketnap-${name}`;

async function createSm(definition: object): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({
      name: `it-${randomUUID()}`,
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::000000000000:role/it',
    }),
  );
  return out.stateMachineArn as string;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (executionArn: string) =>
  until(
    () => sfn.send(new DescribeExecutionCommand({ executionArn })),
    (d: DescribeExecutionCommandOutput) => d.status !== 'RUNNING',
  );

async function tokens(key: string, count = 1): Promise<string[]> {
  const items = await until(
    async () =>
      (
        await ddb.send(
          new QueryCommand({
            TableName: 'ketnap',
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': { S: `FXTOKEN#${key}` } },
          }),
        )
      ).Items ?? [],
    (i) => i.length >= count,
  );
  return items.map((i) => i.token?.S as string);
}

const callbackDefinition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: fnArn('fx-register-token'),
        Payload: { 'key.$': '$.key', 'token.$': '$$.Task.Token' },
      },
      TimeoutSeconds: 3600,
      Catch: [{ ErrorEquals: ['Refused'], ResultPath: '$.refusal', Next: 'Refused' }],
      End: true,
    },
    Refused: { Type: 'Pass', Result: 'refused', ResultPath: '$.outcome', End: true },
  },
};

describe('local Step Functions through @aws-sdk/client-sfn', () => {
  it('runs Lambda tasks in-process: plain ARN (payloadResponseOnly) and lambda:invoke (Payload envelope)', async () => {
    const arn = await createSm({
      StartAt: 'Plain',
      States: {
        Plain: { Type: 'Task', Resource: fnArn('fx-echo'), ResultPath: '$.plain', Next: 'Invoke' },
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fnArn('fx-echo'), 'Payload.$': '$' },
          ResultPath: '$.invoke',
          End: true,
        },
      },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ a: 1 }) }),
    );
    const d = await finished(executionArn as string);
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output as string);
    expect(out.plain).toEqual({ a: 1, echoed: true });
    expect(out.invoke).toMatchObject({
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: { a: 1, plain: { a: 1, echoed: true }, echoed: true },
    });
  });

  it('Retry and Catch match the error name the handler threw; the history shows each failed attempt', async () => {
    const arn = await createSm({
      StartAt: 'Flaky',
      States: {
        Flaky: {
          Type: 'Task',
          Resource: fnArn('fx-fail'),
          Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 0, MaxAttempts: 3 }],
          Next: 'Broken',
        },
        Broken: {
          Type: 'Task',
          Resource: fnArn('fx-fail'),
          Parameters: { 'key.$': "States.Format('{}-b', $.key)", errorName: 'DossierIncomplete' },
          Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 0 }],
          Catch: [{ ErrorEquals: ['DossierIncomplete'], ResultPath: '$.error', Next: 'Recorded' }],
          End: true,
        },
        Recorded: { Type: 'Pass', End: true },
      },
    });
    const key = randomUUID();
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        input: JSON.stringify({ key, errorName: 'Throttled', failTimes: 2 }),
      }),
    );
    const d = await finished(executionArn as string);
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output as string);
    expect(out.error.Error).toBe('DossierIncomplete');
    expect(JSON.parse(out.error.Cause)).toMatchObject({
      errorType: 'DossierIncomplete',
      errorMessage: 'attempt 1 failed',
    });
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = (h.events ?? []).map((e) => e.type);
    expect(types.filter((t) => t === 'LambdaFunctionFailed')).toHaveLength(3); // 2 Throttled + 1 DossierIncomplete
    expect(types.filter((t) => t === 'LambdaFunctionSucceeded')).toHaveLength(1);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect((h.events ?? []).map((e) => e.id)).toEqual(types.map((_, i) => i + 1));
  });

  it('an uncaught Lambda error fails the execution with that error name', async () => {
    const arn = await createSm({
      StartAt: 'X',
      States: { X: { Type: 'Task', Resource: fnArn('fx-fail'), End: true } },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        input: JSON.stringify({ key: randomUUID(), errorName: 'QuorumNotReached' }),
      }),
    );
    const d = await finished(executionArn as string);
    expect(d).toMatchObject({ status: 'FAILED', error: 'QuorumNotReached' });
  });

  it('.waitForTaskToken: unique unguessable tokens, SendTaskSuccess resumes, a second one is TaskTimedOut', async () => {
    const arn = await createSm(callbackDefinition);
    const [k1, k2] = [randomUUID(), randomUUID()];
    const e1 = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ key: k1 }) }),
    );
    const e2 = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ key: k2 }) }),
    );
    const [t1] = await tokens(k1);
    const [t2] = await tokens(k2);
    expect(t1).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    expect(t1).not.toBe(t2);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: t1 }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: e1.executionArn }))).status).toBe(
      'RUNNING',
    );

    await sfn.send(new SendTaskSuccessCommand({ taskToken: t1, output: JSON.stringify({ approved: true }) }));
    const d1 = await finished(e1.executionArn as string);
    expect(d1.status).toBe('SUCCEEDED');
    expect(JSON.parse(d1.output as string)).toEqual({ approved: true });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: t1, output: '{}' }))).rejects.toMatchObject(
      { name: 'TaskTimedOut' },
    );

    await sfn.send(new SendTaskFailureCommand({ taskToken: t2, error: 'Refused', cause: 'thiếu hồ sơ' }));
    const d2 = await finished(e2.executionArn as string);
    expect(d2.status).toBe('SUCCEEDED');
    expect(JSON.parse(d2.output as string)).toMatchObject({
      outcome: 'refused',
      refusal: { Error: 'Refused', Cause: 'thiếu hồ sơ' },
    });
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken: t2, error: 'X' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('StopExecution aborts a waiting execution and kills its token', async () => {
    const arn = await createSm(callbackDefinition);
    const key = randomUUID();
    const e = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ key }) }),
    );
    const [token] = await tokens(key);
    await sfn.send(
      new StopExecutionCommand({
        executionArn: e.executionArn,
        error: 'Withdrawn',
        cause: 'candidate withdrew',
      }),
    );
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Withdrawn' });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }),
    );
    expect(running.executions).toEqual([]);
    const aborted = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions?.map((x) => x.executionArn)).toEqual([e.executionArn]);
  });

  it('AWS error names: InvalidToken, ExecutionAlreadyExists, ExecutionDoesNotExist, StateMachineDoesNotExist, InvalidDefinition', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken: 'x'.repeat(70) }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: '' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });

    const arn = await createSm(callbackDefinition);
    const name = `dossier-${randomUUID()}`;
    const input = JSON.stringify({ key: randomUUID() });
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input }));
    // same name and input while running: idempotent, as on AWS
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input }));
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name, input: JSON.stringify({ key: 'other' }) }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input })),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });

    const unknownExec = 'arn:aws:states:ap-southeast-1:000000000000:execution:nope:nope';
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: unknownExec }))).rejects.toMatchObject(
      { name: 'ExecutionDoesNotExist' },
    );
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: unknownExec })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new StopExecutionCommand({ executionArn: unknownExec }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    const unknownSm = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:nope';
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: unknownSm }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: unknownSm })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: `bad-${randomUUID()}`,
          definition: JSON.stringify({ StartAt: 'Missing', States: {} }),
          roleArn: 'arn:aws:iam::000000000000:role/x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });

  it('state machines: describe, update (running executions keep their definition), list, delete', async () => {
    const arn = await createSm(callbackDefinition);
    const key = randomUUID();
    const e = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ key }) }),
    );
    const [token] = await tokens(key);
    const newDef = { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'v2', End: true } } };
    await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(newDef) }),
    );
    expect(
      JSON.parse(
        (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition as string,
      ),
    ).toEqual(newDef);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"v":1}' }));
    expect((await finished(e.executionArn as string)).output).toBe('{"v":1}');
    const v2 = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect((await finished(v2.executionArn as string)).output).toBe('"v2"');
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.some((s) => s.stateMachineArn === arn)).toBe(true);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('advanceClock moves the shared stack clock: a callback task times out into its States.Timeout catcher', async () => {
    const arn = await createSm({
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: fnArn('fx-register-token'),
            Payload: { 'key.$': '$.key', 'token.$': '$$.Task.Token' },
          },
          TimeoutSeconds: 120,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Late' }],
          End: true,
        },
        Late: { Type: 'Pass', End: true },
      },
    });
    const key = randomUUID();
    const e = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ key }) }),
    );
    await tokens(key);
    const before = Date.now();
    await advanceClock(60);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }))).status).toBe(
      'RUNNING',
    );
    const stackNow = await advanceClock(61);
    expect(stackNow.getTime()).toBeGreaterThanOrEqual(before + 121_000);
    const d = await finished(e.executionArn as string);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string).timeout.Error).toBe('States.Timeout');
  });
});
