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
