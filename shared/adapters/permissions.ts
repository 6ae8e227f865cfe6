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

/** The item actions on the table (a transaction is authorised per item action: Put, Update, ConditionCheck, Delete). */
type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';

/** Every declaration an operation may make: a resource kind and an IAM action on it. */
export type Grant =
  /** the table itself */
  | `ketnap-iam:table:dynamodb:${TableAction}`
  /** the table's named indexes (GSI1-3) */
  | 'ketnap-iam:indexes:dynamodb:Query'
  /** the documents bucket under `cells/` */
  | `ketnap-iam:documents:s3:${'GetObject' | 'PutObject' | 'DeleteObject'}`
  /** the documents bucket under `exports/` (generated files too large for a response) */
  | `ketnap-iam:exports:s3:${'GetObject' | 'PutObject'}`
  /** the state machines the function is wired to start */
  | 'ketnap-iam:startWorkflows:states:StartExecution'
  /** the state machines whose waiting tasks the function is wired to complete */
  | `ketnap-iam:answerWorkflows:states:${'SendTaskSuccess' | 'SendTaskFailure'}`
  /** the mail identity, from the sender address only */
  | 'ketnap-iam:mail:ses:SendEmail'
  /** the CSRF tokens' HMAC key */
  | 'ketnap-iam:linkSecret:secretsmanager:GetSecretValue';

export type ResourceKind = Grant extends `ketnap-iam:${infer K}:${string}:${string}` ? K : never;

const declared = new Set<Grant>();

/**
 * Declares what the operation it is called in needs. Recording the grants (a side effect the bundler cannot
 * drop) is what keeps the literal in the bundle beside the operation's code.
 */
export function requires(...grants: Grant[]): void {
  for (const g of grants) declared.add(g);
}

/** The grants declared by the operations this process has run so far. */
export function declaredSoFar(): ReadonlySet<Grant> {
  return declared;
}
