/**
 * The workflows, written once: builders for the cloud stack, ASL for the embedded stack.
 *
 * Cloud stack (infra/cloud): for each machine, give the builder its own scope (the state ids repeat between
 * machines) and the four functions `ketnap-wf-*` (WORKFLOW_FUNCTIONS), e.g.
 *   new sfn.StateMachine(this, 'Admission', { stateMachineName: 'ketnap-admission',
 *     definitionBody: sfn.DefinitionBody.fromChainable(admissionDefinition(new Construct(this, 'AdmissionDef'), fns)) })
 * Grants: the state machines invoke the four functions; wf-continue needs states:StartExecution on both
 * machines; wf-await, wf-continue and wf-record need states:SendTaskSuccess/SendTaskFailure (wf-await
 * completes a task itself when its outcome was recorded first); wf-notify needs ses:SendEmail; all four read
 * and write the table.
 */
export { admissionDefinition } from './admission.ts';
export {
  CONTINUE_AFTER_DAYS,
  ERRORS,
  type MachineName,
  WAIT_TIMEOUT_DAYS,
  type WaitStep,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunctionName,
  type WorkflowFunctions,
} from './common.ts';
export { MAX_RECOGNITION_ROUNDS, probationDefinition } from './probation.ts';
export { type Asl, definitions, functionArn, renderAsl, renderAslString } from './render.ts';
