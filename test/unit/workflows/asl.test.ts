/**
 * The ASL the embedded stack runs (renderAsl) is the ASL the CDK stack deploys, and it keeps the rules the
 * embedded Step Functions service and the one-year limit need.
 */
import { existsSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  type Asl,
  CONTINUE_AFTER_DAYS,
  definitions,
  type MachineName,
  renderAsl,
  WAIT_TIMEOUT_DAYS,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunctions,
} from '../../../workflows/index.ts';

const MACHINES: MachineName[] = ['admission', 'probation'];

/** Deploy-shaped stack: real Lambda functions named ketnap-<name>, real StateMachine resources. */
function cloudDefinitions(region: string, account: string): Record<MachineName, Asl> {
  const stack = new Stack(new App(), 'ketnap-cloud-shape', { env: { region, account } });
  const fns = Object.fromEntries(
    WORKFLOW_FUNCTIONS.map((name) => [
      name,
      new lambda.Function(stack, `Fn-${name}`, {
        functionName: `ketnap-${name}`,
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('export const handler = async () => ({});'),
      }),
    ]),
  ) as unknown as WorkflowFunctions;
  for (const m of MACHINES) {
    new sfn.StateMachine(stack, `Machine-${m}`, {
      stateMachineName: `ketnap-${m}`,
      definitionBody: sfn.DefinitionBody.fromChainable(
        definitions[m](new Construct(stack, `Defs-${m}`), fns),
      ),
    });
  }
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const resources = template.Resources;
  const resolve = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if ('Ref' in o)
      return { 'AWS::Partition': 'aws', 'AWS::Region': region, 'AWS::AccountId': account }[
        o.Ref as string
      ] as string;
    if ('Fn::GetAtt' in o) {
      const [logicalId, attr] = o['Fn::GetAtt'] as [string, string];
      const fnName = resources[logicalId]?.Properties.FunctionName;
      expect(attr).toBe('Arn');
      return `arn:aws:lambda:${region}:${account}:function:${fnName}`;
    }
    throw new Error(`unexpected intrinsic ${JSON.stringify(o)}`);
  };
  const out = {} as Record<MachineName, Asl>;
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const name = String(r.Properties.StateMachineName).replace('ketnap-', '') as MachineName;
    out[name] = JSON.parse(resolve(r.Properties.DefinitionString));
  }
  return out;
}

const tasksOf = (asl: Asl) =>
  Object.entries(asl.States).filter(([, s]) => s.Type === 'Task') as [string, Record<string, unknown>][];
const isWait = (s: Record<string, unknown>) => String(s.Resource).endsWith('.waitForTaskToken');

describe('workflow ASL', () => {
  it('is the same for the embedded stack and the CDK stack', { timeout: 60_000 }, () => {
    const cloud = cloudDefinitions('ap-southeast-1', '000000000000');
    for (const m of MACHINES) expect(renderAsl(m)).toEqual(cloud[m]);
  });

  it('differs only by region and account in another environment', { timeout: 60_000 }, () => {
    const cloud = cloudDefinitions('eu-west-1', '123456789012');
    for (const m of MACHINES) {
      expect(renderAsl(m, { region: 'eu-west-1', account: '123456789012' })).toEqual(cloud[m]);
      expect(renderAsl(m)).not.toEqual(cloud[m]);
    }
  });

  it.each(MACHINES)('%s: JSONPath only, no Parallel, Map, JSONata or Assign', (m) => {
    const json = JSON.stringify(renderAsl(m));
    expect(json).not.toMatch(/"QueryLanguage"|"Assign"|"Arguments"|"Output"\s*:|\{%/);
    for (const s of Object.values(renderAsl(m).States)) expect(['Parallel', 'Map']).not.toContain(s.Type);
  });

  it.each(MACHINES)('%s: every task calls a ketnap-wf-* function that exists in functions/', (m) => {
    for (const [, s] of tasksOf(renderAsl(m))) {
      const arn = isWait(s) ? (s.Parameters as { FunctionName: string }).FunctionName : String(s.Resource);
      const match = /^arn:aws:lambda:ap-southeast-1:000000000000:function:ketnap-(wf-[a-z-]+)$/.exec(arn);
      expect(match, arn).not.toBeNull();
      expect(existsSync(new URL(`../../../functions/${match?.[1]}.ts`, import.meta.url))).toBe(true);
    }
  });

  it.each(MACHINES)('%s: every task retries with backoff and records its failure', (m) => {
    const asl = renderAsl(m);
    for (const [name, s] of tasksOf(asl)) {
      const retry = s.Retry as { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }[];
      expect(
        retry.some((r) => r.ErrorEquals.includes('States.TaskFailed') && (r.BackoffRate ?? 0) >= 2),
        name,
      ).toBe(true);
      const catches = (s.Catch ?? []) as { ErrorEquals: string[]; Next: string }[];
      if (name === 'RecordFailure') continue; // the failure recorder itself ends in Fail
      if (name.startsWith('Mail')) {
        // the secretary's mail of an outcome: a mail that keeps failing goes on to the next step
        expect(catches, name).toEqual([
          expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: s.Next, ResultPath: null }),
        ]);
        continue;
      }
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'RecordFailure'),
        name,
      ).toBe(true);
    }
  });

  it.each(MACHINES)(
    '%s: every human step waits for a token with a timeout that continues in a fresh execution',
    (m) => {
      const asl = renderAsl(m);
      const waits = tasksOf(asl).filter(([, s]) => isWait(s));
      expect(waits.length).toBeGreaterThanOrEqual(m === 'admission' ? 6 : 5);
      for (const [name, s] of waits) {
        const payload = (s.Parameters as { Payload: Record<string, unknown> }).Payload;
        expect(payload['token.$']).toBe('$$.Task.Token');
        const step = payload.step as keyof typeof WAIT_TIMEOUT_DAYS;
        expect(s.TimeoutSeconds, name).toBe(WAIT_TIMEOUT_DAYS[step] * 86_400);
        const catches = s.Catch as { ErrorEquals: string[]; Next: string }[];
        expect(catches[0]).toMatchObject({
          ErrorEquals: ['States.Timeout', 'Ketnap.ContinueAsNew'],
          Next: 'ContinueInFreshExecution',
        });
        // withdrawal is routed after every wait
        const choice = asl.States[s.Next as string] as { Choices: { StringEquals?: string; Next: string }[] };
        expect(choice.Choices.some((c) => c.StringEquals === 'withdrawn' && c.Next === 'Withdrawn')).toBe(
          true,
        );
        // a fresh execution can resume at this step
        const resume = asl.States['Resume?'] as {
          Choices: { And: { StringEquals?: string }[]; Next: string }[];
        };
        expect(resume.Choices.some((c) => c.Next === name && c.And[1]?.StringEquals === step)).toBe(true);
      }
    },
  );

  it.each(MACHINES)('%s: the committed ASL the embedded stack provisions from is up to date', async (m) => {
    const { localAsl } = await import('../../../workflows/asl/index.ts');
    // regenerate with `npx tsx workflows/write-asl.ts`
    expect(JSON.parse(localAsl(m, 'ap-southeast-1', '000000000000'))).toEqual(renderAsl(m));
    expect(localAsl(m, 'eu-west-1', '123456789012')).toBe(
      JSON.stringify(renderAsl(m, { region: 'eu-west-1', account: '123456789012' })),
    );
  });

  it('no execution outlives a year: the age limit plus the longest wait stays under 365 days', () => {
    expect(CONTINUE_AFTER_DAYS + Math.max(...Object.values(WAIT_TIMEOUT_DAYS))).toBeLessThan(365);
  });
});
