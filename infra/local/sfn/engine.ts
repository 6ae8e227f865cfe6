// The local Step Functions engine's core: state machines, executions run on `aws-local-stepfunctions` from
// the copy of their definition made in asl.ts, their history and checkpoints in the journal, the resume of
// RUNNING executions after a restart, and the clock (execution timeouts, the one timer). Task and Wait
// states run in tasks.ts; the records are in records.ts.

import { join } from 'node:path';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import type { FunctionResolver } from '../functions.ts';
import { engineDefinition, indexStates, type Json, type StateIndex, taskNames } from './asl.ts';
import { TaskError } from './errors.ts';
import { Journal } from './journal.ts';
import type {
  ExecStatus,
  ExecutionRec,
  HistoryEvent,
  Rec,
  Run,
  StateMachineRec,
  TaskRec,
} from './records.ts';
import { MAX_TIMER_MS, newTaskToken, TaskRunner } from './tasks.ts';

export interface EngineOptions {
  dataDir: string;
  resolver: FunctionResolver;
  region: string;
  account: string;
  now?: () => number;
  log?: (line: string) => void;
  /**
   * Checks that the execution's role may invoke the function (lambda:InvokeFunction on its ARN); throws the
   * Lambda service's refusal otherwise. Absent: every invocation is allowed.
   */
  authorizeInvoke?: (roleArn: string, functionArn: string) => void;
}

export class SfnEngine {
  readonly stateMachines = new Map<string, StateMachineRec>();
  readonly executions = new Map<string, ExecutionRec>();
  readonly tasks = new Map<string, TaskRec>();
  private readonly runs = new Map<string, Run>();
  private readonly taskRunner: TaskRunner;
  private readonly journal: Journal<Rec>;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: EngineOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.journal = Journal.open<Rec>(join(opts.dataDir, 'sfn', 'journal.jsonl'));
    this.taskRunner = new TaskRunner({
      region: opts.region,
      account: opts.account,
      resolver: opts.resolver,
      authorizeInvoke: opts.authorizeInvoke,
      tasks: this.tasks,
      executions: this.executions,
      now: () => this.now(),
      closed: () => this.closed,
      record: (exec, type, details) => this.record(exec, type, details),
      journalTask: (task) => this.journal.append({ t: 'task', task }, true),
      wake: () => {
        this.arm();
        void this.tick();
      },
    });
    this.replay();
  }

  async init(): Promise<void> {
    await this.taskRunner.init();
  }

  private replay(): void {
    for (const r of this.journal.records) {
      switch (r.t) {
        case 'sm':
          this.stateMachines.set(r.sm.arn, r.sm);
          break;
        case 'start':
          this.executions.set(r.exec.arn, { ...r.exec, events: [] });
          break;
        case 'ev':
          this.executions.get(r.arn)?.events.push(r.ev);
          break;
        case 'ckpt': {
          const e = this.executions.get(r.arn);
          if (e) e.checkpoint = { state: r.state, input: r.input, seq: r.seq };
          break;
        }
        case 'task':
          this.tasks.set(r.task.token, r.task);
          break;
        case 'end': {
          const e = this.executions.get(r.arn);
          if (e)
            Object.assign(e, {
              status: r.status,
              stopDate: r.stopDate,
              output: r.output,
              error: r.error,
              cause: r.cause,
            });
          break;
        }
      }
    }
  }

  // -- ARNs ------------------------------------------------------------------------------------------------------

  smArn(name: string): string {
    return `arn:aws:states:${this.opts.region}:${this.opts.account}:stateMachine:${name}`;
  }

  execArn(smName: string, name: string): string {
    return `arn:aws:states:${this.opts.region}:${this.opts.account}:execution:${smName}:${name}`;
  }

  // -- state machines --------------------------------------------------------------------------------------------

  putStateMachine(sm: StateMachineRec): void {
    this.stateMachines.set(sm.arn, sm);
    this.journal.append({ t: 'sm', sm }, true);
  }

  // -- executions ------------------------------------------------------------------------------------------------

  private record(exec: ExecutionRec, type: string, details: Record<string, unknown> = {}): void {
    const prev = exec.events.at(-1);
    const ev: HistoryEvent = {
      id: exec.events.length + 1,
      previousEventId: prev?.id ?? 0,
      timestamp: this.now(),
      type,
      ...details,
    };
    exec.events.push(ev);
    this.journal.append({ t: 'ev', arn: exec.arn, ev });
  }

  startExecution(sm: StateMachineRec, name: string, input: string): ExecutionRec {
    const def = JSON.parse(sm.definition);
    const startDate = this.now();
    const exec: ExecutionRec = {
      arn: this.execArn(sm.name, name),
      smArn: sm.arn,
      name,
      input,
      definition: sm.definition,
      roleArn: sm.roleArn,
      status: 'RUNNING',
      startDate,
      due: typeof def.TimeoutSeconds === 'number' ? startDate + def.TimeoutSeconds * 1000 : undefined,
      events: [],
    };
    const { events: _e, checkpoint: _c, ...persisted } = exec;
    this.journal.append({ t: 'start', exec: persisted }, true);
    this.executions.set(exec.arn, exec);
    this.record(exec, 'ExecutionStarted', {
      executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: exec.roleArn },
    });
    this.launch(exec);
    this.arm();
    return exec;
  }

  /** Resume every RUNNING execution after a restart: waiting tasks wait again on the same token. */
  resumeAll(): void {
    for (const exec of this.executions.values()) {
      if (exec.status !== 'RUNNING' || this.runs.has(exec.arn)) continue;
      const cp = exec.checkpoint;
      // The task of the checkpointed top-level state, entered at that checkpoint (latest attempt), if any.
      let resumeTask: TaskRec | undefined;
      for (const task of this.tasks.values()) {
        if (
          cp &&
          task.execArn === exec.arn &&
          task.state === cp.state &&
          task.topState === cp.state &&
          task.ckptSeq === cp.seq &&
          task.status !== 'abandoned'
        ) {
          resumeTask = task;
        }
      }
      // Any other live task of this execution belongs to a state that will run again: its token dies.
      for (const task of this.tasks.values()) {
        if (
          task !== resumeTask &&
          task.execArn === exec.arn &&
          (task.status === 'invoking' || task.status === 'waiting')
        ) {
          this.taskRunner.setTask(task, { status: 'abandoned' });
        }
      }
      this.log(`[sfn] resuming ${exec.name} at ${cp?.state ?? '(start)'}`);
      this.launch(exec, cp?.state, cp ? cp.input : JSON.parse(exec.input), resumeTask);
    }
    this.arm();
  }

  private launch(exec: ExecutionRec, startAt?: string, input?: unknown, resumeTask?: TaskRec): void {
    const def = JSON.parse(exec.definition);
    const index = indexStates(def);
    const ctx = { startTime: new Date(exec.startDate).toISOString(), input: JSON.parse(exec.input) };
    const sm = new StateMachine(engineDefinition(def, ctx, startAt), {
      validationOptions: { noValidate: true },
    });
    let kill = () => {};
    const killed = new Promise<never>((_, reject) => {
      kill = () => reject(new TaskError('States.Runtime', 'Execution stopped'));
    });
    killed.catch(() => {});
    const run: Run = { abort: () => {}, killed, kill, resumeTask, entered: new Map() };
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const name of taskNames(def)) {
      handlers[name] = (taskInput) =>
        Promise.race([this.taskRunner.runTask(exec, run, name, index, taskInput), run.killed]);
    }
    const smName = this.stateMachines.get(exec.smArn)?.name ?? exec.smArn.split(':').pop();
    const taskCtx = {};
    Object.defineProperty(taskCtx, 'Token', {
      enumerable: true,
      get: () => {
        run.currentToken ??= run.resumeTask?.token ?? newTaskToken();
        return run.currentToken;
      },
    });
    const execution = sm.run(startAt ? input : JSON.parse(exec.input), {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: exec.arn, Name: exec.name, RoleArn: exec.roleArn },
        StateMachine: { Id: exec.smArn, Name: smName },
        Task: taskCtx,
      },
    });
    run.abort = () => {
      execution.abort();
      run.kill();
    };
    this.runs.set(exec.arn, run);

    const consume = (async () => {
      for await (const ev of execution.eventLogs as AsyncIterable<Json>) {
        if (ev.type === 'StateEntered') run.entered.set(ev.state.name, ev.state.input);
        this.onEngineEvent(exec, index, ev);
      }
    })();
    execution.result.then(
      async (output) => {
        await consume.catch(() => {});
        this.finish(exec, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      async (err: Error) => {
        await consume.catch(() => {});
        if (err instanceof ExecutionAbortedError || this.closed) return this.runs.delete(exec.arn);
        const cause = (err as { cause?: Error }).cause ?? err;
        this.finish(exec, 'FAILED', { error: cause.name, cause: cause.message });
      },
    );
  }

  private onEngineEvent(exec: ExecutionRec, index: StateIndex, ev: Json): void {
    if (this.closed || exec.status !== 'RUNNING') return;
    const type = (name: string) => index.states.get(name)?.Type ?? 'Task';
    switch (ev.type) {
      case 'StateEntered':
        if (index.topLevel.has(ev.state.name) && ev.index === undefined) {
          const seq = (exec.checkpoint?.seq ?? 0) + 1;
          exec.checkpoint = { state: ev.state.name, input: ev.state.input, seq };
          this.journal.append(
            { t: 'ckpt', arn: exec.arn, state: ev.state.name, input: ev.state.input, seq },
            true,
          );
        }
        this.record(exec, `${type(ev.state.name)}StateEntered`, {
          stateEnteredEventDetails: { name: ev.state.name, input: JSON.stringify(ev.state.input ?? null) },
        });
        break;
      case 'StateExited':
        this.record(exec, `${type(ev.state.name)}StateExited`, {
          stateExitedEventDetails: { name: ev.state.name, output: JSON.stringify(ev.state.output ?? null) },
        });
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${ev.type[0]?.toLowerCase()}${ev.type.slice(1)}EventDetails`;
        this.record(exec, ev.type, { [key]: { name: ev.parentState?.name, index: ev.index } });
        break;
      }
      default:
        break;
    }
  }

  private finish(
    exec: ExecutionRec,
    status: ExecStatus,
    r: { output?: string; error?: string; cause?: string },
  ): void {
    this.runs.delete(exec.arn);
    if (exec.status !== 'RUNNING' || this.closed) return;
    exec.status = status;
    exec.stopDate = this.now();
    Object.assign(exec, r);
    if (status === 'SUCCEEDED') {
      this.record(exec, 'ExecutionSucceeded', {
        executionSucceededEventDetails: { output: r.output, outputDetails: { truncated: false } },
      });
    } else if (status === 'FAILED') {
      this.record(exec, 'ExecutionFailed', {
        executionFailedEventDetails: { error: r.error, cause: r.cause },
      });
    } else if (status === 'ABORTED') {
      this.record(exec, 'ExecutionAborted', {
        executionAbortedEventDetails: { error: r.error, cause: r.cause },
      });
    } else if (status === 'TIMED_OUT') {
      this.record(exec, 'ExecutionTimedOut', {
        executionTimedOutEventDetails: { error: r.error, cause: r.cause },
      });
    }
    this.journal.append({ t: 'end', arn: exec.arn, status, stopDate: exec.stopDate, ...r }, true);
    this.taskRunner.abandonLive(exec.arn);
  }

  stopExecution(exec: ExecutionRec, error?: string, cause?: string): void {
    if (exec.status !== 'RUNNING') return;
    const run = this.runs.get(exec.arn);
    this.finish(exec, 'ABORTED', { error, cause });
    run?.abort();
  }

  // -- tasks -----------------------------------------------------------------------------------------------------

  /** Complete a callback task (SendTaskSuccess / SendTaskFailure). */
  completeTask(token: unknown, outcome: { output: string } | { error?: string; cause?: string }): void {
    this.taskRunner.completeTask(token, outcome);
  }

  heartbeat(token: unknown): void {
    this.taskRunner.heartbeat(token);
  }

  // -- time ------------------------------------------------------------------------------------------------------

  /** Fire everything due at the current clock: task timeouts, heartbeats, Wait wake-ups, execution timeouts. */
  async tick(): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    this.taskRunner.fireDue(now);
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && exec.due !== undefined && exec.due <= now) {
        const run = this.runs.get(exec.arn);
        this.finish(exec, 'TIMED_OUT', { error: 'States.Timeout', cause: 'Execution timed out' });
        run?.abort();
      }
    }
    this.arm();
  }

  /** Re-arm the single timer to the next due time, never longer than an hour (long timers live in the store). */
  private arm(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    let next = this.taskRunner.nextDue();
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && exec.due !== undefined) next = Math.min(next, exec.due);
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, Math.min(next - this.now(), MAX_TIMER_MS));
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  /** Stop running (executions stay RUNNING in the journal and resume on the next start). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const run of this.runs.values()) run.abort();
    this.runs.clear();
    this.taskRunner.dropWaiters();
    this.journal.close();
  }
}
