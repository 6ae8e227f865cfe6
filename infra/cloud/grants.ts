// What a function's code declares it needs from IAM, read out of its built bundle: every adapter operation
// carries its declarations (`ketnap-iam:<resource kind>:<service>:<action>`, shared/adapters/permissions.ts),
// and the bundler keeps them exactly when it keeps the operation. KetnapFunction turns them into the role's
// statements on the resources the stack wires the function to; checkWiring stops the synth when code and
// wiring disagree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRANTABLE, type ResourceKind } from '../../shared/adapters/permissions.ts';

/** The actions a function's code declares, by resource kind (each list sorted, no kind without an action). */
export type Declared = ReadonlyMap<ResourceKind, readonly string[]>;

const DECLARATION = /ketnap-iam:([A-Za-z]+):([a-z0-9]+:[A-Za-z]+)/g;

const isKind = (k: string): k is ResourceKind => Object.hasOwn(GRANTABLE, k);

/** The declarations in some code (a bundle's files); one that names no grantable action is an error. */
export function parseDeclarations(code: readonly string[]): Declared {
  const found = new Map<ResourceKind, Set<string>>();
  for (const text of code) {
    for (const [whole, kind = '', action = ''] of text.matchAll(DECLARATION)) {
      if (!isKind(kind) || !(GRANTABLE[kind] as readonly string[]).includes(action))
        throw new Error(`ketnap: ${whole} is not a declaration shared/adapters/permissions.ts allows`);
      const actions = found.get(kind) ?? new Set<string>();
      actions.add(action);
      found.set(kind, actions);
    }
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

/** The declarations of a built function: every code file of its asset folder (index.mjs and all chunks). */
export function declarationsInBundle(dir: string): Declared {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
  if (!files.includes('index.mjs')) throw new Error(`ketnap: ${dir} holds no built function`);
  return parseDeclarations(files.map((f) => readFileSync(join(dir, f), 'utf8')));
}

/**
 * Code and wiring agree: every kind the code declares an action on is wired (a function that sends mail has
 * the mail identity, one that starts a workflow is told which), and every kind wired is used by the code (no
 * variable or grant the function never needs). Throws, naming both sides, otherwise.
 */
export function checkWiring(fn: string, declared: Declared, wired: ReadonlySet<ResourceKind>): void {
  const unwired = [...declared.keys()].filter((k) => !wired.has(k));
  const unused = [...wired].filter((k) => !declared.has(k));
  const problems = [
    ...unwired.map(
      (k) =>
        `its code declares ${declared.get(k)?.join(', ')} on ${k}, but infra/cloud/functions.ts does not wire it to ${k}`,
    ),
    ...unused.map((k) => `it is wired to ${k}, but its code declares no action on it`),
  ];
  if (problems.length > 0) throw new Error(`ketnap: function ${fn}: ${problems.join('; ')}`);
}
