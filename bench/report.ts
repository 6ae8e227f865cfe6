// The Markdown table of a bench run, for the README's performance section: each figure beside its reference
// and the issue's target, met or not, with the machine it ran on.
import type { BenchResults } from './run.ts';

const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    '## Performance',
    '',
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, Node ${m.node} (${m.platform}), shared with other work.`,
    'Reproduce: `npm run bench` measures every section (defaults: `--n 1000 --concurrency 50 --reminder-sizes 1000,100000 --api-seconds 10 --api-candidates 100`) and writes `bench/results.json` and this table to `bench/results.md`; each section below names the command it was measured with.',
    '',
  ];
  const by = (name: string) => `Measured with \`${r.commands?.[name] ?? r.command}\`.`;

  if (r.bundles) {
    const b = r.bundles;
    out.push(
      '### Lambda cold starts of the deployed assets (REPORT Init Duration in the embedded stack)',
      '',
      `Each asset of the cloud assembly started in a fresh execution environment; median Init Duration of ${b.runs} starts. Target: ${b.target}. ${by('bundles')} "Loaded at start" is index.mjs and the chunks it imports statically; the rest (exporters, S3, Step Functions and SES clients, the SDK's other credential providers) is parsed only when a request first uses it.`,
      '',
      '| function | code | loaded at start | Init Duration (ms) | × empty | × floor | target |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...b.references.map(
        (x) =>
          `| ${x.name} | ${kib(x.bytes)} | ${kib(x.startupBytes)} | ${x.initMs} | ${x.emptyRatio} | ${x.floorRatio} | reference |`,
      ),
      ...b.bundles.map(
        (x) =>
          `| ${x.name} | ${kib(x.bytes)} | ${kib(x.startupBytes)} | ${x.initMs} | ${x.emptyRatio} | ${x.floorRatio} | ${met(x.withinTarget)} |`,
      ),
      '',
    );
  }

  if (r.journey) {
    const j = r.journey;
    const ops = Object.entries(j.dynamodbCallsPerCandidateByOperation)
      .map(([k, v]) => `${k.replace('DynamoDB.', '')} ${v}`)
      .join(', ');
    out.push(
      `### The journey: ${j.candidates} candidates, referral to official member, ${j.concurrency} at a time`,
      '',
      '| measure | journey | reference | ratio | target |',
      '| --- | ---: | ---: | ---: | --- |',
      `| wall time (s) | ${j.seconds} | I/O floor ${j.floor.seconds} | ${j.floor.ratio} | within 2×: ${met(j.floor.withinTarget)} |`,
      `| candidates / s | ${j.candidatesPerSecond} | ASL alone ${j.aslAlone.candidatesPerSecond} | | |`,
      `| stage changes / s | ${j.stageChangesPerSecond} | | | |`,
      `| workflow state transitions / s | ${j.workflowTransitionsPerSecond} | ASL alone ${j.aslAlone.transitionsPerSecond} | | |`,
      `| peak memory (MiB) | stack process ${j.peakMemoryMiB.node}, with DynamoDB Local ${j.peakMemoryMiB.withDynamoDbLocal} | | | |`,
      `| DynamoDB calls per admitted candidate | ${j.dynamodbCallsPerCandidate} | | | fewer is better |`,
      '',
      `${by('journey')} Outcome: ${j.official}/${j.candidates} official, ${j.executionsSucceeded}/${2 * j.candidates} executions succeeded, audit events exactly once: ${j.auditExactlyOnce ? 'yes' : '**no**'}; driver retries: ${j.driverRetries}.`,
      `DynamoDB calls per candidate by operation: ${ops}; ${j.transactItemsPerTransaction} items per transaction; ${j.s3PutsPerCandidate} S3 uploads per candidate.`,
      `The I/O floor replays the same ${Object.entries(j.floor.operations)
        .map(([k, v]) => `${v} ${k}`)
        .join(
          ', ',
        )} straight through the SDK at concurrency ${j.floor.concurrency} on the same DynamoDB Local and s3rver (not replayed: ${
        Object.entries(j.floor.skipped)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || 'nothing'
      }).`,
      `aws-local-stepfunctions alone runs the same two ASL definitions with no-op tasks in ${j.aslAlone.seconds} s (${j.aslAlone.shareOfJourney} of the journey's time).`,
      '',
    );
  }

  if (r.reminders) {
    const rm = r.reminders;
    out.push(
      '### Reminder job (GSI3), the same 100 candidates due',
      '',
      '| candidates | due | items read | job time (ms, median of 3 days) | its GSI3 query alone, raw (ms) | target |',
      '| ---: | ---: | ---: | ---: | ---: | --- |',
      ...rm.sizes.map(
        (s) =>
          `| ${s.candidates} | ${s.due} | ${s.itemsRead} | ${s.ms} | ${s.rawQueryMs ?? ''} | reads ≤ 2× due: ${met(s.itemsRead <= 2 * s.due)} |`,
      ),
      '',
      `${by('reminders')} Time ratio largest/smallest: ${rm.timeRatio} (target ≤ 1.5: ${met(rm.timeWithinTarget)}); items read / due at the largest size: ${rm.readRatio}. The raw query column is the same GSI3 query issued alone on the same table: where it grows with the table, the growth is DynamoDB Local's (real DynamoDB charges a Query by the items it reads).`,
      '',
    );
  }

  if (r.api) {
    const a = r.api;
    out.push(
      `### API under ${a.connections} connections (autocannon, ${a.seconds} s each, ${a.candidatesInCell} candidates in the cell)`,
      '',
      by('api'),
      '',
      '| request | p50 (ms) | p99 (ms) | req/s | raw DynamoDB call | raw p50 | raw p99 | p99 ratio | target (≤ 5×) |',
      '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |',
      ...a.pairs.map(
        (p) =>
          `| ${p.name} | ${p.subject.p50} | ${p.subject.p99} | ${p.subject.rps} | ${p.reference.path === '/get' ? 'GetItem' : 'Query GSI2'} | ${p.reference.p50} | ${p.reference.p99} | ${p.p99Ratio} | ${met(p.withinTarget)}${p.subject.non2xx ? ` (${p.subject.non2xx} non-2xx)` : ''} |`,
      ),
      '',
    );
  }

  for (const [name, error] of Object.entries(r.failures)) {
    out.push(`**${name}: failed** — ${error.split('\n')[0]}`, '');
  }
  return `${out.join('\n')}\n`;
}
