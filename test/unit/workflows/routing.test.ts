/**
 * The rendered ASL, run by the interpreter the embedded stack uses (aws-local-stepfunctions) with each task
 * answered by a script: every outcome goes where the procedure says, a timeout continues in a fresh
 * execution, a failing task is retried and then recorded on the timeline.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { type Asl, renderAsl } from '../../../workflows/index.ts';

type Call = { state: string; fn: string; payload: Record<string, unknown> };

/**
 * Run a machine; `answers[step]` is the list of outcomes the app sends for that step, in order; `answers[fn]` or
 * `answers[state]` a list of 'error' for the next calls of a function or of one state.
 */
async function run(
  name: 'admission' | 'probation',
  answers: Record<string, (Record<string, unknown> | 'timeout' | 'error')[]>,
  input: Record<string, unknown> = { candidateId: 'c1', cellId: 'hp', wf: { cursor: 0, outcome: 'start' } },
) {
  const asl = structuredClone(renderAsl(name)) as Asl;
  const calls: Call[] = [];
  const handlers: Record<string, (i: unknown) => Promise<unknown>> = {};
  for (const [state, def] of Object.entries(asl.States)) {
    if (def.Type !== 'Task') continue;
    const wait = String(def.Resource).endsWith('.waitForTaskToken');
    if (wait) def.TimeoutSeconds = 1; // the engine's setTimeout; a scripted timeout is immediate anyway
    const retry = def.Retry as { IntervalSeconds?: number; MaxDelaySeconds?: number }[] | undefined;
    for (const r of retry ?? []) if (r.IntervalSeconds) r.IntervalSeconds = 0.001 as never;
    handlers[state] = async (raw) => {
      const i = raw as { FunctionName?: string; Payload?: Record<string, unknown> } & Record<string, unknown>;
      const payload = (wait ? i.Payload : i) as Record<string, unknown>;
      const fn = String(wait ? i.FunctionName : def.Resource)
        .split(':')
        .pop() as string;
      calls.push({ state, fn, payload });
      if (!wait) {
        // a failure scripted for this state (by its name) or for every state of the function
        const script = answers[state]?.length ? answers[state] : answers[fn];
        if ((script?.[0] ?? null) === 'error') {
          script?.shift();
          throw Object.assign(new Error('boom'), { name: 'ServiceUnavailable' });
        }
        return {};
      }
      const next = answers[payload.step as string]?.shift();
      if (next === undefined) throw new Error(`no answer scripted for ${payload.step}`);
      if (next === 'timeout') return new Promise(() => {}); // never answered: TimeoutSeconds fires
      return { cursor: Number(payload.cursor) + 1, ...(next as Record<string, unknown>) };
    };
  }
  const sm = new StateMachine(asl as never, { validationOptions: { checkArn: false } });
  const exec = sm.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: {} },
    context: { Task: { Token: 'token-1' } } as never,
  });
  let status = 'SUCCEEDED';
  let output: unknown;
  try {
    output = await exec.result;
  } catch (err) {
    status = (err as Error).name;
    output = (err as Error).message;
  }
  return {
    calls,
    status,
    output,
    waits: calls.filter((c) => c.fn === 'ketnap-wf-await').map((c) => c.payload.step),
  };
}

const done = { outcome: 'done' };

describe('admission routing', () => {
  it('goes through every step in order and starts probation', async () => {
    const r = await run('admission', {
      course: [done],
      dossier: [{ outcome: 'incomplete' }, { outcome: 'submitted' }, { outcome: 'submitted' }],
      cellVote: [
        { outcome: 'passed', hasSubCommittee: false },
        { outcome: 'passed', hasSubCommittee: false },
      ],
      decision: [{ outcome: 'return' }, { outcome: 'approve' }],
      ceremony: [{ outcome: 'held' }],
    });
    expect(r.status, String(r.output)).toBe('SUCCEEDED');
    expect(r.waits).toEqual([
      'course',
      'dossier',
      'dossier', // incomplete: back with the findings
      'cellVote',
      'decision',
      'dossier', // returned for changes
      'cellVote',
      'decision',
      'ceremony',
    ]);
    // the start is recorded with the referral (app/candidates.ts): the execution begins at the course's wait
    expect(r.calls[0]).toMatchObject({ fn: 'ketnap-wf-await', payload: { step: 'course', cursor: 0 } });
    expect(r.calls.some((c) => c.payload.event === 'admissionStarted')).toBe(false);
    const start = r.calls.at(-1);
    expect(start).toMatchObject({
      fn: 'ketnap-wf-continue',
      payload: { machine: 'probation', reason: 'admitted', cursor: 9 },
    });
    // the committee is asked after each vote; the secretary is told each outcome, by the execution
    expect(r.calls.filter((c) => c.fn === 'ketnap-wf-notify').map((c) => c.payload.kind)).toEqual([
      'passed',
      'outcome',
      'passed',
      'outcome',
    ]);
    expect(
      r.calls.filter((c) => c.payload.kind === 'outcome').map((c) => [c.state, c.payload.cursor]),
    ).toEqual([
      ['MailReturned', 5],
      ['MailApproved', 8],
    ]);
  });

  it('retries the outcome mail, and a mail that keeps failing never holds the candidate back', async () => {
    const r = await run('admission', {
      course: [done],
      dossier: [{ outcome: 'submitted' }],
      cellVote: [{ outcome: 'passed', hasSubCommittee: false }],
      decision: [{ outcome: 'approve' }],
      ceremony: [{ outcome: 'held' }],
      MailApproved: Array(5).fill('error'),
    });
    expect(r.status, String(r.output)).toBe('SUCCEEDED');
    expect(r.calls.filter((c) => c.state === 'MailApproved')).toHaveLength(5); // the first try and 4 retries
    expect(r.waits.at(-1)).toBe('ceremony');
    expect(r.calls.some((c) => c.state === 'RecordFailure')).toBe(false);
  });

  it('reports a failed vote up, passes through the appraisal where a sub-committee exists, ends on refusal', async () => {
    const failed = await run('admission', {
      course: [done],
      dossier: [{ outcome: 'submitted' }],
      cellVote: [{ outcome: 'failed', hasSubCommittee: true }],
      decision: [{ outcome: 'refuse' }],
    });
    expect(failed.waits).toEqual(['course', 'dossier', 'cellVote', 'decision']);
    expect(failed.calls.find((c) => c.fn === 'ketnap-wf-notify')?.payload.kind).toBe('failed');
    expect(failed.status).toBe('SUCCEEDED');
    expect(failed.calls.some((c) => c.fn === 'ketnap-wf-continue')).toBe(false);

    const sub = await run('admission', {
      course: [done],
      dossier: [{ outcome: 'submitted' }],
      cellVote: [{ outcome: 'passed', hasSubCommittee: true }],
      appraisal: [{ outcome: 'appraised' }],
      decision: [{ outcome: 'withdrawn' }],
    });
    expect(sub.waits).toEqual(['course', 'dossier', 'cellVote', 'appraisal', 'decision']);
    expect(sub.calls.find((c) => c.fn === 'ketnap-wf-notify')?.payload.kind).toBe('appraised');
  });

  it('ends at once on withdrawal during any wait', async () => {
    for (const step of ['course', 'dossier', 'cellVote', 'decision', 'ceremony']) {
      const answers: Record<string, Record<string, unknown>[]> = {
        course: [done],
        dossier: [{ outcome: 'submitted' }],
        cellVote: [{ outcome: 'passed', hasSubCommittee: false }],
        decision: [{ outcome: 'approve' }],
        ceremony: [{ outcome: 'held' }],
      };
      answers[step] = [{ outcome: 'withdrawn' }];
      const r = await run('admission', answers);
      expect(r.status, step).toBe('SUCCEEDED');
      expect(r.waits.at(-1), step).toBe(step);
      expect(
        r.calls.some((c) => c.fn === 'ketnap-wf-continue'),
        step,
      ).toBe(false);
    }
  });

  it('continues a timed-out wait in a fresh execution, which resumes at that step', async () => {
    const r = await run('admission', { course: [done], dossier: ['timeout'] });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.calls.at(-1)).toMatchObject({
      fn: 'ketnap-wf-continue',
      payload: { machine: 'admission', reason: 'States.Timeout', cursor: 1 },
    });
    const resumed = await run(
      'admission',
      { dossier: [{ outcome: 'withdrawn' }] },
      { candidateId: 'c1', cellId: 'hp', resumeAt: 'dossier', wf: { cursor: 1, outcome: 'continued' } },
    );
    expect(resumed.waits).toEqual(['dossier']);
    expect(resumed.calls.some((c) => c.payload.event === 'admissionStarted')).toBe(false);
  });

  it('retries a failing task, then records the failure and fails the execution', async () => {
    const flaky = await run('admission', {
      'ketnap-wf-notify': ['error', 'error'],
      course: [done],
      dossier: [{ outcome: 'submitted' }],
      cellVote: [{ outcome: 'passed', hasSubCommittee: false }],
      decision: [{ outcome: 'withdrawn' }],
    });
    expect(flaky.status).toBe('SUCCEEDED');
    expect(flaky.calls.filter((c) => c.state === 'NotifyCommittee')).toHaveLength(3);

    const broken = await run('admission', {
      'ketnap-wf-notify': ['error', 'error', 'error', 'error', 'error'],
      course: [done],
      dossier: [{ outcome: 'submitted' }],
      cellVote: [{ outcome: 'passed', hasSubCommittee: false }],
    });
    expect(broken.status).not.toBe('SUCCEEDED');
    expect(broken.calls.filter((c) => c.state === 'NotifyCommittee')).toHaveLength(5); // 1 + 4 retries
    expect(broken.calls.at(-1)).toMatchObject({
      state: 'RecordFailure',
      payload: { event: 'workflowFailed', error: 'ServiceUnavailable' },
    });
  });
});

describe('probation routing', () => {
  const start = {
    candidateId: 'c1',
    cellId: 'hp',
    resumeAt: 'biography',
    wf: { cursor: 9, outcome: 'continued' },
  };

  it('recognises after a failed first round', async () => {
    const r = await run(
      'probation',
      {
        biography: [done],
        newMemberCourse: [done],
        probationEnd: [{ outcome: 'ended' }],
        recognition: [
          { outcome: 'failed', round: 1 },
          { outcome: 'recognised', round: 2 },
        ],
      },
      start,
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.waits).toEqual(['biography', 'newMemberCourse', 'probationEnd', 'recognition', 'recognition']);
    expect(r.calls.at(-1)).toMatchObject({ fn: 'ketnap-wf-record', payload: { event: 'probationFinished' } });
  });

  it('escalates after three rounds; the superior committee recognises or removes', async () => {
    const base = () => ({
      biography: [done],
      newMemberCourse: [done],
      probationEnd: [{ outcome: 'ended' }],
      recognition: [1, 2, 3].map((round) => ({ outcome: 'failed', round })),
    });
    const removed = await run('probation', { ...base(), superior: [{ outcome: 'removed' }] }, start);
    expect(removed.waits.slice(-4)).toEqual(['recognition', 'recognition', 'recognition', 'superior']);
    expect(removed.calls.find((c) => c.fn === 'ketnap-wf-notify')?.payload.kind).toBe('recognitionEscalated');
    expect(removed.calls.some((c) => c.payload.event === 'probationFinished')).toBe(false);
    const recognised = await run('probation', { ...base(), superior: [{ outcome: 'recognised' }] }, start);
    expect(recognised.calls.at(-1)?.payload.event).toBe('probationFinished');
  });
});
