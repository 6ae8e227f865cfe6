// Runs inside DynamoDB Local's private network namespace (see dynamodb.ts): brings its loopback up, starts
// the JVM there, and bridges a unix socket (the only way in) to the JVM's port.
// argv: <socketPath> <jvmPort> <ipCommand> <cmd> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const [socketPath, jvmPort, ip, cmd, ...args] = process.argv.slice(2);
const up = spawnSync(ip, ['link', 'set', 'lo', 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (up.status !== 0) {
  process.stderr.write('dynamodb-bridge: cannot bring up the loopback of the private network namespace\n');
  process.exit(3);
}
const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
child.on('exit', (code) => process.exit(code ?? 1));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill('SIGTERM'));

rmSync(socketPath, { force: true });
const server = createServer((client) => {
  const jvm = connect(Number(jvmPort), '127.0.0.1');
  client.pipe(jvm);
  jvm.pipe(client);
  client.on('error', () => jvm.destroy());
  jvm.on('error', () => client.destroy());
});
server.listen(socketPath, () => {
  chmodSync(socketPath, 0o600);
  process.stdout.write(`${JSON.stringify({ java: child.pid })}\n`);
});
