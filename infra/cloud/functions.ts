import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './constructs/ketnap-function.ts';
import type { WorkflowName } from './constructs/workflows.ts';

/**
 * What each function uses, and nothing more: the stack turns this into environment variables and IAM
 * statements through KetnapFunction's bind helpers. A handler in functions/ that is not listed here stops the
 * synth: a new function gets its permissions written down before it is deployed.
 */
export interface FunctionNeeds {
  readonly table?: 'RO' | 'RW';
  /** dynamodb:Scan on the table (not its indexes): no function needs it today. */
  readonly scan?: boolean;
  readonly documents?: 'RO' | 'RW';
  /** Large exports through the bucket (`exports/*`): the dossier ZIP too big for a Lambda response. */
  readonly exports?: boolean;
  /** states:StartExecution (and the *_STATE_MACHINE_ARN variable) on these workflows. */
  readonly startExecution?: readonly WorkflowName[];
  /** states:SendTaskSuccess/Failure/Heartbeat on these workflows (completes a human step's callback). */
  readonly taskResponse?: readonly WorkflowName[];
  /** MAIL_FROM and ses:SendEmail from the sender address; with a table, DeleteItem to release a send-once claim. */
  readonly mail?: boolean;
  /** AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCE (verifies the session JWT), AUTH_OAUTH_URL (hosted sign-in). */
  readonly auth?: boolean;
  /** LINK_SECRET_ARN and secretsmanager:GetSecretValue on it (the HMAC key of the CSRF tokens, read at cold start). */
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
    table: 'RW',
    documents: 'RW',
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
    table: 'RW',
    startExecution: ['admission'],
    taskResponse: ['admission', 'probation'],
    mail: true,
    appBaseUrl: true,
    timeout: Duration.minutes(5),
  },
  // the workflows' tasks (shared/app/workflow-tasks.ts)
  'wf-await': { trigger: 'workflow', table: 'RW', taskResponse: ['admission', 'probation'] },
  'wf-record': { trigger: 'workflow', table: 'RW' },
  'wf-continue': { trigger: 'workflow', table: 'RW', startExecution: ['admission', 'probation'] },
  'wf-notify': { trigger: 'workflow', table: 'RW', mail: true, appBaseUrl: true },
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
