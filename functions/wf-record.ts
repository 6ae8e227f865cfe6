// Step Functions task `ketnap-wf-record`: Records a workflow event on the candidate's timeline.
import { observed } from '../shared/adapters/observability.ts';
import { recordWorkflowEvent, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = observed(
  'ketnap-wf-record',
  taskHandler(async (event) => recordWorkflowEvent(event)),
);
