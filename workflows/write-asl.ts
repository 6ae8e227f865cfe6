// Regenerates workflows/asl/*.json from the CDK definitions: `npx tsx workflows/write-asl.ts`.
// The embedded stack provisions from these files (no aws-cdk-lib load at start-up); a unit test fails when
// they differ from what renderAsl() produces now.
import { writeFileSync } from 'node:fs';
import { renderAsl } from './render.ts';

for (const name of ['admission', 'probation'] as const) {
  const file = new URL(`./asl/${name}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(renderAsl(name), null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}
