/**
 * What each adapter operation needs from IAM, declared inside the operation itself:
 *
 *     export async function getItem(key) {
 *       requires('ketnap-iam:table:dynamodb:GetItem');
 *       ...
 *
 * A declaration is one string literal, `ketnap-iam:<resource kind>:<service>:<action>`, in the body of the
 * operation that sends the call. The bundler keeps it exactly when it keeps the operation (tree shaking drops
 * both together), so the synth reads, out of each function's built asset, the actions that function's code
 * can perform, and derives its role from them (infra/cloud/constructs/ketnap-function.ts). The resource kind
 * says what the call touches; which table, bucket prefix, state machines, identity or secret a kind means is
 * the stack's wiring (infra/cloud/functions.ts).
 *
 * test/unit/permissions.test.ts fails when an adapter sends an SDK command whose action its operation does not
 * declare.
 */

/**
 * The actions an operation may declare, by the kind of resource they touch. Which table, bucket prefix, state
 * machines, identity or secret a kind stands for is the stack's wiring; the synth turns each kind's actions
 * into statements on exactly those resources (infra/cloud/grants.ts).
 */
export const GRANTABLE = {
  /** the table itself; a transaction is authorised per item action (Put, Update, ConditionCheck, Delete) */
  table: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  /** the table's named indexes */
  indexes: ['dynamodb:Query'],
  /** the documents bucket under `cells/` */
  documents: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  /** the documents bucket under `exports/` (generated files too large for a response) */
  exports: ['s3:GetObject', 's3:PutObject'],
  /** the state machines the function is wired to start */
  startWorkflows: ['states:StartExecution'],
  /** the state machines whose waiting tasks the function is wired to complete */
  answerWorkflows: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  /** the mail identity, from the sender address only */
  mail: ['ses:SendEmail'],
  /** the CSRF tokens' HMAC key */
  linkSecret: ['secretsmanager:GetSecretValue'],
} as const;

export type ResourceKind = keyof typeof GRANTABLE;

/** Every declaration an operation may make: `ketnap-iam:<resource kind>:<service>:<action>`. */
export type Grant = {
  [K in ResourceKind]: `ketnap-iam:${K}:${(typeof GRANTABLE)[K][number]}`;
}[ResourceKind];

const declared = new Set<Grant>();

/**
 * Declares what the operation it is called in needs. Recording the grants (a side effect the bundler cannot
 * drop) is what keeps the literal in the bundle beside the operation's code.
 */
export function requires(...grants: Grant[]): void {
  for (const g of grants) declared.add(g);
}
