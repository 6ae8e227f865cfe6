/**
 * Starting a workflow execution (Step Functions StartExecution). Which state machines a function may start is
 * its wiring (infra/cloud/functions.ts, `startExecution`); their ARNs come from its configuration.
 */
import { sfn } from './clients.ts';
import { config } from './config.ts';
import { requires } from './permissions.ts';

export type Machine = 'admission' | 'probation';

/**
 * Starts `name` on the machine with `input` (JSON-encoded); 'exists' when an execution of that name was
 * already started with another input or has ended (ExecutionAlreadyExists). AWS answers success again for the
 * same name and input, so a retried start is not told apart from the first.
 */
export async function startExecution(
  machine: Machine,
  name: string,
  input: unknown,
): Promise<'started' | 'exists'> {
  requires('ketnap-iam:startWorkflows:states:StartExecution');
  const stateMachineArn = machine === 'admission' ? config().admissionArn : config().probationArn;
  try {
    const { client, sdk } = await sfn();
    await client.send(new sdk.StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return 'started';
  } catch (err) {
    if ((err as Error).name === 'ExecutionAlreadyExists') return 'exists';
    throw err;
  }
}
