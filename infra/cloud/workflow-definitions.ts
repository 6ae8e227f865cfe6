import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  admissionDefinition,
  probationDefinition,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunctions,
} from '../../workflows/index.ts';
import type { WorkflowDefinitions } from './stack.ts';

/** The workflows' functions out of the deployed ones; a missing one stops the synth. */
function workflowFunctions(functions: Readonly<Record<string, IFunction>>): WorkflowFunctions {
  const missing = WORKFLOW_FUNCTIONS.filter((name) => !functions[name]);
  if (missing.length > 0)
    throw new Error(`ketnap: the workflows need functions/${missing.join('.ts, functions/')}.ts`);
  return Object.fromEntries(WORKFLOW_FUNCTIONS.map((name) => [name, functions[name]])) as WorkflowFunctions;
}

/** The same builders the embedded stack renders to ASL (workflows/render.ts). */
export const workflowDefinitions: WorkflowDefinitions = {
  admission: (scope, functions) => admissionDefinition(scope, workflowFunctions(functions)),
  probation: (scope, functions) => probationDefinition(scope, workflowFunctions(functions)),
};
