// The orchestration's own cost: aws-local-stepfunctions alone running the same ASL as the journey (admission
// then probation) with every Task replaced by a no-op that answers the happy path at once. No I/O at all.
import { StateMachine } from 'aws-local-stepfunctions';
import { type Asl, renderAsl } from '../workflows/index.ts';
import { pool, round } from './lib/stats.ts';

/** What each human step completes with on the way from referral to official member. */
const HAPPY: Record<string, Record<string, unknown>> = {
  dossier: { outcome: 'complete' },
  cellVote: { outcome: 'passed', hasSubCommittee: false },
  decision: { outcome: 'approve' },
  recognition: { outcome: 'recognised', round: 1 },
};

/** The engine arms a setTimeout for TimeoutSeconds and fires timers over 24.8 days at once: drop them. */
function withoutTimeouts(asl: Asl): Asl {
  const States = Object.fromEntries(
    Object.entries(asl.States).map(([name, state]) => {
      const { TimeoutSeconds: _drop, ...rest } = state;
      return [name, rest];
    }),
  );
  return { ...asl, States };
}

function noOpHandlers(asl: Asl) {
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of Object.entries(asl.States)) {
    if (state.Type !== 'Task') continue;
    handlers[name] = async (input) => {
      // lambda:invoke(.waitForTaskToken) integrations pass { FunctionName, Payload }
      const raw = (input ?? {}) as { Payload?: unknown };
      const payload = (raw.Payload ?? raw) as { step?: string; cursor?: number };
      if (typeof payload.step === 'string') {
        return { cursor: (payload.cursor ?? 0) + 1, outcome: 'done', ...HAPPY[payload.step] };
      }
      return {};
    };
  }
  return handlers;
}

export interface AslResult {
  candidates: number;
  concurrency: number;
  seconds: number;
  transitions: number;
  transitionsPerSecond: number;
  candidatesPerSecond: number;
}

export async function benchAslAlone(options: { n: number; concurrency: number }): Promise<AslResult> {
  const machines = (['admission', 'probation'] as const).map((name) => {
    const asl = withoutTimeouts(renderAsl(name));
    return {
      end: name === 'admission' ? 'Admitted' : 'Official',
      machine: new StateMachine(asl as never, { validationOptions: { checkPaths: false, checkArn: false } }),
      handlers: noOpHandlers(asl),
    };
  });
  let transitions = 0;
  let tokens = 0;
  let wrongEnd = 0;
  const runOne = async (index: number) => {
    for (const { machine, handlers, end } of machines) {
      let last = '';
      const input = { candidateId: `c${index}`, cellId: 'cell', wf: { cursor: 0 } };
      const execution = machine.run(input, {
        overrides: { taskResourceLocalHandlers: handlers as never },
        context: {
          Execution: { Input: input, StartTime: new Date().toISOString() },
          // the engine has no task tokens: each read of $$.Task.Token gets a fresh one
          Task: {
            get Token() {
              return `token-${index}-${tokens++}`;
            },
          },
        } as never,
      });
      const counting = (async () => {
        for await (const event of execution.eventLogs) {
          if (event.type !== 'StateEntered') continue;
          transitions++;
          last = event.state.name;
        }
      })();
      await execution.result;
      await counting;
      if (last !== end) wrongEnd++;
    }
  };
  const started = performance.now();
  await pool(
    Array.from({ length: options.n }, (_, i) => i),
    options.concurrency,
    runOne,
  );
  const seconds = (performance.now() - started) / 1000;
  if (wrongEnd > 0) throw new Error(`${wrongEnd} no-op executions did not end on the happy path`);
  return {
    candidates: options.n,
    concurrency: options.concurrency,
    seconds: round(seconds, 3),
    transitions,
    transitionsPerSecond: round(transitions / seconds, 0),
    candidatesPerSecond: round(options.n / seconds, 1),
  };
}
