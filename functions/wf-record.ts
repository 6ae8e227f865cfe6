// Step Functions task `ketnap-wf-record`: Records a workflow event on the candidate's timeline.
import { recordWorkflowEvent, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = taskHandler(async (event) => recordWorkflowEvent(event));
