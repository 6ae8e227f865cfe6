/**
 * Sending mail once. The mail key is claimed with a conditional put before SES is called (or in the caller's
 * transaction right before, `txMailClaim`): a retried task finds the claim and sends nothing. If SES fails, the
 * claim is released so the retry sends; once SES took the mail, the claim stays even if marking it sent fails.
 * (A process that dies between the claim and SES's answer loses that one mail rather than sending it twice; the
 * approval link it carried is also on the candidate's page.)
 *
 * Why not Powertools Idempotency (makeIdempotent with its DynamoDB persistence layer): it would not do this
 * better here.
 * - Its record is keyed by a hash of the function's name and the chosen part of the payload (in a table with
 *   a sort key, all in one partition per function, `idempotency#<function>`); the claim is keyed
 *   `MAIL#<mail key>`, and the key says what "the same mail" is (kind, candidate, cursor, addressee), not the
 *   mail's text (which changes with the language or a new deadline). wf-notify reads that item to count the
 *   mails an earlier attempt already sent; with Idempotency it would have to recompute Powertools' hash.
 * - Its IN_PROGRESS record expires with the invocation's remaining time, after which a retry sends again (at
 *   least once). Here a crash mid-send loses the mail (at most once): a committee mail carries an answerable
 *   link, and a second copy is worse than none; the link is also on the candidate's page.
 * - Its records live 1 hour by default (the claim 180 days, as long as a retried execution may come back).
 * - It needs the same grants on the table (GetItem, PutItem, UpdateItem, DeleteItem), and the package
 *   @aws-lambda-powertools/idempotency, not a dependency; its hashing and JMESPath would load in wf-notify.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { sendEmailInput } from './mail-input.ts';
import { sendEmail } from './mail-send.ts';
import { count, log } from './observability.ts';
import { requires } from './permissions.ts';
import { isConditionalFailure, put, type TxItem, txPut, txUpdate, update } from './repository.ts';
import { keys } from './table.ts';

export type Mail = { to: string[]; subject: string; text: string; html?: string };

/** A mail SES took, to be marked sent by the caller in a transaction it writes anyway (`txMailSent`). */
export type MailSent = { mailKey: string; at: string; messageId: string };

/** The claim of a mail key, before SES is called (it lives 180 days, as long as a retried execution may come back). */
const claimItem = (mailKey: string, now = new Date()) => ({
  ...keys.mail(mailKey),
  type: 'mail',
  status: 'sending',
  claimedAt: now.toISOString(),
  expiresAt: Math.floor(now.getTime() / 1000) + 180 * 86_400,
});

/**
 * The claim of a mail as a transaction part, for a caller whose transaction comes right before the mail is
 * sent (only computation in between, as between a claim of its own and the send): it then calls
 * `sendMailOnce` with `claimed`. If that transaction fails, nothing is claimed.
 */
export const txMailClaim = (mailKey: string): TxItem => txPut(claimItem(mailKey), 'attribute_not_exists(PK)');

/**
 * `sentLater`: instead of marking the mail sent with a write of its own, add it to this list; the caller
 * writes `txMailSent` in its transaction (or `recordMailSent` when that transaction does not come).
 * `claimed`: the caller's own transaction claimed it just now (`txMailClaim`).
 */
export async function sendMailOnce(
  mailKey: string,
  mail: Mail,
  sentLater?: MailSent[],
  opts: { claimed?: boolean } = {},
): Promise<'sent' | 'already-sent'> {
  const key = keys.mail(mailKey);
  if (!opts.claimed) {
    try {
      await put(claimItem(mailKey), 'attribute_not_exists(PK)');
    } catch (err) {
      if (isConditionalFailure(err)) return 'already-sent';
      throw err;
    }
  }
  let messageId: string;
  try {
    const res = await sendEmail(
      sendEmailInput({
        from: config().mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      }),
    );
    messageId = res.MessageId ?? '';
  } catch (err) {
    await releaseClaim(key, err as Error);
    throw err;
  }
  // the kind of mail is the key's first part (decision, outcome, withdrawn): never the addressee
  count('MailsSent', 1, { kind: mailKey.split(':')[0] ?? 'mail' });
  // SES took the mail: its claim stays whatever happens now (releasing it would let a retry send it again)
  const sent: MailSent = { mailKey, at: new Date().toISOString(), messageId };
  if (sentLater) sentLater.push(sent);
  else await recordMailSent(sent);
  return 'sent';
}

const sentUpdate = (s: MailSent) => ({
  Key: keys.mail(s.mailKey),
  UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :id',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':sent': 'sent', ':at': s.at, ':id': s.messageId },
});

/** The transaction part that marks a mail SES took as sent. */
export const txMailSent = (s: MailSent) => txUpdate(sentUpdate(s));

/** Marks a mail SES took as sent; a failure is logged, never thrown (the claim stays: no second send). */
export async function recordMailSent(s: MailSent): Promise<void> {
  try {
    await update(sentUpdate(s));
  } catch (err) {
    log.warn('mail sent, its status not recorded', { error: (err as Error).name });
  }
}

export class MailClaimNotReleasedError extends Error {
  override name = 'MailClaimNotReleased';
}

/**
 * Releases the claim of a mail SES did not take, so that the retry sends it. Tried three times; if the table
 * still refuses, the failure is not swallowed: the error says the mail is held by its claim (the caller's
 * task fails and its Catch records it on the candidate's timeline).
 */
async function releaseClaim(key: Record<string, unknown>, cause: Error): Promise<void> {
  requires('ketnap-iam:table:dynamodb:DeleteItem');
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await clients().ddb.send(new DeleteCommand({ TableName: config().tableName, Key: key }));
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  throw new MailClaimNotReleasedError(
    `SES refused the mail (${cause.name}) and its send-once claim could not be released (${(last as Error).name}); it will not be retried until the claim is removed`,
    { cause },
  );
}
