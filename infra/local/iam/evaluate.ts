/**
 * IAM identity-policy evaluation as AWS does it (explicit Deny wins, an Allow is needed; actions and resource
 * ARNs with wildcards; conditions), by @cloud-copilot/iam-simulate. Before it evaluates, every statement that
 * could apply to the request is checked for conditions the local stack cannot evaluate faithfully (an unknown
 * operator, a key the request does not supply, a policy variable): such a request is refused with the reason,
 * never decided by ignoring the condition.
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** Condition context of one request: a key present with `undefined` is understood but absent from the request. */
export type RequestContext = Record<string, string | string[] | undefined>;

export type Verdict =
  | { result: 'Allowed' }
  | { result: 'ImplicitlyDenied' | 'ExplicitlyDenied' }
  | { result: 'NotUnderstood'; why: string };

const BASE_OPERATORS = new Set(
  [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
  ].map((o) => o.toLowerCase()),
);

/** Whether `op` is an IAM condition operator (with IfExists and ForAllValues/ForAnyValue qualifiers). */
export function knownOperator(op: string): boolean {
  let o = op.toLowerCase();
  if (o === 'null') return true;
  const set = /^(forallvalues|foranyvalue):(.+)$/.exec(o);
  if (set) o = set[2] as string;
  if (o.endsWith('ifexists')) o = o.slice(0, -'ifexists'.length);
  return BASE_OPERATORS.has(o);
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function globRe(pattern: string, flags: string): RegExp {
  const src = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`, flags);
}

/** Whether a statement's Action/NotAction element covers the action (IAM action names are case-insensitive). */
function actionApplies(st: PolicyStatement, action: string): boolean {
  if (st.Action !== undefined) return list(st.Action).some((p) => globRe(p, 'i').test(action));
  if (st.NotAction !== undefined) return !list(st.NotAction).some((p) => globRe(p, 'i').test(action));
  return false;
}

export const statements = (doc: PolicyDocument): PolicyStatement[] =>
  Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];

/** Whether no statement that applies to `action` has a condition (its verdict then depends on action and resource only). */
export function conditionFree(docs: PolicyDocument[], action: string): boolean {
  return docs.every((doc) => statements(doc).every((st) => !actionApplies(st, action) || !st.Condition));
}

/** What in the statements that apply to `action` the local evaluation cannot honour; undefined when none. */
export function notUnderstood(
  docs: PolicyDocument[],
  action: string,
  context: RequestContext,
): string | undefined {
  for (const doc of docs) {
    for (const st of statements(doc)) {
      if (!actionApplies(st, action)) continue;
      if (JSON.stringify([st.Resource, st.NotResource, st.Condition]).includes('${')) {
        return `statement ${st.Sid ?? JSON.stringify(st.Action)} uses a policy variable, which the local IAM gate does not resolve`;
      }
      for (const [op, block] of Object.entries(st.Condition ?? {})) {
        if (!knownOperator(op)) return `condition operator ${op} is not understood by the local IAM gate`;
        for (const key of Object.keys(block ?? {})) {
          if (
            !Object.hasOwn(context, key) &&
            !Object.keys(context).some((k) => k.toLowerCase() === key.toLowerCase())
          ) {
            return `condition key ${key} (${op}) is not supplied for ${action} by the local stand-in`;
          }
        }
      }
    }
  }
  return undefined;
}

/** Evaluate identity policies for one action on one resource, as AWS does. */
export function evaluate(opts: {
  policies: PolicyDocument[];
  principalArn: string;
  account: string;
  action: string;
  resource: string;
  context: RequestContext;
}): Verdict {
  const why = notUnderstood(opts.policies, opts.action, opts.context);
  if (why) return { result: 'NotUnderstood', why };
  const contextVariables: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(opts.context)) if (v !== undefined) contextVariables[k] = v;
  const result = runUnsafeSimulation(
    {
      identityPolicies: opts.policies.map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: opts.action,
        principal: opts.principalArn,
        resource: { resource: opts.resource, accountId: opts.account },
        contextVariables,
      },
    },
    {},
  );
  if (result === 'Allowed') return { result: 'Allowed' };
  if (result === 'ExplicitlyDenied') return { result: 'ExplicitlyDenied' };
  return { result: 'ImplicitlyDenied' };
}
