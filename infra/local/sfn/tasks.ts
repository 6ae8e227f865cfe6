// The task runner of the local Step Functions engine: runs each Task state (a Lambda invoked as the
// execution's role, its errors mapped as Lambda reports them, its timeout) and each Wait state, keeps the
// durable tasks (`.waitForTaskToken` callbacks and Wait wake-ups) and settles them on SendTask*, heartbeats,
// timeouts and wake-up times. Retry and Catch are the engine's, matched on the errors raised here.

import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { type FunctionResolver, functionNameOf, invokeFunction } from '../functions.ts';
import { type Json, readPath, type StateIndex } from './asl.ts';
import { SfnApiError, TaskError } from './errors.ts';
import type { ExecutionRec, Run, TaskRec } from './records.ts';

/** Longest a timer runs before it is re-armed (long due times live in the journal). */
export const MAX_TIMER_MS = 60 * 60 * 1000;
const TOKEN_RE = /^KTN1[A-Za-z0-9_-]{64}$/;

export function newTaskToken(): string {
  return `KTN1${randomBytes(48).toString('base64url')}`;
}

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_RE.test(token);
}

/** Obtain the engine's own States.Timeout error class (not exported), so States.TaskFailed does not match it. */
async function statesTimeoutErrorClass(): Promise<new () => Error> {
  const sm = new StateMachine(
    {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:x',
          TimeoutSeconds: 0.001,
          End: true,
        },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  try {
    await sm.run({}, { overrides: { taskResourceLocalHandlers: { T: () => new Promise(() => {}) } } }).result;
  } catch (err) {
    const cause = (err as { cause?: Error }).cause;
    if (cause?.name === 'States.Timeout') return cause.constructor as new () => Error;
  }
  return class extends TaskError {
    constructor() {
      super('States.Timeout', 'States.Timeout');
    }
  };
}

function lambdaErrorCause(err: unknown): TaskError {
  if (err instanceof TaskError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const errorType = e.name || 'Error';
  const cause = JSON.stringify({ errorType, errorMessage: e.message, trace: (e.stack ?? '').split('\n') });
  return new TaskError(errorType, cause);
}

interface Waiter {
  resolve(output: unknown): void;
  reject(err: Error): void;
}

/** What the task runner needs from the engine. */
export interface TaskHost {
  region: string;
  account: string;
  resolver: FunctionResolver;
  authorizeInvoke?: (roleArn: string, functionArn: string) => void;
  tasks: Map<string, TaskRec>;
  executions: Map<string, ExecutionRec>;
  now(): number;
  closed(): boolean;
  /** Appends an event to the execution's history. */
  record(exec: ExecutionRec, type: string, details?: Record<string, unknown>): void;
  /** Writes the task's record to the journal (fsync'ed). */
  journalTask(task: TaskRec): void;
  /** Re-arms the engine's timer and fires what is due (a task started waiting). */
  wake(): void;
}

export class TaskRunner {
  readonly tasks: Map<string, TaskRec>;
  private readonly waiters = new Map<string, Waiter>();
  private TimeoutError!: new () => Error;

  constructor(private readonly host: TaskHost) {
    this.tasks = host.tasks;
  }

  async init(): Promise<void> {
    this.TimeoutError = await statesTimeoutErrorClass();
  }

  setTask(task: TaskRec, patch: Partial<TaskRec>): void {
    Object.assign(task, patch);
    this.tasks.set(task.token, task);
    this.host.journalTask(task);
  }

  /** The handler behind every Task (and converted Wait) state of a run. */
  async runTask(
    exec: ExecutionRec,
    run: Run,
    name: string,
    index: StateIndex,
    input: unknown,
  ): Promise<unknown> {
    // Synchronous part: claim the token the Parameters just read (Task.Token getter).
    const token = run.currentToken;
    run.currentToken = undefined;
    const resumed = run.resumeTask && run.resumeTask.state === name ? run.resumeTask : undefined;
    if (resumed) run.resumeTask = undefined;
    // Let the engine's StateEntered event be recorded (checkpoint) before this task's own events.
    await new Promise((r) => setImmediate(r));
    if (exec.status !== 'RUNNING' || this.host.closed()) return run.killed;

    const sd = index.states.get(name) as Json;
    if (sd.Type === 'Wait') return this.runWait(exec, name, sd, input, resumed);

    const resource: string = sd.Resource ?? '';
    const callback = resource.endsWith('.waitForTaskToken');
    const integration =
      resource.startsWith('arn:aws:states:::lambda:invoke') ||
      /^arn:[^:]+:states:::lambda:invoke/.test(resource);
    const plainLambda = /^arn:[^:]+:lambda:/.test(resource);
    if (!integration && !plainLambda) {
      throw new TaskError(
        'States.Runtime',
        `Unsupported Task resource ${resource} (only Lambda tasks run locally)`,
      );
    }
    const params = input as Json;
    const fnRef = integration ? String(params?.FunctionName ?? '') : resource;
    const fn = functionNameOf(fnRef);
    const payload = integration ? params?.Payload : input;
    const shortResource = integration ? resource.replace(/^arn:[^:]+:states:::lambda:/, '') : undefined;
    // *SecondsPath read the state input (as on AWS); fall back to the effective input.
    const fromPath = (path: string) => {
      const raw = run.entered.get(name);
      try {
        return Number(readPath(path, raw === undefined ? input : raw));
      } catch {
        return Number(readPath(path, input));
      }
    };
    // a number given in the state, or read from the input by its path
    const seconds = (value: unknown, path: unknown): number | undefined =>
      typeof value === 'number' ? value : typeof path === 'string' && path ? fromPath(path) : undefined;
    const timeoutS = seconds(sd.TimeoutSeconds, sd.TimeoutSecondsPath);
    const heartbeatS = seconds(sd.HeartbeatSeconds, sd.HeartbeatSecondsPath);

    const ev = (
      kind: 'Scheduled' | 'Started' | 'Submitted' | 'Succeeded' | 'Failed' | 'TimedOut',
      extra: Json = {},
    ) => {
      if (integration) {
        const key = `task${kind}EventDetails`;
        const base: Json = { resourceType: 'lambda', resource: shortResource };
        if (kind === 'Scheduled')
          Object.assign(base, { region: this.host.region, parameters: JSON.stringify(input) });
        this.host.record(exec, `Task${kind}`, { [key]: { ...base, ...extra } });
      } else {
        const key = `lambdaFunction${kind}EventDetails`;
        const base: Json = kind === 'Scheduled' ? { resource, input: JSON.stringify(input) } : {};
        this.host.record(exec, `LambdaFunction${kind}`, { [key]: { ...base, ...extra } });
      }
    };

    if (!callback) {
      ev('Scheduled');
      ev('Started');
      try {
        const invoke = this.invoke(exec, fnRef, fn, payload);
        const result = timeoutS
          ? await this.withTimeout(invoke, this.host.now() + timeoutS * 1000)
          : await invoke;
        const output = integration
          ? {
              ExecutedVersion: '$LATEST',
              Payload: result ?? null,
              SdkHttpMetadata: { HttpStatusCode: 200 },
              SdkResponseMetadata: { RequestId: randomUUID() },
              StatusCode: 200,
            }
          : (result ?? null);
        ev('Succeeded', { output: JSON.stringify(output) });
        return output;
      } catch (err) {
        if (err instanceof this.TimeoutError) {
          ev('TimedOut', { error: 'States.Timeout', cause: 'Task timed out' });
          throw err;
        }
        const te = lambdaErrorCause(err);
        ev('Failed', { error: te.name, cause: te.message });
        throw te;
      }
    }

    // .waitForTaskToken: persist (write-ahead), invoke once, then wait durably on the same token.
    let task: TaskRec;
    if (resumed) {
      task = resumed;
    } else {
      task = {
        token: token ?? newTaskToken(),
        kind: 'callback',
        ...taskOf(exec, name, this.host.now()),
        status: 'invoking',
        due: timeoutS ? this.host.now() + timeoutS * 1000 : undefined,
        heartbeatSeconds: heartbeatS,
        heartbeatDue: heartbeatS ? this.host.now() + heartbeatS * 1000 : undefined,
      };
      ev('Scheduled');
      this.setTask(task, {});
      ev('Started');
    }
    if (task.status === 'invoking') {
      try {
        await this.invoke(exec, fnRef, fn, payload);
      } catch (err) {
        const te = lambdaErrorCause(err);
        if (task.status !== 'invoking') return this.settle(task);
        this.setTask(task, { status: 'failed', error: te.name, cause: te.message });
        ev('Failed', { error: te.name, cause: te.message });
        throw te;
      }
      if (task.status === 'invoking') {
        this.setTask(task, { status: 'waiting' });
        ev('Submitted', { output: JSON.stringify({ StatusCode: 202 }) });
      }
    }
    return this.settle(task);
  }

  /** Invokes a task's function as the execution's role (the state machine's role must allow it). */
  private async invoke(exec: ExecutionRec, fnRef: string, fn: string, payload: unknown): Promise<unknown> {
    if (this.host.authorizeInvoke) {
      const arn = fnRef.startsWith('arn:')
        ? fnRef.replace(/:(\$LATEST|\d+)$/, '')
        : `arn:aws:lambda:${this.host.region}:${this.host.account}:function:${fn}`;
      this.host.authorizeInvoke(exec.roleArn, arn);
    }
    return invokeFunction(this.host.resolver, fn, payload);
  }

  private async runWait(
    exec: ExecutionRec,
    name: string,
    sd: Json,
    input: unknown,
    resumed?: TaskRec,
  ): Promise<unknown> {
    let task = resumed;
    if (!task) {
      const now = this.host.now();
      let due: number;
      if (typeof sd.Seconds === 'number') due = now + sd.Seconds * 1000;
      else if (typeof sd.Timestamp === 'string') due = Date.parse(sd.Timestamp);
      else if (sd.SecondsPath) due = now + Number(readPath(sd.SecondsPath, input)) * 1000;
      else if (sd.TimestampPath) due = Date.parse(String(readPath(sd.TimestampPath, input)));
      else due = now;
      if (Number.isNaN(due)) throw new TaskError('States.Runtime', `Wait state ${name} has an invalid time`);
      task = {
        token: newTaskToken(),
        kind: 'wait',
        ...taskOf(exec, name, now),
        status: 'waiting',
        due,
        input,
      };
      this.setTask(task, {});
    }
    return this.settle(task);
  }

  /** Resolve a task from its persisted outcome, or wait for SendTask*, the timeout or the wake-up time. */
  private settle(task: TaskRec): Promise<unknown> {
    const outcome = this.outcome(task);
    if (outcome) return outcome;
    return new Promise((resolve, reject) => {
      this.waiters.set(task.token, { resolve, reject });
      this.host.wake();
    });
  }

  private outcome(task: TaskRec): Promise<unknown> | undefined {
    if (task.status === 'succeeded')
      return Promise.resolve(task.kind === 'wait' ? task.input : JSON.parse(task.output ?? 'null'));
    if (task.status === 'failed')
      return Promise.reject(new TaskError(task.error ?? 'States.TaskFailed', task.cause ?? ''));
    if (task.status === 'timedout') {
      if (task.error === 'States.HeartbeatTimeout')
        return Promise.reject(new TaskError('States.HeartbeatTimeout', task.cause ?? ''));
      return Promise.reject(new this.TimeoutError());
    }
    return undefined;
  }

  private withTimeout<T>(p: Promise<T>, due: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let t: NodeJS.Timeout | undefined;
      const arm = () => {
        const left = due - this.host.now();
        if (left <= 0) return reject(new this.TimeoutError());
        t = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      arm();
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });
  }

  /** Complete a callback task (SendTaskSuccess / SendTaskFailure). */
  completeTask(token: unknown, outcome: { output: string } | { error?: string; cause?: string }): void {
    const task = this.liveTask(token);
    const exec = this.host.executions.get(task.execArn);
    const wasInvoking = task.status === 'invoking';
    const ev = (type: string, details: Json) => exec && this.host.record(exec, type, details);
    if ('output' in outcome) {
      this.setTask(task, { status: 'succeeded', output: outcome.output });
      ev('TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          output: outcome.output,
        },
      });
    } else {
      this.setTask(task, {
        status: 'failed',
        error: outcome.error ?? 'States.TaskFailed',
        cause: outcome.cause ?? '',
      });
      ev('TaskFailed', {
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          error: outcome.error,
          cause: outcome.cause,
        },
      });
    }
    if (!wasInvoking) this.release(task);
  }

  heartbeat(token: unknown): void {
    const task = this.liveTask(token);
    if (task.heartbeatSeconds)
      this.setTask(task, { heartbeatDue: this.host.now() + task.heartbeatSeconds * 1000 });
  }

  private liveTask(token: unknown): TaskRec {
    if (!isWellFormedToken(token)) throw new SfnApiError('InvalidToken', 'Invalid Token');
    const task = this.tasks.get(token);
    if (task?.kind !== 'callback') throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
    const exec = this.host.executions.get(task.execArn);
    if ((task.status !== 'waiting' && task.status !== 'invoking') || exec?.status !== 'RUNNING') {
      throw new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return task;
  }

  private release(task: TaskRec): void {
    const w = this.waiters.get(task.token);
    if (!w) return;
    this.waiters.delete(task.token);
    const o = this.outcome(task);
    o?.then(w.resolve, w.reject);
  }

  /** Settle the waiting tasks due at `now`: Wait wake-ups, heartbeat and task timeouts. */
  fireDue(now: number): void {
    for (const task of this.tasks.values()) {
      if (task.status !== 'waiting' || !this.waiters.has(task.token)) continue;
      const exec = this.host.executions.get(task.execArn);
      if (task.kind === 'wait' && task.due !== undefined && task.due <= now) {
        this.setTask(task, { status: 'succeeded' });
        this.release(task);
      } else if (task.kind === 'callback' && task.heartbeatDue !== undefined && task.heartbeatDue <= now) {
        this.setTask(task, {
          status: 'timedout',
          error: 'States.HeartbeatTimeout',
          cause: 'Heartbeat timed out',
        });
        if (exec) {
          this.host.record(exec, 'TaskTimedOut', {
            taskTimedOutEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke.waitForTaskToken',
              error: 'States.HeartbeatTimeout',
            },
          });
        }
        this.release(task);
      } else if (task.kind === 'callback' && task.due !== undefined && task.due <= now) {
        this.setTask(task, { status: 'timedout', error: 'States.Timeout', cause: 'Task timed out' });
        if (exec) {
          this.host.record(exec, 'TaskTimedOut', {
            taskTimedOutEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke.waitForTaskToken',
              error: 'States.Timeout',
            },
          });
        }
        this.release(task);
      }
    }
  }

  /** The earliest due time of a waiting task (infinity when none). */
  nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.tasks.values()) {
      if (task.status !== 'waiting' || !this.waiters.has(task.token)) continue;
      if (task.due !== undefined) next = Math.min(next, task.due);
      if (task.heartbeatDue !== undefined) next = Math.min(next, task.heartbeatDue);
    }
    return next;
  }

  /** Abandon the live tasks of an execution that ended. */
  abandonLive(execArn: string): void {
    for (const task of this.tasks.values()) {
      if (task.execArn === execArn && (task.status === 'waiting' || task.status === 'invoking')) {
        this.setTask(task, { status: 'abandoned' });
        this.waiters.delete(task.token);
      }
    }
  }

  /** Forget every waiter (the engine is closing; the tasks stay in the journal). */
  dropWaiters(): void {
    this.waiters.clear();
  }
}

/** What every task record of an execution's state holds: where it stands, and the checkpoint it resumes from. */
function taskOf(exec: ExecutionRec, state: string, created: number) {
  return {
    execArn: exec.arn,
    state,
    topState: exec.checkpoint?.state,
    ckptSeq: exec.checkpoint?.seq,
    created,
  };
}
