/**
 * Building blocks shared by the two state machines. JSONPath only: no JSONata, no Assign, no Parallel/Map, so
 * the embedded Step Functions service (aws-local-stepfunctions) runs the very same ASL as AWS.
 *
 * State shape (the execution's input and every state's input):
 *   { candidateId, cellId, wf: { cursor, outcome?, round?, hasSubCommittee? }, resumeAt?, error? }
 * `wf` is replaced by the output of each human step (the app sends it with SendTaskSuccess); `wf.cursor` is
 * the number of human steps the candidate has completed, which makes every completion idempotent (see
 * shared/adapters/access-patterns.md).
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { CONTINUE_AFTER_DAYS, ERRORS } from './constants.ts';

/** The Lambda functions the workflows invoke (`ketnap-<name>` = `functions/<name>.ts`). */
export const WORKFLOW_FUNCTIONS = ['wf-await', 'wf-notify', 'wf-continue', 'wf-record'] as const;
export type WorkflowFunctionName = (typeof WORKFLOW_FUNCTIONS)[number];
export type WorkflowFunctions = Record<WorkflowFunctionName, IFunction>;

export type MachineName = 'admission' | 'probation';

// run-time constants live in a CDK-free module (the task functions import them)
export { CONTINUE_AFTER_DAYS, ERRORS };

/**
 * How long a human step may wait before the execution hands the stage over to a fresh execution. These are
 * not the domain's deadlines (those live in the rulesets and drive the reminders); they only bound the life of
 * one execution. With the age check in wf-await (CONTINUE_AFTER_DAYS) no execution lives beyond a year.
 */
export const WAIT_TIMEOUT_DAYS = {
  course: 90,
  dossier: 90,
  cellVote: 90,
  appraisal: 60,
  decision: 90,
  ceremony: 45,
  biography: 45,
  newMemberCourse: 90,
  probationEnd: 90,
  recognition: 60,
  superior: 60,
} as const;
export type WaitStep = keyof typeof WAIT_TIMEOUT_DAYS;

const retryTransient: sfn.RetryProps = {
  errors: [sfn.Errors.TASKS_FAILED],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 4,
  maxDelay: Duration.seconds(30),
};
const noRetry: sfn.RetryProps = { errors: [ERRORS.permanent, ERRORS.continueAsNew], maxAttempts: 0 };

export class MachineBuilder {
  readonly withdrawn: sfn.Succeed;
  /** an outcome the state machine does not know: a bug, fail loudly */
  readonly unknownOutcome: sfn.Fail;
  /** records the failure on the candidate's timeline, then fails the execution */
  readonly failed: sfn.IChainable;
  /** hands the current stage to a fresh execution (a timeout or an old execution) */
  readonly continueFresh: sfn.IChainable;

  constructor(
    private readonly scope: Construct,
    readonly machine: MachineName,
    private readonly fns: WorkflowFunctions,
  ) {
    this.withdrawn = new sfn.Succeed(scope, 'Withdrawn', {
      comment: 'The candidate withdrew or was withdrawn.',
    });
    this.unknownOutcome = new sfn.Fail(scope, 'UnknownOutcome', {
      error: 'Ketnap.UnknownOutcome',
      cause: 'A step completed with an outcome the workflow does not know.',
    });

    const recordFailure = this.invoke(
      'RecordFailure',
      'wf-record',
      {
        candidateId: sfn.JsonPath.stringAt('$.candidateId'),
        event: 'workflowFailed',
        machine,
        error: sfn.JsonPath.stringAt('$.error.Error'),
      },
      { catchFailures: false },
    );
    this.failed = recordFailure.next(
      new sfn.Fail(scope, 'Failed', { error: 'Ketnap.WorkflowFailed', cause: 'Recorded on the timeline.' }),
    );

    const continueTask = this.invoke(
      'ContinueInFreshExecution',
      'wf-continue',
      {
        candidateId: sfn.JsonPath.stringAt('$.candidateId'),
        cellId: sfn.JsonPath.stringAt('$.cellId'),
        machine,
        reason: sfn.JsonPath.stringAt('$.error.Error'),
        cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      },
      { catchFailures: false },
    );
    continueTask.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    this.continueFresh = continueTask.next(
      new sfn.Succeed(scope, 'ContinuedInFreshExecution', {
        comment: 'The stage goes on in a new execution.',
      }),
    );
  }

  /** A task that touches a service: retried with backoff, failures recorded on the timeline. */
  invoke(
    id: string,
    fn: WorkflowFunctionName,
    payload: Record<string, unknown>,
    opts: { catchFailures?: boolean; resultPath?: string } = {},
  ): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: this.fns[fn],
      payload: sfn.TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: opts.resultPath ?? sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    });
    task.addRetry(noRetry).addRetry(retryTransient);
    if (opts.catchFailures !== false)
      task.addCatch(this.failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    return task;
  }

  /**
   * The secretary's mail of the committee's outcome, then `next`. Sent by the execution (retried with backoff,
   * and after a restart, since the step is journaled), once per secretary and step; a mail that still fails
   * never holds the candidate back: the journey goes on and the page's banner says the same.
   */
  notifyOutcome(id: string, next: sfn.IChainable): tasks.LambdaInvoke {
    const task = this.invoke(
      id,
      'wf-notify',
      {
        candidateId: sfn.JsonPath.stringAt('$.candidateId'),
        // read with the candidate in one BatchGetItem
        cellId: sfn.JsonPath.stringAt('$.cellId'),
        kind: 'outcome',
        cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
      },
      { catchFailures: false },
    );
    task.addCatch(next, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD });
    task.next(next);
    return task;
  }

  /**
   * A human step: wf-await stores the task token beside the candidate and the app completes it. Output:
   * `$.wf` = what the app sent. Times out into a fresh execution; withdrawal routes to `Withdrawn`.
   */
  wait(id: string, step: WaitStep): { task: tasks.LambdaInvoke; choice: sfn.Choice } {
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: this.fns['wf-await'],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        token: sfn.JsonPath.taskToken,
        candidateId: sfn.JsonPath.stringAt('$.candidateId'),
        machine: this.machine,
        step,
        cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      }),
      retryOnServiceExceptions: false,
      resultPath: '$.wf',
      taskTimeout: sfn.Timeout.duration(Duration.days(WAIT_TIMEOUT_DAYS[step])),
    });
    // States.TaskFailed (the transient retrier) never matches States.Timeout
    task.addRetry(noRetry).addRetry(retryTransient);
    task.addCatch(this.continueFresh, {
      errors: [sfn.Errors.TIMEOUT, ERRORS.continueAsNew],
      resultPath: '$.error',
    });
    task.addCatch(this.failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    const choice = new sfn.Choice(this.scope, `${id}?`).when(
      sfn.Condition.stringEquals('$.wf.outcome', 'withdrawn'),
      this.withdrawn,
    );
    task.next(choice);
    return { task, choice };
  }

  /** The start: resume at a given step (a fresh execution continuing a stage) or begin at `first`. */
  entry(resumable: Partial<Record<WaitStep, sfn.IChainable>>, first: sfn.IChainable): sfn.Choice {
    const entry = new sfn.Choice(this.scope, 'Resume?');
    for (const [step, target] of Object.entries(resumable)) {
      entry.when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.resumeAt'),
          sfn.Condition.stringEquals('$.resumeAt', step),
        ),
        target as sfn.IChainable,
      );
    }
    return entry.otherwise(first);
  }
}

export const outcomeIs = (outcome: string) => sfn.Condition.stringEquals('$.wf.outcome', outcome);
