// The embedded stack in a process of its own, for the bench (clean memory figures, a load generator that
// doesn't share the stack's event loop) and the chaos runs (SIGKILL). Started by stack-process.ts.
// Options come as JSON in argv[2]; the stack's env and endpoints go back as one line on stdout.
// With KETNAP_FAULT_RATE set, that share of the deployed functions' DynamoDB and S3 requests fail on the wire
// (infra/local/wire.ts); with KETNAP_COUNT_SDK=1, every request is counted there and reported over IPC.
import { startStack } from '../../infra/local/stack.ts';
import { wireCounter, wireFaults } from '../../infra/local/wire.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startStack>[0];
// Provisioning runs without faults (they are installed after it): the chaos is about the workflow.
const stack = await startStack({ ...options, applyEnv: true });
const counter = process.env.KETNAP_COUNT_SDK === '1' ? wireCounter(stack.iam.wire) : undefined;
const faultRate = Number(process.env.KETNAP_FAULT_RATE ?? 0);
const faults =
  faultRate > 0
    ? wireFaults(stack.iam.wire, {
        rate: faultRate,
        seed: Number(process.env.KETNAP_FAULT_SEED ?? 1),
        spare: ['admin'],
      })
    : undefined;
if (process.env.KETNAP_FAULTS_PAUSED === '1') faults?.pause();
process.stdout.write(`KETNAP_STACK ${JSON.stringify({ env: stack.env, endpoints: stack.endpoints })}\n`);

process.on('message', (message: { type?: string; id?: number }) => {
  const reply = (body: unknown) => process.send?.({ id: message.id, body });
  if (message.type === 'counts') reply({ counts: counter?.counts ?? null, faults: faults?.stats ?? null });
  else if (message.type === 'reset') {
    counter?.reset();
    reply({ ok: true });
  } else if (message.type === 'faults') {
    const on = (message as { on?: boolean }).on;
    if (on) faults?.resume();
    else faults?.pause();
    reply({ ok: true });
  }
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
