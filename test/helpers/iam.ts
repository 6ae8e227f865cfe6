/**
 * Denials of the embedded stacks' IAM gates during a test run. Every gate appends its denials to the file
 * named by KETNAP_IAM_DENIALS (set by the projects' global setups); a test that provokes a denial on purpose
 * marks it with `expectDenial`, and the run's teardown fails when any denial was not expected.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface DenialLine {
  time: string;
  principal: string;
  action: string;
  resource: string;
  reason: string;
  detail: string;
  dataDir?: string;
}

export interface ExpectedDenial {
  /** Principal name (e.g. 'admin', 'ketnap-api', '(unknown key)', '(anonymous)'). */
  principal: string;
  /** IAM action, e.g. 'dynamodb:DeleteItem'. */
  action: string;
  /** Resource ARN, or a prefix of it ending with '*'; any when absent. */
  resource?: string;
}

/** Mark denials matching `e` as expected by this test run (any number of them). */
export function expectDenial(e: ExpectedDenial): void {
  const file = process.env.KETNAP_IAM_DENIALS;
  if (!file) throw new Error('KETNAP_IAM_DENIALS is not set: run the test through its vitest project');
  appendFileSync(file, `${JSON.stringify({ expected: e })}\n`);
}

function matches(e: ExpectedDenial, d: DenialLine): boolean {
  if (e.principal !== d.principal || e.action.toLowerCase() !== d.action.toLowerCase()) return false;
  if (!e.resource) return true;
  return e.resource.endsWith('*')
    ? d.resource.startsWith(e.resource.slice(0, -1))
    : d.resource === e.resource;
}

/** The denials of the report file and those no expectation covers. */
export function readDenials(file: string): { all: DenialLine[]; unexpected: DenialLine[] } {
  if (!existsSync(file)) return { all: [], unexpected: [] };
  const all: DenialLine[] = [];
  const expected: ExpectedDenial[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as DenialLine | { expected: ExpectedDenial };
    if ('expected' in rec) expected.push(rec.expected);
    else all.push(rec);
  }
  return { all, unexpected: all.filter((d) => !expected.some((e) => matches(e, d))) };
}

/** Print "IAM: N unexpected denials" (and each of them); throws when N > 0. */
export function reportDenials(file: string, log: (line: string) => void = console.log): void {
  const { all, unexpected } = readDenials(file);
  log(`IAM: ${unexpected.length} unexpected denials (${all.length} denials in all)`);
  for (const d of unexpected.slice(0, 50)) {
    log(`  ${d.principal} ${d.action} on ${d.resource}: ${d.reason} (${d.detail})`);
  }
  if (unexpected.length > 0) {
    throw new Error(
      `IAM: ${unexpected.length} unexpected denials: a grant is missing or a test did not mark the denial it provokes (test/helpers/iam.ts expectDenial)`,
    );
  }
}
