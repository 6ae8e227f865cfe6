import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { ACCOUNT, type FunctionResolver, REGION } from '../functions.ts';
import { authenticate } from '../iam/auth.ts';
import { jsonAuthError } from '../iam/errors.ts';
import type { IamGate } from '../iam/gate.ts';
import { sfnChecks } from '../iam/sfn-actions.ts';
import { closeServer, createServer, listen, readBody } from '../net.ts';
import { validateDefinition } from './asl.ts';
import { SfnEngine } from './engine.ts';
import { SfnApiError } from './errors.ts';
import type { ExecStatus, ExecutionRec, StateMachineRec } from './records.ts';

const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const validName = (name: string) =>
  name.length >= 1 &&
  name.length <= 80 &&
  !FORBIDDEN_NAME_CHARS.test(name) &&
  ![...name].some((c) => c.charCodeAt(0) < 32 || (c.charCodeAt(0) >= 127 && c.charCodeAt(0) <= 159));
const SM_ARN_RE = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const EXEC_ARN_RE = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;
const MAX_PAYLOAD = 256 * 1024;

const epoch = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new SfnApiError('ValidationException', z.prettifyError(r.error));
  return r.data;
}

function jsonText(text: string, errorType: string, what: string): void {
  if (Buffer.byteLength(text) > MAX_PAYLOAD)
    throw new SfnApiError(errorType, `${what} exceeds the maximum size of 262144 bytes`);
  try {
    JSON.parse(text);
  } catch {
    throw new SfnApiError(errorType, `Invalid ${what}: not valid JSON`);
  }
}

function page<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken) {
    start = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0)
      throw new SfnApiError('InvalidToken', 'Invalid pagination token');
  }
  const size = maxResults && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { items: slice, nextToken: next };
}

/** The Step Functions JSON 1.0 API over the durable engine. */
export class SfnApi {
  constructor(private readonly engine: SfnEngine) {}

  private sm(arn: unknown): StateMachineRec {
    if (typeof arn !== 'string' || !SM_ARN_RE.test(arn))
      throw new SfnApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const sm = this.engine.stateMachines.get(arn);
    if (!sm || sm.deleted)
      throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return sm;
  }

  private exec(arn: unknown): ExecutionRec {
    if (typeof arn !== 'string' || !EXEC_ARN_RE.test(arn))
      throw new SfnApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const e = this.engine.executions.get(arn);
    if (!e) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  private describeSm(sm: StateMachineRec) {
    return {
      stateMachineArn: sm.arn,
      name: sm.name,
      status: 'ACTIVE',
      definition: sm.definition,
      roleArn: sm.roleArn,
      type: sm.type,
      creationDate: epoch(sm.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  private summary(e: ExecutionRec) {
    return {
      executionArn: e.arn,
      stateMachineArn: e.smArn,
      name: e.name,
      status: e.status,
      startDate: epoch(e.startDate),
      stopDate: epoch(e.stopDate),
    };
  }

  readonly ops: Record<string, (body: unknown) => unknown> = {
    CreateStateMachine: (body) => {
      const b = parse(
        z.looseObject({
          name: z.string(),
          definition: z.string(),
          roleArn: z.string().optional(),
          type: z.enum(['STANDARD', 'EXPRESS']).optional(),
        }),
        body,
      );
      if (!validName(b.name)) throw new SfnApiError('InvalidName', `Invalid Name: '${b.name}'`);
      const arn = this.engine.smArn(b.name);
      const existing = this.engine.stateMachines.get(arn);
      const roleArn = b.roleArn ?? `arn:aws:iam::${ACCOUNT}:role/ketnap-local`;
      if (existing && !existing.deleted) {
        // same definition and role: idempotent, as on AWS (and no re-validation on every restart)
        if (existing.definition === b.definition && existing.roleArn === roleArn) {
          return { stateMachineArn: arn, creationDate: epoch(existing.creationDate) };
        }
        throw new SfnApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      validateDefinition(b.definition);
      const sm: StateMachineRec = {
        arn,
        name: b.name,
        definition: b.definition,
        roleArn,
        type: b.type ?? 'STANDARD',
        creationDate: Date.now(),
      };
      this.engine.putStateMachine(sm);
      return { stateMachineArn: arn, creationDate: epoch(sm.creationDate) };
    },

    UpdateStateMachine: (body) => {
      const b = parse(
        z.looseObject({
          stateMachineArn: z.string(),
          definition: z.string().optional(),
          roleArn: z.string().optional(),
        }),
        body,
      );
      const sm = this.sm(b.stateMachineArn);
      if (!b.definition && !b.roleArn)
        throw new SfnApiError('MissingRequiredParameter', 'Either definition or roleArn must be given');
      if (b.definition) validateDefinition(b.definition);
      const updated: StateMachineRec = {
        ...sm,
        definition: b.definition ?? sm.definition,
        roleArn: b.roleArn ?? sm.roleArn,
        updateDate: Date.now(),
      };
      this.engine.putStateMachine(updated);
      return { updateDate: epoch(updated.updateDate), revisionId: randomUUID() };
    },

    DescribeStateMachine: (body) => {
      const b = parse(z.looseObject({ stateMachineArn: z.string() }), body);
      return this.describeSm(this.sm(b.stateMachineArn));
    },

    DescribeStateMachineForExecution: (body) => {
      const b = parse(z.looseObject({ executionArn: z.string() }), body);
      const e = this.exec(b.executionArn);
      const sm = this.engine.stateMachines.get(e.smArn);
      return {
        ...(sm ? this.describeSm(sm) : {}),
        stateMachineArn: e.smArn,
        definition: e.definition,
        updateDate: epoch(sm?.updateDate ?? sm?.creationDate),
      };
    },

    ListStateMachines: (body) => {
      const b = parse(
        z.looseObject({ maxResults: z.number().optional(), nextToken: z.string().optional() }),
        body ?? {},
      );
      const all = [...this.engine.stateMachines.values()]
        .filter((s) => !s.deleted)
        .sort((a, c) => a.name.localeCompare(c.name));
      const p = page(all, b.maxResults, b.nextToken);
      return {
        stateMachines: p.items.map((s) => ({
          stateMachineArn: s.arn,
          name: s.name,
          type: s.type,
          creationDate: epoch(s.creationDate),
        })),
        nextToken: p.nextToken,
      };
    },

    DeleteStateMachine: (body) => {
      const b = parse(z.looseObject({ stateMachineArn: z.string() }), body);
      if (!SM_ARN_RE.test(b.stateMachineArn))
        throw new SfnApiError('InvalidArn', `Invalid Arn: '${b.stateMachineArn}'`);
      const sm = this.engine.stateMachines.get(b.stateMachineArn);
      if (sm && !sm.deleted) this.engine.putStateMachine({ ...sm, deleted: true });
      return {};
    },

    StartExecution: (body) => {
      const b = parse(
        z.looseObject({
          stateMachineArn: z.string(),
          name: z.string().optional(),
          input: z.string().optional(),
          traceHeader: z.string().optional(),
        }),
        body,
      );
      const sm = this.sm(b.stateMachineArn);
      if (sm.type !== 'STANDARD')
        throw new SfnApiError('StateMachineTypeNotSupported', 'Only STANDARD state machines run locally');
      const name = b.name ?? randomUUID();
      if (!validName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
      const input = b.input ?? '{}';
      jsonText(input, 'InvalidExecutionInput', 'execution input');
      const arn = this.engine.execArn(sm.name, name);
      const existing = this.engine.executions.get(arn);
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn: arn, startDate: epoch(existing.startDate) };
        }
        throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const e = this.engine.startExecution(sm, name, input);
      return { executionArn: e.arn, startDate: epoch(e.startDate) };
    },

    DescribeExecution: (body) => {
      const b = parse(z.looseObject({ executionArn: z.string() }), body);
      const e = this.exec(b.executionArn);
      return {
        ...this.summary(e),
        input: e.input,
        inputDetails: { included: true },
        output: e.output,
        outputDetails: e.output === undefined ? undefined : { included: true },
        error: e.error,
        cause: e.cause,
        redriveStatus: 'NOT_REDRIVABLE',
      };
    },

    ListExecutions: (body) => {
      const b = parse(
        z.looseObject({
          stateMachineArn: z.string(),
          statusFilter: z
            .enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'])
            .optional(),
          maxResults: z.number().optional(),
          nextToken: z.string().optional(),
        }),
        body,
      );
      if (!SM_ARN_RE.test(b.stateMachineArn))
        throw new SfnApiError('InvalidArn', `Invalid Arn: '${b.stateMachineArn}'`);
      const sm = this.engine.stateMachines.get(b.stateMachineArn);
      if (!sm)
        throw new SfnApiError(
          'StateMachineDoesNotExist',
          `State Machine Does Not Exist: '${b.stateMachineArn}'`,
        );
      const all = [...this.engine.executions.values()]
        .filter((e) => e.smArn === sm.arn && (!b.statusFilter || e.status === (b.statusFilter as ExecStatus)))
        .sort((a, c) => c.startDate - a.startDate);
      const p = page(all, b.maxResults, b.nextToken);
      return { executions: p.items.map((e) => this.summary(e)), nextToken: p.nextToken };
    },

    GetExecutionHistory: (body) => {
      const b = parse(
        z.looseObject({
          executionArn: z.string(),
          maxResults: z.number().optional(),
          nextToken: z.string().optional(),
          reverseOrder: z.boolean().optional(),
          includeExecutionData: z.boolean().optional(),
        }),
        body,
      );
      const e = this.exec(b.executionArn);
      const events = b.reverseOrder ? [...e.events].reverse() : e.events;
      const p = page(events, b.maxResults, b.nextToken);
      return {
        events: p.items.map((ev) => ({ ...ev, timestamp: epoch(ev.timestamp) })),
        nextToken: p.nextToken,
      };
    },

    SendTaskSuccess: (body) => {
      const b = parse(z.looseObject({ taskToken: z.unknown(), output: z.string() }), body);
      jsonText(b.output, 'InvalidOutput', 'output');
      this.engine.completeTask(b.taskToken, { output: b.output });
      return {};
    },

    SendTaskFailure: (body) => {
      const b = parse(
        z.looseObject({
          taskToken: z.unknown(),
          error: z.string().max(256).optional(),
          cause: z.string().max(32768).optional(),
        }),
        body,
      );
      this.engine.completeTask(b.taskToken, { error: b.error, cause: b.cause });
      return {};
    },

    SendTaskHeartbeat: (body) => {
      const b = parse(z.looseObject({ taskToken: z.unknown() }), body);
      this.engine.heartbeat(b.taskToken);
      return {};
    },

    StopExecution: (body) => {
      const b = parse(
        z.looseObject({
          executionArn: z.string(),
          error: z.string().optional(),
          cause: z.string().optional(),
        }),
        body,
      );
      const e = this.exec(b.executionArn);
      this.engine.stopExecution(e, b.error, b.cause);
      return { stopDate: epoch(e.stopDate ?? Date.now()) };
    },
  };

  handle(target: string | undefined, body: unknown): unknown {
    const op = (target ?? '').replace(/^AWSStepFunctions\./, '');
    const fn = Object.hasOwn(this.ops, op) ? this.ops[op] : undefined;
    if (!fn)
      throw new SfnApiError(
        'UnknownOperationException',
        `Operation ${op || '(none)'} is not supported by the local Step Functions`,
      );
    return fn(body);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body, (_k, v) => (v === undefined ? undefined : v));
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(json);
}

export interface SfnService {
  port: number;
  endpoint: string;
  engine: SfnEngine;
  /** Resume RUNNING executions from the journal (call once the functions' dependencies are up). */
  resume(): Promise<void>;
  /** Fire whatever is due at the clock's current time (tests that move the clock). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Start the local Step Functions service (state under `<dataDir>/sfn`). */
export async function startSfn(opts: {
  dataDir: string;
  port: number;
  resolver: FunctionResolver;
  now?: () => number;
  log?: (line: string) => void;
  region?: string;
  /**
   * Tests only: accept `X-Amz-Target: KetnapLocal.AdvanceClock` with `{ "seconds": n }`, which calls `advance`
   * (moving the clock behind `now`) and then fires whatever became due.
   */
  advanceClock?: (ms: number) => void;
  /** Authenticates and authorizes every request (iam/sfn-actions.ts); none = no checks. */
  gate?: IamGate;
  /** The execution's role must allow lambda:InvokeFunction on each task's function (see SfnEngine). */
  authorizeInvoke?: (roleArn: string, functionArn: string) => void;
}): Promise<SfnService> {
  const engine = new SfnEngine({
    dataDir: opts.dataDir,
    resolver: opts.resolver,
    ...(opts.authorizeInvoke ? { authorizeInvoke: opts.authorizeInvoke } : {}),
    region: opts.region ?? REGION,
    account: ACCOUNT,
    now: opts.now,
    log: opts.log,
  });
  await engine.init();
  const api = new SfnApi(engine);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'POST')
        throw new SfnApiError('UnknownOperationException', 'Use POST with X-Amz-Target');
      const raw = await readBody(req, 2 * 1024 * 1024);
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        throw new SfnApiError('SerializationException', 'Request body is not valid JSON');
      }
      const header = req.headers['x-amz-target'];
      const target = Array.isArray(header) ? header[0] : header;
      if (target === 'KetnapLocal.AdvanceClock' && opts.advanceClock) {
        const seconds = (body as { seconds?: unknown }).seconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          throw new SfnApiError('ValidationException', 'seconds must be a non-negative number');
        }
        opts.advanceClock(seconds * 1000);
        await engine.tick();
        return reply(res, 200, { now: new Date((opts.now ?? Date.now)()).toISOString() });
      }
      if (opts.gate) {
        const gate = opts.gate;
        const op = (target ?? '').replace(/^AWSStepFunctions\./, '');
        const smOfToken = (token: string) => {
          const task = engine.tasks.get(token);
          return task ? engine.executions.get(task.execArn)?.smArn : undefined;
        };
        const checks = sfnChecks(op, body, gate.region, gate.account, smOfToken);
        const first = checks[0] ?? { action: `states:${op}`, resource: '*' };
        const who = authenticate(gate, req, { service: 'states', ...first }, { body: raw });
        if (!who.ok) throw new SfnApiError(jsonAuthError(who.failure), who.message);
        if (checks.length > 0) {
          const d = gate.authorizeAll(who.principal.accessKeyId, checks);
          if (!d.allowed) throw new SfnApiError('AccessDeniedException', d.message);
        }
      }
      reply(res, 200, api.handle(target, body));
    } catch (err) {
      if (err instanceof SfnApiError) return reply(res, 400, { __type: err.type, message: err.message });
      opts.log?.(`[sfn] internal error: ${(err as Error).stack ?? err}`);
      reply(res, 500, { __type: 'InternalFailure', message: (err as Error).message });
    }
  });
  const port = await listen(server, opts.port);
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    engine,
    resume: async () => engine.resumeAll(),
    tick: () => engine.tick(),
    stop: async () => {
      engine.close();
      await closeServer(server);
    },
  };
}
