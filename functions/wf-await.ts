// Step Functions task `ketnap-wf-await`: Stores a human step's task token beside the candidate (or completes it at once if its outcome is already recorded).
import { observed } from '../shared/adapters/observability.ts';
import { awaitStep, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = observed(
  'ketnap-wf-await',
  taskHandler(async (event) => awaitStep(event)),
);
