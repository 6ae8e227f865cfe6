// The functions' logs and metrics (shared/adapters/observability.ts): each invocation's lines carry its Lambda
// context (cold start only on the first), the business metrics are EMF in the `ketnap` namespace with the
// function as their service, and everything an invocation wrote is out before it returns, the Logger and the
// Metrics being loaded on first use.
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { count, log, observed } from '../../../shared/adapters/observability.ts';

const context = (requestId: string) =>
  ({
    functionName: 'ketnap-wf-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:ketnap-wf-test',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
  }) as Context;

let lines: Record<string, unknown>[] = [];

beforeEach(() => {
  lines = [];
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  // the Logger writes warnings and errors to stderr, the rest and the EMF documents to stdout
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      return true;
    });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('observed', () => {
  const handler = observed('ketnap-wf-test', async (event: { fail?: boolean; cursor: number }) => {
    count('CandidatesReferred');
    count('CommitteeDecisions', 1, { outcome: 'approve' });
    log.warn('callback delivery deferred', { error: 'TaskTimedOut', cursor: event.cursor });
    if (event.fail) throw new Error('boom');
    return 'done';
  });

  it('writes the lines and the metrics of an invocation before it returns, with its context', async () => {
    expect(await handler({ cursor: 1 }, context('req-1'))).toBe('done');
    const logLine = lines.find((l) => l.message === 'callback delivery deferred');
    expect(logLine).toMatchObject({
      level: 'WARN',
      service: 'ketnap-wf-test',
      function_name: 'ketnap-wf-test',
      function_request_id: 'req-1',
      cold_start: true,
      error: 'TaskTimedOut',
      cursor: 1,
    });
    const emf = lines.filter((l) => '_aws' in l);
    expect(emf).toHaveLength(2);
    const decisions = emf.find((l) => 'CommitteeDecisions' in l);
    expect(decisions).toMatchObject({ service: 'ketnap-wf-test', outcome: 'approve', CommitteeDecisions: 1 });
    type Emf = { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
    const metrics = (decisions?._aws as Emf | undefined)?.CloudWatchMetrics[0];
    expect(metrics?.Namespace).toBe('ketnap');
    expect(metrics?.Dimensions[0]?.sort()).toEqual(['outcome', 'service']);
    expect(emf.find((l) => 'CandidatesReferred' in l)).toMatchObject({
      service: 'ketnap-wf-test',
      CandidatesReferred: 1,
    });
  });

  it('gives the next invocation its own request id, no cold start, and publishes also when it throws', async () => {
    await expect(handler({ cursor: 2, fail: true }, context('req-2'))).rejects.toThrow('boom');
    expect(lines.find((l) => l.message === 'callback delivery deferred')).toMatchObject({
      function_request_id: 'req-2',
      cold_start: false,
      cursor: 2,
    });
    expect(lines.filter((l) => 'CandidatesReferred' in l)).toHaveLength(1);
  });

  it('writes nothing when an invocation logs and counts nothing', async () => {
    const quiet = observed('ketnap-wf-test', async () => 'ok');
    expect(await quiet({}, context('req-3'))).toBe('ok');
    expect(lines).toEqual([]);
  });
});
