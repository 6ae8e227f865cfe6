// vitest globalSetup of the projects whose tests start their own stacks (e2e, reliability): every stack's IAM
// gate appends its denials to one report file; the teardown prints "IAM: N unexpected denials" and fails the
// run when N > 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDenials } from './iam.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ketnap-iam-'));
  const file = join(dir, 'denials.jsonl');
  process.env.KETNAP_IAM_DENIALS = file;
  return () => {
    try {
      reportDenials(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
