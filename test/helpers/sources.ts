// The TypeScript source files under a folder (no node_modules, no hidden folders, no declaration files): what
// the architecture and permission tests read.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
