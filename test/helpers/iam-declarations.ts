/**
 * Reads, from TypeScript sources, every AWS call an operation makes and the IAM actions it declares
 * (`requires('ketnap-iam:<kind>:<action>')`, shared/adapters/permissions.ts), and lists the calls whose
 * action is not declared in the operation that makes them (the function around the call, or one around it).
 *
 * What counts as a call: `new <X>Command(…)` of the SDK (mapped to its IAM action below; a command not in the
 * map is a finding, so a new kind of call gets its action written down), `createPresignedPost` (s3:PutObject),
 * Powertools' `getSecret` (secretsmanager:GetSecretValue), and a transaction's items (`Put:`, `Update:`,
 * `ConditionCheck:`, `Delete:` beside a `TableName`), which IAM authorises per item action.
 */
import { parseAst } from 'rolldown/parseAst';

/** The IAM action of each SDK command ketnap sends (undefined: the command needs none of its own). */
export const COMMAND_ACTIONS: Readonly<Record<string, string | undefined>> = {
  GetCommand: 'dynamodb:GetItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  QueryCommand: 'dynamodb:Query',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  // authorised per item: the items' own actions are found where each item is built
  TransactWriteCommand: undefined,
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  DeleteObjectCommand: 's3:DeleteObject',
  // a copy reads its source and writes its target
  CopyObjectCommand: 's3:GetObject s3:PutObject',
  StartExecutionCommand: 'states:StartExecution',
  SendTaskSuccessCommand: 'states:SendTaskSuccess',
  SendTaskFailureCommand: 'states:SendTaskFailure',
  SendEmailCommand: 'ses:SendEmail',
};

const CALL_ACTIONS: Readonly<Record<string, string>> = {
  createPresignedPost: 's3:PutObject',
  getSecret: 'secretsmanager:GetSecretValue',
};

const TX_ITEM_ACTIONS: Readonly<Record<string, string>> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Delete: 'dynamodb:DeleteItem',
};

export interface AwsCall {
  file: string;
  line: number;
  what: string;
  /** the actions it needs (all of them must be declared) */
  actions: string[];
}

export interface Finding {
  file: string;
  line: number;
  problem: string;
}

/** An ESTree node of the parser (oxc, through rolldown, the bundler of vitest's vite): only what is read here. */
type Node = { type: string; start: number; [k: string]: unknown };

const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

const nameOf = (e: Node | undefined): string | undefined =>
  !e
    ? undefined
    : e.type === 'Identifier'
      ? (e.name as string)
      : e.type === 'MemberExpression' && isNode(e.property) && e.property.type === 'Identifier'
        ? (e.property.name as string)
        : undefined;

const keyName = (p: Node): string | undefined =>
  p.type === 'Property' && isNode(p.key) && p.key.type === 'Identifier' && !p.computed
    ? (p.key.name as string)
    : undefined;

/** `Put: { TableName, … }` anywhere, or `Put: x` in an element of a `TransactItems` array. */
function isTransactionItem(n: Node, parents: readonly Node[]): boolean {
  const value = n.value as Node;
  if (
    value.type === 'ObjectExpression' &&
    (value.properties as Node[]).some((p) => keyName(p) === 'TableName')
  )
    return true;
  const [, list, holder] = parents; // object, array, property
  return list?.type === 'ArrayExpression' && holder !== undefined && keyName(holder) === 'TransactItems';
}

/** The AWS calls of one source, and the declarations of each function in it; module-level declarations are findings. */
export function checkSource(file: string, text: string): { calls: AwsCall[]; findings: Finding[] } {
  const program = parseAst(text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }) as unknown as Node;
  const line = (n: Node) => text.slice(0, n.start).split('\n').length;
  const declared = new Map<Node, Set<string>>();
  const calls: (AwsCall & { around: Node[] })[] = [];
  const findings: Finding[] = [];

  // parents: nearest first
  const visit = (n: Node, parents: Node[]) => {
    const around = parents.filter((p) => FUNCTIONS.has(p.type));
    if (n.type === 'CallExpression' && nameOf(n.callee as Node) === 'requires') {
      const owner = around[0];
      if (!owner) findings.push({ file, line: line(n), problem: 'requires() outside an operation' });
      for (const a of n.arguments as Node[]) {
        const m =
          a.type === 'Literal' && typeof a.value === 'string'
            ? /^ketnap-iam:[A-Za-z]+:(.+)$/.exec(a.value)
            : null;
        if (!m?.[1]) {
          findings.push({ file, line: line(n), problem: 'requires() takes string literals only' });
          continue;
        }
        if (owner) {
          const set = declared.get(owner) ?? new Set<string>();
          set.add(m[1]);
          declared.set(owner, set);
        }
      }
    }
    if (n.type === 'NewExpression') {
      const name = nameOf(n.callee as Node);
      if (name?.endsWith('Command')) {
        if (!Object.hasOwn(COMMAND_ACTIONS, name))
          findings.push({
            file,
            line: line(n),
            problem: `${name}: its IAM action is not in COMMAND_ACTIONS`,
          });
        const action = COMMAND_ACTIONS[name];
        if (action) calls.push({ file, line: line(n), what: name, actions: action.split(' '), around });
      }
    }
    if (n.type === 'CallExpression') {
      const name = nameOf(n.callee as Node);
      const action = name && Object.hasOwn(CALL_ACTIONS, name) ? CALL_ACTIONS[name] : undefined;
      if (name && action) calls.push({ file, line: line(n), what: name, actions: [action], around });
    }
    const item = keyName(n);
    if (item && Object.hasOwn(TX_ITEM_ACTIONS, item) && isTransactionItem(n, parents)) {
      calls.push({
        file,
        line: line(n),
        what: `transaction item ${item}`,
        actions: [TX_ITEM_ACTIONS[item] as string],
        around,
      });
    }
    const inner = [n, ...parents];
    for (const [k, v] of Object.entries(n)) {
      if (k === 'parent') continue;
      if (Array.isArray(v)) for (const c of v) if (isNode(c)) visit(c, inner);
      if (isNode(v)) visit(v, inner);
    }
  };
  visit(program, []);

  for (const c of calls) {
    const have = new Set(c.around.flatMap((f) => [...(declared.get(f) ?? [])]));
    const missing = c.actions.filter((a) => !have.has(a));
    if (c.around.length === 0)
      findings.push({ file, line: c.line, problem: `${c.what} outside an operation` });
    else if (missing.length > 0)
      findings.push({ file, line: c.line, problem: `${c.what} needs ${missing.join(', ')}, not declared` });
  }
  return { calls: calls.map(({ around: _, ...c }) => c), findings };
}
