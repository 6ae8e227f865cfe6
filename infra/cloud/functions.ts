import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './constructs/ketnap-function.ts';
import type { WorkflowName } from './constructs/workflows.ts';

/**
 * What each function is wired to, and what its code cannot tell: its trigger, memory and timeout, its
 * environment, and WHICH workflows it may start or answer. The actions it may perform on what it is wired to
 * are not written here: each adapter operation declares them (shared/adapters/permissions.ts), and the
 * stack's KetnapFunction allows exactly what the function's bundle declares. The synth fails when the code
 * declares an action on a resource the function is not wired to (mail code in a function with no mail
 * identity) or the function is wired to a resource its code never uses. A handler in functions/ that is not
 * listed here stops the synth too.
 */
export interface FunctionNeeds {
  /** TABLE_NAME: the one table (and its named indexes, when the code queries them). */
  readonly table?: boolean;
  /** BUCKET_NAME: the documents, under `cells/*` (with the bucket key's grants that go with them). */
  readonly documents?: boolean;
  /** Large exports through the bucket (`exports/*`): the dossier ZIP too big for a Lambda response. */
  readonly exports?: boolean;
  /** The *_STATE_MACHINE_ARN variables, and the workflows whose executions the code may start. */
  readonly startExecution?: readonly WorkflowName[];
  /** The workflows whose waiting tasks the code may complete (a human step's callback). */
  readonly taskResponse?: readonly WorkflowName[];
  /** MAIL_FROM: the mail identity, from the sender address only. */
  readonly mail?: boolean;
  /** AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCE (verifies the session JWT), AUTH_OAUTH_URL (hosted sign-in). */
  readonly auth?: boolean;
  /** LINK_SECRET_ARN: the HMAC key of the CSRF tokens (read from Secrets Manager at cold start). */
  readonly linkSecret?: boolean;
  /** APP_BASE_URL (links in mail). */
  readonly appBaseUrl?: boolean;
  /** Fixed app variables (no secrets). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Who invokes it: the HTTP API, the scheduler, or a workflow task. */
  readonly trigger: 'api' | 'schedule' | 'workflow';
}

export const FUNCTION_NEEDS: Readonly<Record<string, FunctionNeeds>> = {
  api: {
    trigger: 'api',
    table: true,
    documents: true,
    exports: true,
    startExecution: ['admission', 'probation'],
    taskResponse: ['admission', 'probation'],
    mail: true,
    auth: true,
    linkSecret: true,
    appBaseUrl: true,
    // the embedded stack's outbox page does not exist in the cloud (mail goes out through SES)
    environment: { OUTBOX_URL: 'none' },
    memorySize: 1024,
    timeout: Duration.seconds(29),
  },
  // the daily job: reminders (mail) and the workflow chores (shared/app/maintenance.ts: a Query of GSI3's
  // CHORE partition, re-delivered callbacks, lost admission starts, ends of probation); no Scan
  reminders: {
    trigger: 'schedule',
    table: true,
    startExecution: ['admission'],
    taskResponse: ['admission', 'probation'],
    mail: true,
    appBaseUrl: true,
    timeout: Duration.minutes(5),
  },
  // the workflows' tasks (shared/app/workflow-tasks.ts)
  'wf-await': { trigger: 'workflow', table: true, taskResponse: ['admission', 'probation'] },
  'wf-record': { trigger: 'workflow', table: true },
  'wf-continue': { trigger: 'workflow', table: true, startExecution: ['admission', 'probation'] },
  'wf-notify': { trigger: 'workflow', table: true, mail: true, appBaseUrl: true },
};

/** Handler modules in functions/: `<name>.ts` exporting `handler` (tests and helpers excluded). */
export function discoverFunctions(dir: string = join(PROJECT_ROOT, 'functions')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

export function needsOf(name: string): FunctionNeeds {
  const needs = FUNCTION_NEEDS[name];
  if (!needs) {
    throw new Error(
      `ketnap: functions/${name}.ts has no entry in infra/cloud/functions.ts FUNCTION_NEEDS: write down what it uses (table, documents, workflows, mail) before it is deployed`,
    );
  }
  return needs;
}
