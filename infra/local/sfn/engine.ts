import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import { type FunctionResolver, functionNameOf, invokeFunction } from '../functions.ts';
import { SfnApiError, TaskError } from './errors.ts';
import { Journal } from './journal.ts';

// ---------------------------------------------------------------------------------------------------------------
// Records (in memory and in the journal)

export interface StateMachineRec {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  creationDate: number;
  updateDate?: number;
  deleted?: boolean;
}

export type ExecStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface ExecutionRec {
  arn: string;
  smArn: string;
  name: string;
  input: string;
  /** The definition the execution started with (a running execution keeps it, as on AWS). */
  definition: string;
  roleArn: string;
  status: ExecStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Due time of the definition's top-level TimeoutSeconds. */
  due?: number;
  /** Last top-level state entered, with its raw input: where a restart resumes. */
  checkpoint?: { state: string; input: unknown; seq: number };
  events: HistoryEvent[];
}

export type TaskStatus = 'invoking' | 'waiting' | 'succeeded' | 'failed' | 'timedout' | 'abandoned';

/** A task that waits durably: a `.waitForTaskToken` callback or a Wait state. */
export interface TaskRec {
  token: string;
  kind: 'callback' | 'wait';
  execArn: string;
  state: string;
  /** The top-level state entered when the task started (equal to `state` unless nested in Parallel/Map)... */
  topState?: string;
  /** ...and the sequence number of that checkpoint (a state entered twice has two). */
  ckptSeq?: number;
  status: TaskStatus;
  created: number;
  due?: number;
  heartbeatDue?: number;
  heartbeatSeconds?: number;
  /** The task's effective input (a Wait state's output). */
  input?: unknown;
  output?: string;
  error?: string;
  cause?: string;
}

type Rec =
  | { t: 'sm'; sm: StateMachineRec }
  | { t: 'start'; exec: Omit<ExecutionRec, 'events' | 'checkpoint'> }
  | { t: 'ev'; arn: string; ev: HistoryEvent }
  | { t: 'ckpt'; arn: string; state: string; input: unknown; seq: number }
  | { t: 'task'; task: TaskRec }
  | {
      t: 'end';
      arn: string;
      status: ExecStatus;
      stopDate: number;
      output?: string;
      error?: string;
      cause?: string;
    };

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Longest timer Node honours (2^31-1 ms); anything longer fires at once, so timers are re-armed. */
const MAX_ENGINE_TIMEOUT_S = 2_147_483;
const MAX_TIMER_MS = 60 * 60 * 1000;
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::ketnap.local:wait';
const TOKEN_RE = /^KTN1[A-Za-z0-9_-]{64}$/;

export function newTaskToken(): string {
  return `KTN1${randomBytes(48).toString('base64url')}`;
}

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_RE.test(token);
}

// biome-ignore lint/suspicious/noExplicitAny: ASL is untyped JSON
type Json = any;

/** Tiny JSONPath reader for `$`, `$.a.b`, `$.a[0]`, `$['a']` (what TimeoutSecondsPath / SecondsPath use). */
export function readPath(path: string, data: Json): Json {
  if (!path.startsWith('$')) throw new TaskError('States.Runtime', `Invalid path ${path}`);
  const parts = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g)];
  let cur = data;
  for (const m of parts) {
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? ''));
    if (cur === null || typeof cur !== 'object' || !(key in cur)) {
      throw new TaskError('States.Runtime', `The JSONPath ${path} could not be found in the input`);
    }
    cur = cur[key as string];
  }
  return cur;
}

interface StateIndex {
  /** Original definitions of every state (top-level and nested), by name. */
  states: Map<string, Json>;
  topLevel: Set<string>;
}

function indexStates(def: Json): StateIndex {
  const states = new Map<string, Json>();
  const visit = (d: Json) => {
    for (const [name, s] of Object.entries<Json>(d.States ?? {})) {
      if (!states.has(name)) states.set(name, s);
      for (const b of s.Branches ?? []) visit(b);
      if (s.Iterator) visit(s.Iterator);
      if (s.ItemProcessor) visit(s.ItemProcessor);
    }
  };
  visit(def);
  return { states, topLevel: new Set(Object.keys(def.States ?? {})) };
}

/**
 * The engine sets `$$.Execution.StartTime` to the time it is called and `$$.Execution.Input` to the input it is
 * given, both wrong for a resumed run (a copy started at a later state). Payload templates that read them get
 * the execution's real values as literals instead.
 */
function bindExecutionContext(node: Json, ctx: { startTime: string; input: unknown }): void {
  if (Array.isArray(node)) {
    for (const n of node) bindExecutionContext(n, ctx);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (key.endsWith('.$') && typeof value === 'string') {
      const plain = key.slice(0, -2);
      if (value === '$$.Execution.StartTime') {
        delete node[key];
        node[plain] = ctx.startTime;
      } else if (
        value === '$$.Execution.Input' ||
        value.startsWith('$$.Execution.Input.') ||
        value.startsWith('$$.Execution.Input[')
      ) {
        try {
          const literal = readPath(`$${value.slice('$$.Execution.Input'.length)}`, ctx.input);
          delete node[key];
          node[plain] = literal;
        } catch {
          // a missing field stays a path: the engine reports it as on AWS
        }
      } else if (value.startsWith('States.') && value.includes('$$.Execution.StartTime')) {
        node[key] = value.replaceAll('$$.Execution.StartTime', `'${ctx.startTime}'`);
      }
    } else {
      bindExecutionContext(value, ctx);
    }
  }
}

/**
 * The copy of a definition the engine runs: our own timeouts replace the engine's (60 s default, timers over
 * 24.8 days firing at once), Wait states become Tasks we run durably, `StartAt` may point to a resume state,
 * and `$$.Execution.StartTime` / `$$.Execution.Input` keep the execution's real values.
 */
function engineDefinition(def: Json, ctx: { startTime: string; input: unknown }, startAt?: string): Json {
  const copy = structuredClone(def);
  bindExecutionContext(copy.States, ctx);
  delete copy.TimeoutSeconds;
  if (startAt) copy.StartAt = startAt;
  const visit = (d: Json) => {
    for (const [name, s] of Object.entries<Json>(d.States ?? {})) {
      if (s.Type === 'Task') {
        s.TimeoutSeconds = MAX_ENGINE_TIMEOUT_S;
        delete s.TimeoutSecondsPath;
        delete s.HeartbeatSeconds;
        delete s.HeartbeatSecondsPath;
      } else if (s.Type === 'Wait') {
        const task: Json = {
          Type: 'Task',
          Resource: LOCAL_WAIT_RESOURCE,
          TimeoutSeconds: MAX_ENGINE_TIMEOUT_S,
        };
        for (const k of ['InputPath', 'OutputPath', 'Next', 'End', 'Comment']) if (k in s) task[k] = s[k];
        d.States[name] = task;
      }
      for (const b of s.Branches ?? []) visit(b);
      if (s.Iterator) visit(s.Iterator);
      if (s.ItemProcessor) visit(s.ItemProcessor);
    }
  };
  visit(copy);
  return copy;
}

function taskNames(def: Json): string[] {
  const out: string[] = [];
  const visit = (d: Json) => {
    for (const [name, s] of Object.entries<Json>(d.States ?? {})) {
      if (s.Type === 'Task' || s.Type === 'Wait') out.push(name);
      for (const b of s.Branches ?? []) visit(b);
      if (s.Iterator) visit(s.Iterator);
      if (s.ItemProcessor) visit(s.ItemProcessor);
    }
  };
  visit(def);
  return out;
}

const validated = new Set<string>();

/**
 * Validate a definition as the engine would (asl-validator), on the ORIGINAL definition. asl-validator compiles
 * its JSON schemas on every call (about 0.3-1 s), so definitions already found valid are remembered.
 */
export function validateDefinition(definition: string): void {
  if (validated.has(definition)) return;
  validateDefinitionUncached(definition);
  validated.add(definition);
}

function validateDefinitionUncached(definition: string): Json {
  let def: Json;
  try {
    def = JSON.parse(definition);
  } catch {
    throw new SfnApiError(
      'InvalidDefinition',
      'Invalid State Machine Definition: definition is not valid JSON',
    );
  }
  try {
    new StateMachine(def, { validationOptions: { checkArn: false, checkPaths: true } });
  } catch (err) {
    throw new SfnApiError('InvalidDefinition', `Invalid State Machine Definition: ${(err as Error).message}`);
  }
  if (def.QueryLanguage === 'JSONata') {
    throw new SfnApiError(
      'InvalidDefinition',
      'Invalid State Machine Definition: JSONata is not supported locally',
    );
  }
  return def;
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

// ---------------------------------------------------------------------------------------------------------------
// The service core

interface Run {
  abort(): void;
  /** Rejects when the run is aborted, so pending task handlers settle (and the engine clears its timers). */
  killed: Promise<never>;
  kill(): void;
  /** Token produced by the Task.Token getter and not yet claimed by a task handler. */
  currentToken?: string;
  /** Task record a resumed run starts in (the SAME token; the Lambda is not invoked again). */
  resumeTask?: TaskRec;
  /** Raw input of the states last entered (for *Path fields that read the state input). */
  entered: Map<string, unknown>;
}

interface Waiter {
  resolve(output: unknown): void;
  reject(err: Error): void;
}

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
  private readonly waiters = new Map<string, Waiter>();
  private readonly journal: Journal<Rec>;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private TimeoutError!: new () => Error;

  constructor(private readonly opts: EngineOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.journal = Journal.open<Rec>(join(opts.dataDir, 'sfn', 'journal.jsonl'));
    this.replay();
  }

  async init(): Promise<void> {
    this.TimeoutError = await statesTimeoutErrorClass();
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
          this.setTask(task, { status: 'abandoned' });
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
        Promise.race([this.runTask(exec, run, name, index, taskInput), run.killed]);
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
    for (const task of this.tasks.values()) {
      if (task.execArn === exec.arn && (task.status === 'waiting' || task.status === 'invoking')) {
        this.setTask(task, { status: 'abandoned' });
        this.waiters.delete(task.token);
      }
    }
  }

  stopExecution(exec: ExecutionRec, error?: string, cause?: string): void {
    if (exec.status !== 'RUNNING') return;
    const run = this.runs.get(exec.arn);
    this.finish(exec, 'ABORTED', { error, cause });
    run?.abort();
  }

  // -- tasks -----------------------------------------------------------------------------------------------------

  private setTask(task: TaskRec, patch: Partial<TaskRec>): void {
    Object.assign(task, patch);
    this.tasks.set(task.token, task);
    this.journal.append({ t: 'task', task }, true);
  }

  /** The handler behind every Task (and converted Wait) state of a run. */
  private async runTask(
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
    if (exec.status !== 'RUNNING' || this.closed) return run.killed;

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
    const timeoutS: number | undefined =
      typeof sd.TimeoutSeconds === 'number'
        ? sd.TimeoutSeconds
        : sd.TimeoutSecondsPath
          ? fromPath(sd.TimeoutSecondsPath)
          : undefined;
    const heartbeatS: number | undefined =
      typeof sd.HeartbeatSeconds === 'number'
        ? sd.HeartbeatSeconds
        : sd.HeartbeatSecondsPath
          ? fromPath(sd.HeartbeatSecondsPath)
          : undefined;

    const ev = (
      kind: 'Scheduled' | 'Started' | 'Submitted' | 'Succeeded' | 'Failed' | 'TimedOut',
      extra: Json = {},
    ) => {
      if (integration) {
        const key = `task${kind}EventDetails`;
        const base: Json = { resourceType: 'lambda', resource: shortResource };
        if (kind === 'Scheduled')
          Object.assign(base, { region: this.opts.region, parameters: JSON.stringify(input) });
        this.record(exec, `Task${kind}`, { [key]: { ...base, ...extra } });
      } else {
        const key = `lambdaFunction${kind}EventDetails`;
        const base: Json = kind === 'Scheduled' ? { resource, input: JSON.stringify(input) } : {};
        this.record(exec, `LambdaFunction${kind}`, { [key]: { ...base, ...extra } });
      }
    };

    if (!callback) {
      ev('Scheduled');
      ev('Started');
      try {
        const invoke = this.invoke(exec, fnRef, fn, payload);
        const result = timeoutS ? await this.withTimeout(invoke, this.now() + timeoutS * 1000) : await invoke;
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
        execArn: exec.arn,
        state: name,
        topState: exec.checkpoint?.state,
        ckptSeq: exec.checkpoint?.seq,
        status: 'invoking',
        created: this.now(),
        due: timeoutS ? this.now() + timeoutS * 1000 : undefined,
        heartbeatSeconds: heartbeatS,
        heartbeatDue: heartbeatS ? this.now() + heartbeatS * 1000 : undefined,
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
    if (this.opts.authorizeInvoke) {
      const arn = fnRef.startsWith('arn:')
        ? fnRef.replace(/:(\$LATEST|\d+)$/, '')
        : `arn:aws:lambda:${this.opts.region}:${this.opts.account}:function:${fn}`;
      this.opts.authorizeInvoke(exec.roleArn, arn);
    }
    return invokeFunction(this.opts.resolver, fn, payload);
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
      const now = this.now();
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
        execArn: exec.arn,
        state: name,
        topState: exec.checkpoint?.state,
        ckptSeq: exec.checkpoint?.seq,
        status: 'waiting',
        created: now,
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
      this.arm();
      void this.tick();
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
        const left = due - this.now();
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
    const exec = this.executions.get(task.execArn);
    const wasInvoking = task.status === 'invoking';
    const ev = (type: string, details: Json) => exec && this.record(exec, type, details);
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
      this.setTask(task, { heartbeatDue: this.now() + task.heartbeatSeconds * 1000 });
  }

  private liveTask(token: unknown): TaskRec {
    if (!isWellFormedToken(token)) throw new SfnApiError('InvalidToken', 'Invalid Token');
    const task = this.tasks.get(token);
    if (task?.kind !== 'callback') throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
    const exec = this.executions.get(task.execArn);
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

  // -- time ------------------------------------------------------------------------------------------------------

  /** Fire everything due at the current clock: task timeouts, heartbeats, Wait wake-ups, execution timeouts. */
  async tick(): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    for (const task of this.tasks.values()) {
      if (task.status !== 'waiting' || !this.waiters.has(task.token)) continue;
      const exec = this.executions.get(task.execArn);
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
          this.record(exec, 'TaskTimedOut', {
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
          this.record(exec, 'TaskTimedOut', {
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
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.tasks.values()) {
      if (task.status !== 'waiting' || !this.waiters.has(task.token)) continue;
      if (task.due !== undefined) next = Math.min(next, task.due);
      if (task.heartbeatDue !== undefined) next = Math.min(next, task.heartbeatDue);
    }
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
    this.waiters.clear();
    this.journal.close();
  }
}
