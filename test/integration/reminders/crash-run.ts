// Child process for the crash test: runs the reminder job with a SESv2 client whose N-th SendEmail kills the
// process (exit 75) — before the request leaves (`when=before`) or after SES accepted it (`when=after`).
// Usage: tsx crash-run.ts <table> <ISO time> <N> <before|after>   (stack env in process.env)
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { reminderStore } from '../../../shared/adapters/reminder-store.ts';
import { runReminderJob } from '../../../shared/reminders/job.ts';
import { clients } from './fixtures.ts';

const [table, time, nth, when] = process.argv.slice(2);
const { ddb } = clients();
const ses = new SESv2Client({});
let sends = 0;
ses.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName !== 'SendEmailCommand') return next(args);
    sends++;
    if (sends === Number(nth) && when === 'before') process.exit(75);
    const out = await next(args);
    if (sends === Number(nth) && when === 'after') process.exit(75);
    return out;
  },
  { step: 'initialize', name: 'crashOnNthSend' },
);
await runReminderJob(
  {
    store: reminderStore(ddb, table ?? ''),
    ses,
    appBaseUrl: process.env.APP_BASE_URL ?? '',
    mailFrom: 'ketnap@localhost.localdomain',
  },
  { time },
);
process.exit(0);
