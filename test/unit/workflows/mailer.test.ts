// The send-once claim of a mail (shared/adapters/mailer.ts), against stubbed table and SES calls: a mail SES
// refused is released for the retry; a mail SES took stays claimed even when marking it sent fails, so a
// retried task cannot send it twice.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const fail = { ses: false, update: false };

vi.mock('../../../shared/adapters/repository.ts', () => ({
  isConditionalFailure: () => false,
  put: async () => {
    calls.push('claim');
  },
  update: async () => {
    calls.push('mark sent');
    if (fail.update) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
  },
}));
vi.mock('../../../shared/adapters/config.ts', () => ({
  config: () => ({ mailFrom: 'no-reply@ketnap.example', tableName: 'ketnap' }),
}));
vi.mock('../../../shared/adapters/clients.ts', () => ({
  clients: () => ({
    ddb: {
      send: async () => {
        calls.push('release');
      },
    },
  }),
  ses: async () => ({
    sdk: { SendEmailCommand: class {} },
    client: {
      send: async () => {
        calls.push('ses');
        if (fail.ses) throw Object.assign(new Error('refused'), { name: 'MessageRejected' });
        return { MessageId: 'm-1' };
      },
    },
  }),
}));

const { sendMailOnce } = await import('../../../shared/adapters/mailer.ts');
const mail = { to: ['capuy1@example.vn'], subject: 'x', text: 'x' };

beforeEach(() => {
  calls.length = 0;
  fail.ses = false;
  fail.update = false;
});

describe('sendMailOnce', () => {
  it('claims, sends, marks sent', async () => {
    expect(await sendMailOnce('decision:c1:3:u1', mail)).toBe('sent');
    expect(calls).toEqual(['claim', 'ses', 'mark sent']);
  });

  it('releases the claim of a mail SES refused, and fails so the task retries', async () => {
    fail.ses = true;
    await expect(sendMailOnce('decision:c1:3:u1', mail)).rejects.toMatchObject({ name: 'MessageRejected' });
    expect(calls).toEqual(['claim', 'ses', 'release']);
  });

  it('keeps the claim of a mail SES took when marking it sent fails', async () => {
    fail.update = true;
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await sendMailOnce('decision:c1:3:u1', mail)).toBe('sent');
    expect(calls).toEqual(['claim', 'ses', 'mark sent']);
  });
});
