// The local Step Functions engine's records: state machines, executions with their history, durable tasks
// (in memory and in the journal), and the in-memory handle of a running execution.

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

/** One line of the journal (`sfn/journal.jsonl`). */
export type Rec =
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

/** The in-memory handle of a running execution. */
export interface Run {
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
