import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type Policy, type Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  DefinitionBody,
  type IChainable,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LOG_RETENTION } from './observability.ts';

/** The two workflows of a candidate (one execution each: a Standard execution lives at
 * most a year, so admission and probation do not share one). */
export const WORKFLOW_NAMES = ['admission', 'probation'] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

export interface WorkflowsProps {
  /**
   * The chain of each state machine, built by `workflows/` from the functions it invokes. Each builder gets its
   * own scope (state ids repeat between the machines).
   */
  readonly definitions: Record<WorkflowName, (scope: Construct) => IChainable>;
  /** E-mail that receives the alarms (optional; the topic exists either way). */
  readonly alarmEmail?: string;
}

/**
 * Both state machines: Standard (a human step waits days), every event logged to its own log group without
 * execution data (the input carries names), X-Ray tracing, and alarms on failed and timed-out executions.
 */
export class Workflows extends Construct {
  readonly stateMachines: Record<WorkflowName, StateMachine>;
  readonly alarms: Alarm[] = [];
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'ketnap alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'ketnap alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic with the key.
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const machines = {} as Record<WorkflowName, StateMachine>;
    for (const name of WORKFLOW_NAMES) {
      const logGroup = new LogGroup(this, `${cap(name)}Logs`, {
        logGroupName: `/aws/vendedlogs/states/ketnap-${name}`,
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const machine = new StateMachine(this, cap(name), {
        stateMachineName: `ketnap-${name}`,
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromChainable(
          props.definitions[name](new Construct(this, `${cap(name)}Def`)),
        ),
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
      });
      machines[name] = machine;
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing (xray:PutTraceSegments, GetSamplingRules, ...) and log delivery to CloudWatch Logs (logs:CreateLogDelivery, ...) support no resource-level permissions.',
      });
      for (const fnArn of lambdaArnsIn(machine)) {
        Validations.of(machine.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${fnArn}:*]`,
          reason:
            'Invoking a task function by its versions/aliases (<function ARN>:*) of that one function only.',
        });
      }
      for (const [metric, metricId] of [
        [machine.metricFailed({ period: Duration.minutes(5) }), 'Failed'],
        [machine.metricTimedOut({ period: Duration.minutes(5) }), 'TimedOut'],
      ] as const) {
        const alarm = new Alarm(this, `${cap(name)}${metricId}Alarm`, {
          alarmName: `ketnap-${name}-executions-${metricId === 'Failed' ? 'failed' : 'timed-out'}`,
          alarmDescription: `A ketnap ${name} execution ${metricId === 'Failed' ? 'failed' : 'timed out'}: look at the candidate's timeline.`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(new SnsAction(this.alarmTopic));
        this.alarms.push(alarm);
      }
    }
    this.stateMachines = machines;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `<LogicalId.Arn>` of every Lambda function the state machine's role may invoke (cdk-nag's finding format). */
function lambdaArnsIn(machine: StateMachine): string[] {
  const stack = Stack.of(machine);
  const doc = stack.resolve(
    (machine.role as Role).node.tryFindChild('DefaultPolicy')
      ? ((machine.role as Role).node.findChild('DefaultPolicy') as Policy).document
      : undefined,
  ) as { Statement?: { Resource?: unknown }[] } | undefined;
  const out = new Set<string>();
  for (const st of doc?.Statement ?? []) {
    const resources = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
    for (const r of resources) {
      const getAtt = (r as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
      if (getAtt) out.add(`<${getAtt[0]}.${getAtt[1]}>`);
    }
  }
  return [...out];
}
