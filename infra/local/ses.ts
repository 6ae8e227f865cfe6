import type { Server, ServerResponse } from 'node:http';
import * as z from 'zod';
import { authenticate } from './iam/auth.ts';
import { restJsonError } from './iam/errors.ts';
import type { IamGate } from './iam/gate.ts';
import { parseMime } from './mime.ts';
import { closeServer, createServer, listen, readBody } from './net.ts';
import { newMessageId, type OutboxMail, readOutbox, writeMail } from './outbox.ts';

const content = z.object({ Data: z.string(), Charset: z.string().optional() });

const sendEmailInput = z.object({
  FromEmailAddress: z.string().min(1).optional(),
  Destination: z
    .object({
      ToAddresses: z.array(z.string()).optional(),
      CcAddresses: z.array(z.string()).optional(),
      BccAddresses: z.array(z.string()).optional(),
    })
    .optional(),
  ReplyToAddresses: z.array(z.string()).optional(),
  Content: z.union([
    z.object({
      Simple: z.object({
        Subject: content,
        Body: z.object({ Text: content.optional(), Html: content.optional() }),
        Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
      }),
    }),
    z.object({ Raw: z.object({ Data: z.string() }) }),
  ]),
});

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const json = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': crypto.randomUUID(),
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(json);
}

/** Turn a SESv2 SendEmail request into the outbox record; throws a message on bad input. */
export function toMail(body: unknown, now: Date): OutboxMail {
  const input = sendEmailInput.parse(body);
  const id = newMessageId();
  const base = {
    id,
    time: now.toISOString(),
    from: input.FromEmailAddress ?? '',
    to: input.Destination?.ToAddresses ?? [],
    cc: input.Destination?.CcAddresses ?? [],
    bcc: input.Destination?.BccAddresses ?? [],
    replyTo: input.ReplyToAddresses ?? [],
  };
  if ('Simple' in input.Content) {
    const s = input.Content.Simple;
    return { ...base, subject: s.Subject.Data, text: s.Body.Text?.Data ?? '', html: s.Body.Html?.Data ?? '' };
  }
  const raw = Buffer.from(input.Content.Raw.Data, 'base64').toString('utf8');
  const m = parseMime(raw);
  return {
    ...base,
    from: base.from || m.from,
    to: base.to.length ? base.to : m.to,
    cc: base.cc.length ? base.cc : m.cc,
    replyTo: base.replyTo.length ? base.replyTo : m.replyTo,
    subject: m.subject,
    text: m.text,
    html: m.html,
  };
}

/**
 * The local SESv2 endpoint: `POST /v2/email/outbound-emails` (SendEmail, Simple and Raw content) writes
 * each mail to `<dataDir>/outbox`; `GET /outbox.json` lists them (local convenience, not an SES API).
 */
/** The bare address of `"Name" <a@b>` or `a@b`, and the display name. */
export function splitAddress(from: string): { address: string; displayName?: string } {
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(from);
  if (m) return { address: (m[2] ?? '').trim(), displayName: m[1]?.trim() || undefined };
  return { address: from.trim() };
}

/**
 * What SES v2 SendEmail is authorized on: the identity of the sender (the From address's domain: the
 * identity the deployment verifies), with the condition keys ses:FromAddress, ses:FromDisplayName,
 * ses:Recipients, ses:FeedbackAddress and ses:ApiVersion.
 */
export function sendEmailCheck(mail: OutboxMail, body: unknown, region: string, account: string) {
  const { address, displayName } = splitAddress(mail.from);
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : address;
  const feedback = (body as { FeedbackForwardingEmailAddress?: unknown }).FeedbackForwardingEmailAddress;
  return {
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:${region}:${account}:identity/${domain}`,
    context: {
      'ses:FromAddress': address,
      'ses:FromDisplayName': displayName,
      'ses:Recipients': [...mail.to, ...mail.cc, ...mail.bcc].map((a) => splitAddress(a).address),
      'ses:FeedbackAddress': typeof feedback === 'string' ? feedback : undefined,
      'ses:ApiVersion': '2',
    },
  };
}

export async function startSes(opts: {
  dataDir: string;
  port: number;
  now?: () => number;
  /** Authenticates and authorizes SendEmail (see sendEmailCheck); none = no checks. */
  gate?: IamGate;
}): Promise<{ port: number; endpoint: string; server: Server; stop(): Promise<void> }> {
  const now = opts.now ?? Date.now;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
        const raw = await readBody(req);
        const gate = opts.gate;
        const who = gate
          ? authenticate(gate, req, { service: 'ses', action: 'ses:SendEmail', resource: '*' }, { body: raw })
          : undefined;
        if (who && !who.ok) {
          const type =
            who.failure === 'unknown-key'
              ? 'UnrecognizedClientException'
              : who.failure === 'missing'
                ? 'MissingAuthenticationTokenException'
                : 'InvalidSignatureException';
          return restJsonError(res, 403, type, who.message);
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString('utf8') || '{}');
        } catch {
          return send(res, 400, { message: 'Request body is not valid JSON' }, 'BadRequestException');
        }
        let mail: OutboxMail;
        try {
          mail = toMail(parsed, new Date(now()));
        } catch (err) {
          const msg = err instanceof z.ZodError ? z.prettifyError(err) : String(err);
          return send(res, 400, { message: msg }, 'BadRequestException');
        }
        if (mail.to.length + mail.cc.length + mail.bcc.length === 0) {
          return send(res, 400, { message: 'Missing final destination' }, 'BadRequestException');
        }
        if (gate && who?.ok) {
          const check = sendEmailCheck(mail, parsed, gate.region, gate.account);
          const d = gate.authorizeAll(who.principal.accessKeyId, [check]);
          if (!d.allowed) {
            const msg = `User \`${d.principal?.arn ?? ''}' is not authorized to perform \`ses:SendEmail' on resource \`${check.resource}'`;
            return restJsonError(res, 403, 'AccessDeniedException', msg);
          }
        }
        writeMail(opts.dataDir, mail);
        return send(res, 200, { MessageId: mail.id });
      }
      if (req.method === 'GET' && url.pathname === '/outbox.json') {
        return send(res, 200, readOutbox(opts.dataDir));
      }
      return send(
        res,
        404,
        { message: `Unsupported operation ${req.method} ${url.pathname}` },
        'NotFoundException',
      );
    } catch (err) {
      return send(res, 500, { message: (err as Error).message }, 'InternalFailure');
    }
  });
  const port = await listen(server, opts.port);
  return { port, endpoint: `http://127.0.0.1:${port}`, server, stop: () => closeServer(server) };
}
