/**
 * Step Functions requests as IAM checks: StartExecution and the state-machine operations on the state machine
 * ARN, the execution operations on the execution ARN. SendTaskSuccess/Failure/Heartbeat are authorized on the
 * state machine of the token's execution: the service reference lists no resource type for them, but AWS
 * evaluates a policy's state machine ARN for them (its AccessDenied names that ARN), and CDK's
 * grantTaskResponse grants them on it.
 */
import type { Check } from './gate.ts';

type Body = Record<string, unknown>;

const EXECUTION_OPS = new Set([
  'DescribeExecution',
  'StopExecution',
  'GetExecutionHistory',
  'DescribeStateMachineForExecution',
  'RedriveExecution',
]);
const STATE_MACHINE_OPS = new Set([
  'StartExecution',
  'StartSyncExecution',
  'DescribeStateMachine',
  'UpdateStateMachine',
  'DeleteStateMachine',
  'ListExecutions',
]);
const TASK_OPS = new Set(['SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat']);

/**
 * The checks of one request; `smOfToken` finds the state machine of a task token (undefined when the token is
 * unknown: then the service answers its own error and no check is made).
 */
export function sfnChecks(
  op: string,
  body: unknown,
  region: string,
  account: string,
  smOfToken: (token: string) => string | undefined,
): Check[] {
  const b = (body && typeof body === 'object' ? body : {}) as Body;
  const action = `states:${op}`;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  if (EXECUTION_OPS.has(op)) return [{ action, resource: s(b.executionArn) }];
  if (STATE_MACHINE_OPS.has(op)) return [{ action, resource: s(b.stateMachineArn) }];
  if (op === 'CreateStateMachine')
    return [{ action, resource: `arn:aws:states:${region}:${account}:stateMachine:${s(b.name)}` }];
  if (TASK_OPS.has(op)) {
    const sm = smOfToken(s(b.taskToken));
    return sm ? [{ action, resource: sm }] : [];
  }
  return [{ action, resource: '*' }];
}
