import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** One mail as the local SES endpoint stored it. */
export interface OutboxMail {
  id: string;
  time: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html: string;
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** An SES-looking message id. */
export function newMessageId(): string {
  const hex = randomBytes(16).toString('hex');
  return `0100${Date.now().toString(16)}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 28)}-000000`;
}

export function writeMail(dataDir: string, mail: OutboxMail): void {
  const dir = outboxDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `${Date.parse(mail.time).toString().padStart(15, '0')}-${mail.id}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(mail));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
}

/** All mails, newest first. */
export function readOutbox(dataDir: string): OutboxMail[] {
  let names: string[];
  try {
    names = readdirSync(outboxDir(dataDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  names.sort().reverse();
  const mails: OutboxMail[] = [];
  for (const n of names) {
    try {
      mails.push(JSON.parse(readFileSync(join(outboxDir(dataDir), n), 'utf8')) as OutboxMail);
    } catch {
      // a half-written file cannot exist (rename), but ignore anything unreadable
    }
  }
  return mails;
}
