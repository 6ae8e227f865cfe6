// `npm start`: the whole of ketnap on this machine, with demo data, until Ctrl+C.
import { resolve } from 'node:path';
import { JavaMissingError } from './dynamodb.ts';
import { REPO_ROOT } from './functions.ts';
import { ensurePrereqs } from './prereqs.ts';
import { type Stack, startStack } from './stack.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const flag = (name: string, fallback: boolean) => {
  const raw = process.env[name];
  return raw === undefined || raw === ''
    ? fallback
    : !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
};

// a fresh machine: Java is installed when running as root, otherwise the exact command is printed
if (!ensurePrereqs(['start'])) process.exit(1);

const t0 = Date.now();
let stack: Stack | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ketnap...`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await stack?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  stack = await startStack({
    dataDir: resolve(process.env.KETNAP_DATA_DIR || resolve(REPO_ROOT, '.ketnap')),
    ports: {
      api: port('KETNAP_PORT', 3000),
      dynamodb: port('KETNAP_DYNAMODB_PORT', 0),
      s3: port('KETNAP_S3_PORT', 0),
      sfn: port('KETNAP_SFN_PORT', 0),
      ses: port('KETNAP_SES_PORT', 0),
    },
    // the URL answers at once; the demo data (real executions driven through the workflow) loads behind it
    seed: flag('KETNAP_SEED', true) ? 'background' : false,
    // test fixtures: folders of extra functions that the cloud assembly does not have
    ...(process.env.KETNAP_EXTRA_FUNCTION_DIRS
      ? {
          functionDirs: process.env.KETNAP_EXTRA_FUNCTION_DIRS.split(':')
            .filter(Boolean)
            .map((d) => resolve(d)),
        }
      : {}),
    cron: flag('KETNAP_CRON', true),
    log: (line) => console.log(line),
  });
} catch (err) {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (err instanceof JavaMissingError) console.error(err.message);
  else if (e.code === 'EADDRINUSE') {
    console.error(
      `ketnap could not start: port ${e.port ?? ''} is in use (choose another with KETNAP_PORT=<port>)`,
    );
  } else console.error(`ketnap could not start: ${e.message}`);
  process.exit(1);
}
if (stopping) await new Promise(() => {});
const url = stack.endpoints.api;
console.log(`ketnap is running: ${url}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`  outbox (mails sent): ${url}/outbox`);
console.log(`  data folder: ${stack.dataDir}`);
console.log(
  `  services: dynamodb ${stack.endpoints.dynamodb}  s3 ${stack.endpoints.s3}  stepfunctions ${stack.endpoints.sfn}  sesv2 ${stack.endpoints.sesv2}  lambda ${stack.endpoints.lambda}`,
);
if (stack.seeding)
  console.log('  demo data: loading in the background ("[stack] demo data loaded" when done)');
console.log('Press Ctrl+C to stop.');
