/**
 * Workflow constants the task functions need at run time. Kept free of aws-cdk-lib so that a Lambda bundle
 * importing them (shared/app/workflow-tasks.ts) does not pull the CDK in (it made each wf-* bundle ~40 MB).
 */

/** Errors our task handlers throw on purpose (the `name` of the error). */
export const ERRORS = {
  /** the wait task ends itself so the stage continues in a fresh execution (execution too old) */
  continueAsNew: 'Ketnap.ContinueAsNew',
  /** a failure that retrying cannot mend (bad state); recorded, not retried */
  permanent: 'Ketnap.Permanent',
} as const;

/** wf-await answers ContinueAsNew instead of waiting when the execution is older than this. */
export const CONTINUE_AFTER_DAYS = 240;
