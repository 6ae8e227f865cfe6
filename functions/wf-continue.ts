// Step Functions task `ketnap-wf-continue`: Starts the execution that carries on: probation after the ceremony, or a fresh one after a timeout.
import { observed } from '../shared/adapters/observability.ts';
import { continueWorkflow, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = observed(
  'ketnap-wf-continue',
  taskHandler(async (event) => continueWorkflow(event)),
);
