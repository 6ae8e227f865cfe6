// The workflows: both state machines are Standard, log every event (without execution data: it carries
// names) to their own log groups, are traced, have alarms on failed and timed-out executions, and run the
// very ASL the embedded stack runs (workflows/render.ts), function ARNs aside.
import { describe, expect, it } from 'vitest';
import { localAsl } from '../../workflows/asl/index.ts';
import { renderAsl } from '../../workflows/index.ts';
import { render } from './support/iam.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { type Json, resourcesOf, synthesized } from './support/template.ts';

const { json, template } = synthesized();
const env = { account: TEST_CONFIG.account as string, region: TEST_CONFIG.region };
const machines = Object.fromEntries(
  resourcesOf(json, 'AWS::StepFunctions::StateMachine').map(([id, r]) => [
    r.Properties.StateMachineName,
    { id, r },
  ]),
) as Record<string, { id: string; r: Json }>;

/** function logical id → the ARN it will have (`ketnap-<name>` in the account and region) */
const functionArns: Record<string, string> = Object.fromEntries(
  resourcesOf(json, 'AWS::Lambda::Function').map(([id, r]) => [
    id,
    `arn:aws:lambda:${env.region}:${env.account}:function:${r.Properties.FunctionName}`,
  ]),
);

function cloudAsl(name: string): unknown {
  const def = machines[name]?.r.Properties.DefinitionString;
  const text = render(def, {}, env).replace(/<([A-Za-z0-9-]+)>/g, (m, id: string) => functionArns[id] ?? m);
  expect(text).not.toMatch(/<[A-Za-z0-9-]+>/);
  return JSON.parse(text);
}

describe.each(['admission', 'probation'] as const)('the %s state machine', (name) => {
  const sm = () => machines[`ketnap-${name}`] as { id: string; r: Json };

  it('is a Standard state machine named ketnap-%s', () => {
    expect(sm()).toBeDefined();
    expect(sm().r.Properties.StateMachineType).toBe('STANDARD');
  });

  it('runs the same ASL as the embedded stack (function ARNs aside)', () => {
    // what infra/local/provision.ts gives the embedded Step Functions service, re-targeted to this account
    const local = JSON.parse(localAsl(name, env.region, env.account));
    expect(cloudAsl(`ketnap-${name}`)).toEqual(local);
    // the real definitions (workflows/), not a stand-in
    expect(local).toEqual(renderAsl(name, env));
    expect(Object.keys(local.States).length).toBeGreaterThan(10);
  });

  it('logs every event to its own log group, without execution data', () => {
    const logging = sm().r.Properties.LoggingConfiguration;
    expect(logging.Level).toBe('ALL');
    expect(logging.IncludeExecutionData).toBe(false);
    const groupId = logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(json.Resources[groupId].Properties.LogGroupName).toBe(`/aws/vendedlogs/states/ketnap-${name}`);
    expect(json.Resources[groupId].Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('is traced with X-Ray', () => {
    expect(sm().r.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it.each([
    ['ExecutionsFailed', 'failed'],
    ['ExecutionsTimedOut', 'timed-out'],
  ])('raises an alarm on %s to the alarm topic', (metric, suffix) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `ketnap-${name}-executions-${suffix}`,
      MetricName: metric,
      Namespace: 'AWS/States',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: sm().id } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: resourcesOf(json, 'AWS::SNS::Topic')[0]?.[0] }],
    });
  });
});

describe('alarm topic', () => {
  it('is encrypted, TLS-only, and mails the configured address', () => {
    const [[topicId, topic]] = resourcesOf(json, 'AWS::SNS::Topic') as [[string, Json]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: TEST_CONFIG.alarmEmail,
      TopicArn: { Ref: topicId },
    });
  });
});
