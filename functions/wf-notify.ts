// Step Functions task `ketnap-wf-notify`: Asks the committee for a decision: one approval link and one mail per approver, sent once.
import { notifyCommittee, taskHandler } from '../shared/app/workflow-tasks.ts';

export const handler = taskHandler(async (event) => notifyCommittee(event));
