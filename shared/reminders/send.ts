// Recording and sending the reminder job's digests: each digest is recorded once per recipient and day
// (`DIGEST#<day>` / `TO#<recipient>`, conditional put), then claimed with a lease, sent with SES and marked
// sent in the same transaction that writes its mail key; a permanent SES rejection is recorded, never retried.
// The table's side of each step is an operation of the job's store (shared/adapters/reminder-store.ts).

import { sendEmailInput } from '../adapters/mail-input.ts';
import { sendEmail } from '../adapters/mail-send.ts';
import type { DigestRecord } from '../adapters/reminder-store.ts';
import { type Digest, type RenderedMail, renderDigest } from './digest.ts';
import { errorName } from './errors.ts';
import type { ReminderJobDeps } from './job.ts';

/** How long a run's claim on a digest keeps other runs off it (longer than one SendEmail can take). */
export const CLAIM_LEASE_MS = 90_000;

export async function recordDigest(
  deps: ReminderJobDeps,
  d: Digest,
  runId: string,
  now: Date,
): Promise<void> {
  const mail: RenderedMail = renderDigest(d, deps.appBaseUrl);
  // 'exists': already recorded by an earlier run today, kept as it is
  await deps.store.recordDigest(
    {
      day: d.day,
      recipientId: d.recipient.id,
      email: d.recipient.email,
      lang: d.recipient.language,
      role: d.role,
      items: d.candidates.flatMap((c) => c.items.map((i) => `${c.candidateId}#${i.kind}`)),
      progressCells: d.progress.map((p) => p.cellId),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      runId,
    },
    now,
  );
}

/** SES refused this mail for its content or address: retrying will not help. */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Sends one recorded digest: `sent`, `already` (another run sent it), or `rejected` (SES refused it for good;
 * recorded as `rejectedAt`). Throws `DigestBusy` while another run holds a fresh claim on it (that run may be
 * sending it right now), and any transient error after releasing the claim.
 */
export async function sendDigest(
  deps: ReminderJobDeps,
  record: DigestRecord,
  runId: string,
  wall: () => Date,
): Promise<'sent' | 'already' | 'rejected'> {
  const digest = { day: record.day, recipientId: record.recipientId };
  const claim = await deps.store.claimDigest(digest, runId, wall().getTime(), CLAIM_LEASE_MS);
  if (claim === 'sent') return 'already';
  if (claim === 'busy') {
    throw Object.assign(new Error('digest claimed by another run'), { name: 'DigestBusy' });
  }
  let res: { MessageId?: string | undefined };
  try {
    res = await sendMail(deps, record);
  } catch (e) {
    if (PERMANENT_SES_ERRORS.has(errorName(e))) {
      await deps.store.rejectDigest(digest, runId, errorName(e), wall());
      return 'rejected';
    }
    // SES answered with an error: the mail did not go. Release the claim so that a rerun can send it now.
    await deps.store.releaseDigest(digest, runId).catch(() => undefined);
    throw e;
  }
  const marked = await deps.store.markDigestSent(digest, {
    runId,
    messageId: res.MessageId ?? '',
    at: wall(),
  });
  if (marked === 'duplicate') {
    // The mail key existed: someone sent this digest before us (the digest is now recorded as sent).
    throw Object.assign(new Error('duplicate digest mail'), { name: 'DuplicateMail' });
  }
  return 'sent';
}

function sendMail(deps: ReminderJobDeps, record: DigestRecord) {
  return sendEmail(
    sendEmailInput({
      from: deps.mailFrom,
      to: [record.email],
      subject: record.subject,
      text: record.text,
      html: record.html,
      tags: [{ Name: 'job', Value: 'reminders' }],
    }),
    deps.ses,
  );
}
