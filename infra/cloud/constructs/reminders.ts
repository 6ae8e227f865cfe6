import { type CfnElement, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface RemindersProps {
  /** The `ketnap-reminders` function. */
  readonly handler: IFunction;
}

/** The reminder job: every day at 07:00 in Vietnam (Asia/Ho_Chi_Minh), input `{ "time": <scheduled time> }`. */
export class Reminders extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const role = new Role(this, 'InvokeRole', {
      // only schedules of this account may use the role (no confused deputy)
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke ketnap-reminders',
    });
    this.schedule = new Schedule(this, 'Daily', {
      scheduleName: 'ketnap-reminders-daily',
      description: 'ketnap: remind before deadlines, escalate overdue steps',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '7', timeZone: TimeZone.ASIA_HO_CHI_MINH }),
      target: new LambdaInvoke(props.handler, {
        input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        role,
      }),
    });
    const fnLogicalId = Stack.of(this).getLogicalId(props.handler.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      reason:
        'The scheduler may invoke the reminders function and its versions (<ARN>:*): that one function only.',
    });
  }
}
