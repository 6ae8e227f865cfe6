// Step Functions task `ketnap-wf-notify`: asks the committee for a decision (one approval link and one mail per
// approver), or tells the cell's secretaries the committee's outcome; each mail sent once.
import { observed } from '../shared/adapters/observability.ts';
import { notifyTask, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = observed(
  'ketnap-wf-notify',
  taskHandler(async (event) => notifyTask(event)),
);
