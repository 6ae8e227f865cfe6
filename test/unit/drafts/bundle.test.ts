// The DOCX library stays out of the api function's cold start: in its deployed bundle (the same esbuild
// options the CDK app uses), `docx` is reached only through the drafts route's dynamic import, so it lands in a
// chunk that Node parses on the first draft, never in index.mjs or a chunk it imports statically.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../../infra/cloud/bundle.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'ketnap-api-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('api bundle', () => {
  it('loads docx lazily: not in the static closure of index.mjs, present in a dynamic chunk', async () => {
    const r = await build({
      ...lambdaBuildOptions(join(ROOT, 'functions/api.ts'), out),
      sourcemap: false,
      minify: false,
      metafile: true,
    });
    const outputs = r.metafile.outputs;
    const entry = Object.keys(outputs).find((p) => /(^|[\\/])index\.mjs$/.test(p)) as string;
    const closure = new Set<string>();
    const todo = [entry];
    while (todo.length) {
      const p = todo.pop() as string;
      if (closure.has(p)) continue;
      closure.add(p);
      for (const i of outputs[p]?.imports ?? [])
        if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
    }
    const withDocx = (p: string) =>
      Object.keys(outputs[p]?.inputs ?? {}).some((i) => /node_modules[\\/]docx[\\/]/.test(i));
    const drafted = (p: string) =>
      Object.keys(outputs[p]?.inputs ?? {}).some((i) => i.endsWith('shared/drafts/render.ts'));
    expect([...closure].filter(withDocx)).toEqual([]);
    expect([...closure].filter(drafted)).toEqual([]);
    const lazy = Object.keys(outputs).filter((p) => p.endsWith('.mjs') && !closure.has(p));
    expect(lazy.filter(withDocx).length).toBeGreaterThan(0);
    expect(lazy.filter(drafted).length).toBeGreaterThan(0);
  }, 60_000);
});
