import type { Json } from './template.ts';

/**
 * Renders a CloudFormation value to a readable string: pseudo parameters become the test's account and
 * region, `Fn::GetAtt`/`Ref` of a known resource become `<name>`, joins are joined.
 */
export function render(
  value: unknown,
  names: Record<string, string>,
  env: { account: string; region: string },
): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v.Ref) {
    if (v.Ref === 'AWS::Partition') return 'aws';
    if (v.Ref === 'AWS::AccountId') return env.account;
    if (v.Ref === 'AWS::Region') return env.region;
    if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
    return `<${names[v.Ref] ?? v.Ref}>`;
  }
  if (v['Fn::GetAtt']) {
    const [id, att] = v['Fn::GetAtt'] as [string, string];
    return `<${names[id] ?? id}${att === 'Arn' ? '' : `.${att}`}>`;
  }
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => render(p, names, env)).join(sep);
  }
  return JSON.stringify(v);
}

export interface Grant {
  action: string;
  resource: string;
  condition?: string;
}

/** Every (action, resource) pair a policy document allows, rendered. */
export function grantsOf(
  doc: Json,
  names: Record<string, string>,
  env: { account: string; region: string },
): Grant[] {
  const out: Grant[] = [];
  for (const st of doc.Statement as Json[]) {
    if (st.Effect !== 'Allow') continue;
    const actions = ([] as string[]).concat(st.Action);
    const resources = ([] as unknown[]).concat(st.Resource);
    for (const action of actions) {
      for (const r of resources) {
        out.push({
          action,
          resource: render(r, names, env),
          ...(st.Condition ? { condition: JSON.stringify(st.Condition) } : {}),
        });
      }
    }
  }
  return out;
}
