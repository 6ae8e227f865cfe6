// ASL preparation for the local Step Functions engine: the JSONPath reader, the index of a definition's
// states, the copy of a definition the engine runs (our timeouts, Wait states as durable tasks, the
// execution's real context values), and the validation of a definition.

import { StateMachine } from 'aws-local-stepfunctions';
import { SfnApiError, TaskError } from './errors.ts';

/** Longest timer Node honours (2^31-1 ms); anything longer fires at once, so timers are re-armed. */
const MAX_ENGINE_TIMEOUT_S = 2_147_483;
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::ketnap.local:wait';

// biome-ignore lint/suspicious/noExplicitAny: ASL is untyped JSON
export type Json = any;

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

export interface StateIndex {
  /** Original definitions of every state (top-level and nested), by name. */
  states: Map<string, Json>;
  topLevel: Set<string>;
}

export function indexStates(def: Json): StateIndex {
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
export function engineDefinition(
  def: Json,
  ctx: { startTime: string; input: unknown },
  startAt?: string,
): Json {
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

export function taskNames(def: Json): string[] {
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
