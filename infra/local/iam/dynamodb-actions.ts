/**
 * DynamoDB requests (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Op>`) as IAM checks, the way DynamoDB
 * authorizes them: one action per item operation on its table (a Query/Scan with IndexName on the index ARN),
 * batch operations on each table they name, and each item of a transaction by its own action.
 */
import type { Check } from './gate.ts';

type Body = Record<string, unknown>;

const asObj = (v: unknown): Body => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Operations with no resource-level permissions (Resource must be "*"). */
const WILDCARD_ONLY = new Set([
  'ListTables',
  'DescribeLimits',
  'DescribeEndpoints',
  'ListBackups',
  'ListGlobalTables',
  'ListExports',
  'ListImports',
]);

export function dynamoChecks(op: string, body: unknown, region: string, account: string): Check[] {
  const b = asObj(body);
  const table = (name: unknown): string => {
    const n = str(name) ?? '';
    return n.startsWith('arn:') ? n : `arn:aws:dynamodb:${region}:${account}:table/${n}`;
  };
  const action = `dynamodb:${op}`;
  const ctx = {
    // understood, so a policy may test them (absent when the request has none)
    'dynamodb:ReturnValues': str(b.ReturnValues),
    'dynamodb:Select': str(b.Select),
    'dynamodb:ReturnConsumedCapacity': str(b.ReturnConsumedCapacity),
  };
  switch (op) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action, resource: table(b.TableName), context: ctx }];
    case 'Query':
    case 'Scan': {
      const index = str(b.IndexName);
      const base = table(b.TableName);
      return [{ action, resource: index ? `${base}/index/${index}` : base, context: ctx }];
    }
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(asObj(b.RequestItems)).map((t) => ({ action, resource: table(t), context: ctx }));
    case 'TransactGetItems':
      return (Array.isArray(b.TransactItems) ? b.TransactItems : []).map((it) => ({
        action: 'dynamodb:GetItem',
        resource: table(asObj(asObj(it).Get).TableName),
        context: ctx,
      }));
    case 'TransactWriteItems': {
      const kinds: Record<string, string> = {
        Put: 'dynamodb:PutItem',
        Update: 'dynamodb:UpdateItem',
        Delete: 'dynamodb:DeleteItem',
        ConditionCheck: 'dynamodb:ConditionCheckItem',
      };
      const checks: Check[] = [];
      for (const it of Array.isArray(b.TransactItems) ? b.TransactItems : []) {
        for (const [kind, a] of Object.entries(kinds)) {
          const part = asObj(it)[kind];
          if (part) checks.push({ action: a, resource: table(asObj(part).TableName), context: ctx });
        }
      }
      return checks;
    }
    case 'ListTagsOfResource':
    case 'TagResource':
    case 'UntagResource':
      return [{ action, resource: str(b.ResourceArn) ?? table(''), context: ctx }];
    default:
      if (WILDCARD_ONLY.has(op)) return [{ action, resource: '*', context: ctx }];
      // table-level operations (CreateTable, DescribeTable, UpdateTable, DeleteTable, *TimeToLive, ...)
      return [{ action, resource: b.TableName !== undefined ? table(b.TableName) : '*', context: ctx }];
  }
}
