import { inject } from 'vitest';
import type { StackEndpoints } from '../../infra/local/stack.ts';

export interface StackHandle {
  env: Record<string, string>;
  endpoints: StackEndpoints;
  dataDir: string;
}

/**
 * The embedded stack started by test/integration/global-setup.ts. Copies its environment (AWS_REGION,
 * AWS_ENDPOINT_URL_*, TABLE_NAME, ...) into process.env, so SDK clients and adapters created AFTER this
 * call reach the stack; returns the env, the endpoints ({ dynamodb, s3, sfn, sesv2, api }) and the data folder.
 * Call it at the top of a test file (before importing modules that create clients at load time, use a
 * dynamic import after it).
 */
export function useStack(): StackHandle {
  const stack = inject('ketnapStack');
  if (!stack)
    throw new Error(
      'No embedded stack: run this test in the integration project (vitest --project integration)',
    );
  Object.assign(process.env, stack.env);
  return stack;
}

/**
 * Move the embedded stack's clock forward by `seconds` (Step Functions timeouts, heartbeats, Wait states and
 * SES mail times follow it) and fire what became due. Shared by every test of the run: it never goes back.
 * Returns the stack's new "now".
 */
export async function advanceClock(seconds: number): Promise<Date> {
  const { endpoints } = useStack();
  const res = await fetch(endpoints.sfn, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'KetnapLocal.AdvanceClock' },
    body: JSON.stringify({ seconds }),
  });
  const body = (await res.json()) as { now?: string; message?: string };
  if (!res.ok || !body.now) throw new Error(`advanceClock failed: ${body.message ?? res.status}`);
  return new Date(body.now);
}
