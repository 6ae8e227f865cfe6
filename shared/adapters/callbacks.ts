/**
 * Completing the workflow's waiting tasks. The token comes from the candidate item and goes nowhere else:
 * never logged, never returned to a caller.
 */
import { sfn } from './clients.ts';
import { requires } from './permissions.ts';

/** Errors that mean "this token is no longer waiting": already completed, timed out, or its execution ended. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken', 'ExecutionDoesNotExist']);

export type Delivery = 'delivered' | 'gone';

/** SendTaskSuccess; a token that is no longer waiting counts as done (AWS answers TaskTimedOut for both). */
export async function completeTask(token: string, output: unknown): Promise<Delivery> {
  requires('ketnap-iam:answerWorkflows:states:SendTaskSuccess');
  try {
    const { client, sdk } = await sfn();
    await client.send(new sdk.SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    return 'delivered';
  } catch (err) {
    if (GONE.has((err as Error).name)) return 'gone';
    throw err;
  }
}

export async function failTask(token: string, error: string, cause: string): Promise<Delivery> {
  requires('ketnap-iam:answerWorkflows:states:SendTaskFailure');
  try {
    const { client, sdk } = await sfn();
    await client.send(new sdk.SendTaskFailureCommand({ taskToken: token, error, cause }));
    return 'delivered';
  } catch (err) {
    if (GONE.has((err as Error).name)) return 'gone';
    throw err;
  }
}
