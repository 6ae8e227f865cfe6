/**
 * The layers of the code base, enforced: each part may import only the parts below it (the folders' READMEs
 * draw the same picture). The import graph is read from the sources themselves (every relative `import`,
 * `export … from` and `import()`), so a new import across a layer fails here, and so does a cycle between
 * two parts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../helpers/sources.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** What each part of the product may import (besides itself and npm packages). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'shared/domain': [],
  'shared/i18n': ['shared/domain'],
  'shared/schemas': ['shared/domain', 'shared/i18n'],
  'shared/adapters': [],
  workflows: [],
  'shared/app': ['shared/domain', 'shared/i18n', 'shared/schemas', 'shared/adapters', 'workflows'],
  'shared/reminders': ['shared/domain', 'shared/i18n', 'shared/adapters', 'shared/app'],
  'shared/drafts': ['shared/domain', 'shared/app'],
  'shared/web': [
    'shared/domain',
    'shared/i18n',
    'shared/schemas',
    'shared/adapters',
    'shared/app',
    'shared/reminders',
    'shared/drafts',
  ],
  functions: ['shared/domain', 'shared/adapters', 'shared/app', 'shared/reminders', 'shared/web'],
  'infra/cloud': ['workflows', 'shared/adapters'],
  'infra/local': ['infra/cloud', 'shared/domain', 'shared/adapters', 'shared/app'],
};
const PARTS = Object.keys(MAY_IMPORT);

function partOf(path: string): string | undefined {
  return PARTS.find((p) => path === p || path.startsWith(`${p}/`));
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\s*\(?\s*['"](\.[^'"]+)['"]/g;

/** Every import across parts: `from` part, `to` part (or the folder outside the product), and the file. */
function crossImports(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const top of ['functions', 'workflows', 'shared', 'infra']) {
    for (const file of sources(join(ROOT, top))) {
      const rel = relative(ROOT, file);
      const from = partOf(rel);
      if (!from) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
        const target = relative(ROOT, resolve(dirname(file), m[1] ?? m[2] ?? ''));
        const to = partOf(target) ?? target.split('/')[0] ?? target;
        if (to !== from) found.push({ from, to, file: rel });
      }
    }
  }
  return found;
}

/** A value import of the AWS SDK: static, re-exported or lazy (`import type` and `export type` are allowed). */
const SDK_VALUE_IMPORT = [
  /^import\s+(?!type\b)[^;]*from\s+['"]@aws-sdk\//m,
  /^export\s+(?!type\b)[^;]*from\s+['"]@aws-sdk\//m,
  /\bimport\s*\(\s*['"]@aws-sdk\//,
];

describe('the layers of the code base', () => {
  const imports = crossImports();

  it('reads a graph with imports between the parts (the check can fail)', () => {
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.some((i) => i.from === 'shared/web' && i.to === 'shared/app')).toBe(true);
  });

  it('imports only from the parts each part may use', () => {
    const wrong = imports
      .filter((i) => !MAY_IMPORT[i.from]?.includes(i.to))
      .map((i) => `${i.file}: ${i.from} → ${i.to}`);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('has no cycle between parts', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)?.add(i.to);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const p of PARTS) visit(p, [p]);
    expect(cycles).toEqual([]);
  });

  it('reaches AWS only through shared/adapters (elsewhere an `import type` from the SDK at most)', () => {
    const outside = ['functions', 'shared', 'workflows']
      .flatMap((top) => sources(join(ROOT, top)))
      .map((f) => relative(ROOT, f))
      .filter((f) => !f.startsWith('shared/adapters/'))
      .filter((f) => SDK_VALUE_IMPORT.some((re) => re.test(readFileSync(join(ROOT, f), 'utf8'))));
    expect(outside).toEqual([]);
  });

  it('reads the environment only in the configuration module (shared/adapters/config.ts)', () => {
    const readers = ['functions', 'shared', 'workflows']
      .flatMap((top) => sources(join(ROOT, top)))
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== 'shared/adapters/config.ts')
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('keeps shared/domain free of I/O (no AWS SDK, file system or network)', () => {
    const impure = sources(join(ROOT, 'shared/domain')).filter((f) =>
      /from\s+['"](@aws-sdk\/|node:fs|node:net|node:http)/.test(readFileSync(f, 'utf8')),
    );
    expect(impure.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
