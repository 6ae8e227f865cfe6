// A stack in its own process for the durability tests: `tsx test/integration/stack/child-stack.ts <dataDir>`.
// Prints one JSON line { env, endpoints, pid } once ready; functions resolve from functions/ then test fixtures.
import { join } from 'node:path';
import { REPO_ROOT } from '../../../infra/local/functions.ts';
import { startStack } from '../../../infra/local/stack.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: child-stack.ts <dataDir>');
  process.exit(2);
}
const stack = await startStack({
  dataDir,
  functionDirs: [join(REPO_ROOT, 'functions'), join(REPO_ROOT, 'test', 'fixtures', 'functions')],
});
process.stdout.write(`${JSON.stringify({ env: stack.env, endpoints: stack.endpoints, pid: process.pid })}\n`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
