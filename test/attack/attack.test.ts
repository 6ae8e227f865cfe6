/**
 * Attacks on the edges, through the real HTTP API of the embedded stack: forged, replayed, expired and other
 * approvers' approval links; documents that lie about their type, are empty, too large or carry `../` in
 * their names; oversized and malformed JSON; another cell's ids. Each is refused with a clear message in the
 * user's language, and nothing stored changes: every table item and every bucket object is compared before
 * and after (a refused upload leaves only its `documentRejected` audit event).
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchCell } from '../../bench/lib/driver.ts';
import { expectDenial } from '../helpers/iam.ts';
import { type AttackWorld, changes, forgeToken, snapshot, startWorld } from './helpers.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

let world: AttackWorld;
let driver: typeof import('../../bench/lib/driver.ts');
let app: typeof import('../../shared/app/index.ts');
let cellA: BenchCell;
let waiting: { id: string; fullName: string }; // cell A, the committee's decision awaited (links mailed)
let dossier: { id: string }; // cell A, collecting its dossier
let links: string[];

beforeAll(async () => {
  world = await startWorld();
  driver = await import('../../bench/lib/driver.ts');
  app = await import('../../shared/app/index.ts');
  // the local identity's secretaries: u-secretary-hp sees hp-kkt, u-secretary-2 sees cell-2
  cellA = await driver.makeBenchCell('hp-kkt');
  await driver.makeBenchCell('cell-2');
  const stats = driver.newStats();
  waiting = await driver.driveCandidate(cellA, 1, stats, { until: 'AWAITING_DECISION', timeoutMs: 90_000 });
  dossier = await driver.driveCandidate(cellA, 2, stats, { until: 'DOSSIER', timeoutMs: 90_000 });
  const { readOutbox } = await import('../../infra/local/outbox.ts');
  for (let i = 0; ; i++) {
    const mails = readOutbox(world.stack.dataDir).filter((m) => m.to.some((t) => t.includes('hp-kkt')));
    links = [
      ...new Set(
        mails.flatMap((m) => [...m.text.matchAll(/\/a\/([A-Za-z0-9_-]+)/g)].map((x) => x[1] as string)),
      ),
    ];
    if (links.length >= 2) break;
    if (i > 300) throw new Error('no decision mails');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 240_000);

afterAll(async () => {
  await world?.stop();
});

interface Reply {
  status: number;
  text: string;
  json: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  options: { user?: string; json?: unknown; raw?: string; form?: Record<string, string>; lang?: 'en' } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.user) headers.authorization = `Bearer ${world.tokens[options.user]}`;
  if (options.lang) headers['accept-language'] = 'en';
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(`${world.api}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = {} as Reply['json'];
  try {
    json = JSON.parse(text);
  } catch {
    // an HTML page
  }
  return { status: res.status, text, json };
}

/** Runs `attack` and proves that nothing stored changed (or only what `allowed` admits). */
async function unchanged(attack: () => Promise<void>, allowed: (line: string) => boolean = () => false) {
  const before = await snapshot();
  await attack();
  const diff = changes(before, await snapshot());
  expect(diff.removed).toEqual([]);
  expect(diff.added.filter((line) => !allowed(line))).toEqual([]);
}

/** The form's token, as the link's own member sees it once signed in (the page offers no form otherwise). */
const csrfOf = async (linkId: string) => {
  const page = await asUser((await ownerOf(linkId)).token, 'GET', `/a/${linkId}`);
  expect(page.status).toBe(200);
  const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  expect(token).toBeTruthy();
  return token as string;
};

/** The committee member a link belongs to, and a session token of theirs (signed by the local provider). */
async function ownerOf(linkId: string): Promise<{ userId: string; token: string }> {
  const ddb = new DynamoDBClient({});
  const r = await ddb.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { PK: { S: `LINK#${linkId}` }, SK: { S: 'LINK' } },
    }),
  );
  ddb.destroy();
  const userId = r.Item?.approverId?.S as string;
  const token = await forgeToken(world, {
    sub: userId,
    'cognito:groups': ['committee'],
    'custom:cellIds': 'hp-kkt',
  });
  return { userId, token };
}

async function asUser(token: string, method: string, path: string, form?: Record<string, string>) {
  const res = await fetch(`${world.api}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${token}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

describe('approval links', () => {
  it('refuses a forged link id, in Vietnamese and in English', async () => {
    const forged = randomBytes(16).toString('base64url');
    await unchanged(async () => {
      const vi = await call('GET', `/a/${forged}`);
      expect(vi.status).toBe(404);
      expect(vi.text).toContain('Liên kết không hợp lệ');
      const en = await call('GET', `/a/${forged}?lang=en`);
      expect(en.status).toBe(404);
      expect(en.text).toContain('This link is not valid');
      const post = await call('POST', `/a/${forged}`, { form: { decision: 'approve', csrf: 'x' } });
      expect(post.status).toBe(404);
      // a real link's id with one character changed is just as unknown
      const first = links[0] as string;
      const tampered = `${first.slice(0, -1)}${first.endsWith('A') ? 'B' : 'A'}`;
      expect(
        (await call('POST', `/a/${tampered}`, { form: { decision: 'approve', csrf: 'x' } })).status,
      ).toBe(404);
    });
  });

  it("refuses a decision carrying another approver's or a forged CSRF token", async () => {
    const [mine, theirs] = links as [string, string];
    const theirToken = await csrfOf(theirs);
    const me = await ownerOf(mine);
    await unchanged(async () => {
      const crossed = await asUser(me.token, 'POST', `/a/${mine}`, { decision: 'approve', csrf: theirToken });
      expect(crossed.status).toBe(403);
      expect(crossed.text).toContain('Phiên biểu mẫu không hợp lệ');
      const forged = await asUser(me.token, 'POST', `/a/${mine}`, {
        decision: 'approve',
        csrf: `${theirToken}x`,
      });
      expect(forged.status).toBe(403);
      const none = await asUser(me.token, 'POST', `/a/${mine}`, { decision: 'approve' });
      expect([400, 403]).toContain(none.status);
    });
    expect((await app.getCandidate(cellA.secretary, waiting.id)).stage).toBe('AWAITING_DECISION');
  });

  it('refuses an expired link', async () => {
    const expiring = links[1] as string;
    const token = await csrfOf(expiring);
    // time passes: the link's expiry is now behind us
    const ddb = new DynamoDBClient({});
    await ddb.send(
      new UpdateItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { PK: { S: `LINK#${expiring}` }, SK: { S: 'LINK' } },
        UpdateExpression: 'SET expiresOn = :past',
        ExpressionAttributeValues: { ':past': { S: new Date(Date.now() - 60_000).toISOString() } },
      }),
    );
    ddb.destroy();
    await unchanged(async () => {
      const page = await call('GET', `/a/${expiring}`);
      expect(page.status).toBe(410);
      expect(page.text).toContain('Liên kết này đã hết hạn');
      const post = await call('POST', `/a/${expiring}`, { form: { decision: 'approve', csrf: token } });
      expect(post.status).toBe(410);
    });
    expect((await app.getCandidate(cellA.secretary, waiting.id)).stage).toBe('AWAITING_DECISION');
  });

  it('finding 14.3: the link alone records nothing; another signed-in user is refused; only its member answers', async () => {
    const link = links[0] as string;
    const token = await csrfOf(link);
    const me = await ownerOf(link);
    const secretary2 = world.tokens['u-secretary-2'] as string;
    await unchanged(async () => {
      // ten parallel POSTs with the second cell's secretary's session, and ten with no session at all
      const other = await Promise.all(
        Array.from({ length: 10 }, () =>
          asUser(secretary2, 'POST', `/a/${link}`, { decision: 'approve', csrf: token }),
        ),
      );
      for (const r of other) {
        expect(r.status).toBe(403);
        expect(r.text).toContain('Không thể ghi ý kiến thay người khác');
      }
      const anonymous = await Promise.all(
        Array.from({ length: 10 }, () =>
          call('POST', `/a/${link}`, { form: { decision: 'approve', csrf: token } }),
        ),
      );
      for (const r of anonymous) expect(r.status).toBe(401);
      // the page, opened without a session, offers sign-in back to itself, not the form
      const page = await call('GET', `/a/${link}`);
      expect(page.text).toContain(`/auth/login?next=${encodeURIComponent(`/a/${link}`)}`);
      expect(page.text).not.toContain('id="approval-form"');
    });
    const ok = await asUser(me.token, 'POST', `/a/${link}`, { decision: 'approve', csrf: token });
    expect(ok.status).toBe(303);
    const events = (await app.timeline(cellA.secretary, waiting.id)).filter(
      (e) => e.type === 'committeeAnswer',
    );
    expect(events.map((e) => e.actorId)).toEqual([me.userId]);
  });

  it('records an answer once: a replay answers "already recorded" and changes nothing', async () => {
    const link = links[0] as string;
    const me = await ownerOf(link);
    await unchanged(async () => {
      const replay = await asUser(me.token, 'POST', `/a/${link}`, {
        decision: 'return',
        comment: 'Bổ sung lý lịch',
        csrf: 'x'.repeat(40),
      });
      expect(replay.status).toBe(409);
      expect(replay.text).toMatch(
        /Ý kiến của đồng chí: Đồng ý kết nạp, ghi nhận lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
      );
      const page = await call('GET', `/a/${link}`);
      expect(page.text).toContain('ghi nhận lúc');
      expect(page.text).not.toContain('name="csrf"');
    });
    const events = (await app.timeline(cellA.secretary, waiting.id)).map((e) => e.type);
    expect(events.filter((t) => t === 'committeeAnswer')).toHaveLength(1);
    expect(events).not.toContain('refused');
  });

  it('finding 14.2: a used or expired link no longer hands out documents', async () => {
    const docs = await app.listDocuments(cellA.secretary, waiting.id);
    expect(docs.length).toBeGreaterThan(0);
    const docId = docs[0]?.docId as string;
    await unchanged(async () => {
      // used (answered above) and expired (the test before): neither redirects to a document any more
      for (const link of links.slice(0, 2)) {
        const r = await call('GET', `/a/${link}/documents/${docId}`);
        expect(r.status).toBe(410);
        expect(r.text).not.toMatch(/X-Amz-Signature/);
      }
    });
  });
});

describe('documents', () => {
  const onlyRejection = (line: string) => line.includes('documentRejected');

  async function presign(fileName: string, size: number, contentType = 'application/pdf') {
    return call('POST', `/api/candidates/${dossier.id}/uploads`, {
      user: 'u-secretary-hp',
      json: { formCode: '1-KNĐ', fileName, contentType, size, signedOn: '2024-02-20' },
    });
  }

  async function uploadAndConfirm(body: Buffer, declared = Math.max(1, body.length)) {
    const p = await presign('don-xin-vao-dang.pdf', declared);
    expect(p.status).toBe(200);
    const { url, fields, docId } = p.json as unknown as {
      url: string;
      fields: Record<string, string>;
      docId: string;
    };
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(
      'file',
      new Blob([new Uint8Array(body)], { type: 'application/pdf' }),
      'don-xin-vao-dang.pdf',
    );
    const s3 = await fetch(url, { method: 'POST', body: form });
    const s3Text = await s3.text();
    const confirm = await call('POST', `/api/candidates/${dossier.id}/uploads/${docId}/confirm`, {
      user: 'u-secretary-hp',
    });
    return Object.assign(confirm, { s3: { status: s3.status, text: s3Text } });
  }

  const version = async () => (await app.getCandidate(cellA.secretary, dossier.id)).version;

  it('refuses a file that says PDF but is a program, and keeps nothing of it', async () => {
    const v = await version();
    await unchanged(async () => {
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), randomBytes(400)]);
      const r = await uploadAndConfirm(exe);
      expect(r.status).toBe(422);
      expect(r.json.error?.message).toBe('Chỉ nhận tệp PDF, JPEG hoặc PNG');
      const html = await uploadAndConfirm(Buffer.from('<html><script>alert(1)</script></html>'));
      expect(html.status).toBe(422);
    }, onlyRejection);
    expect(await version()).toBe(v);
    expect(await app.listDocuments(cellA.secretary, dossier.id)).toEqual([]);
  });

  it('refuses an empty file', async () => {
    // S3 itself refuses it (the POST policy's content-length-range), and the app finds nothing to keep
    expectDenial({
      principal: 'ketnap-api',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::ketnap-documents',
    });
    await unchanged(async () => {
      const r = await uploadAndConfirm(Buffer.alloc(0), 1);
      expect(r.s3.text).toContain('<Code>EntityTooSmall</Code>');
      expect(r.status).toBe(422);
      expect(r.json.error?.message).toBe('Không tìm thấy tệp đã tải lên');
    }, onlyRejection);
  });

  it('refuses a file too large, whether declared so or only sent so', async () => {
    await unchanged(async () => {
      const declared = await presign('lon.pdf', 50 * 1024 * 1024);
      expect(declared.status).toBe(400);
      expect(declared.text.length).toBeGreaterThan(0);
      // sent larger than declared: S3 refuses it (the POST policy's content-length-range), nothing is kept
      expectDenial({
        principal: 'ketnap-api',
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::ketnap-documents',
      });
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
      const sent = await uploadAndConfirm(big, 1024);
      expect(sent.s3.text).toContain('<Code>EntityTooLarge</Code>');
      expect(sent.status).toBe(422);
      expect(sent.json.error?.message).toBe('Không tìm thấy tệp đã tải lên');
    }, onlyRejection);
  });

  it('refuses a file name that climbs out of its folder', async () => {
    await unchanged(async () => {
      for (const name of ['../../etc/passwd.pdf', '..\\..\\boot.pdf', 'a/../../b.pdf', '..']) {
        const r = await presign(name, 1000);
        expect(r.status, name).toBe(400);
        expect(JSON.stringify(r.json), name).toMatch(/[ăâđêôơưàảãáạệếềểễ]/i);
      }
    });
  });
});

describe('request bodies', () => {
  it('refuses malformed JSON with a clear message and stores nothing', async () => {
    await unchanged(async () => {
      const r = await call('POST', '/api/candidates', {
        user: 'u-secretary-hp',
        raw: '{"cellId": "hp-kkt", "fullName": ',
      });
      expect(r.status).toBe(400);
      expect(r.json.error?.message).toBe('Nội dung gửi lên không phải JSON hợp lệ.');
      const en = await call('POST', '/api/candidates', { user: 'u-secretary-hp', raw: '[1,2', lang: 'en' });
      expect(en.status).toBe(400);
      expect(en.json.error?.message).toBe('The body is not valid JSON.');
    });
  });

  it('refuses an oversized body and stores nothing', async () => {
    await unchanged(async () => {
      const r = await call('POST', '/api/candidates', {
        user: 'u-secretary-hp',
        json: {
          cellId: 'hp-kkt',
          fullName: 'x'.repeat(400_000),
          birthDate: '1995-03-12',
          referredOn: '2024-01-08',
          introduction: {
            path: 'union-plus-member',
            introducerMemberIds: ['m1'],
            togetherSince: together(['m1']),
          },
        },
      });
      expect(r.status).toBe(413);
      expect(r.json.error?.message).toBe('Nội dung gửi lên quá lớn.');
    });
  });
});

describe("another cell's ids", () => {
  it('shows nothing of another cell and changes nothing in it', async () => {
    const intruder = 'u-secretary-2';
    await unchanged(async () => {
      const read = await call('GET', `/api/candidates/${dossier.id}`, { user: intruder });
      expect([403, 404]).toContain(read.status);
      expect(read.json.error?.message).toBeTruthy();
      expect(read.text).not.toContain('Nguyễn Văn Thử');
      const timeline = await call('GET', `/api/candidates/${dossier.id}/timeline`, { user: intruder });
      expect([403, 404]).toContain(timeline.status);
      const list = await call('GET', '/api/candidates?cellId=hp-kkt', { user: intruder });
      expect([403, 404]).toContain(list.status);
      expect(list.text).not.toContain(dossier.id);
      const page = await call('GET', `/candidates/${dossier.id}`, { user: intruder });
      expect([403, 404]).toContain(page.status);
      expect(page.text).not.toContain('Nguyễn Văn Thử');
      const upload = await call('POST', `/api/candidates/${dossier.id}/uploads`, {
        user: intruder,
        json: {
          formCode: '1-KNĐ',
          fileName: 'a.pdf',
          contentType: 'application/pdf',
          size: 100,
          signedOn: '2024-02-20',
        },
      });
      expect([403, 404]).toContain(upload.status);
      const withdraw = await call('POST', `/api/candidates/${dossier.id}/withdraw`, {
        user: intruder,
        json: { on: '2024-03-01', reason: 'tấn công' },
      });
      expect([403, 404]).toContain(withdraw.status);
      const refer = await call('POST', '/api/candidates', {
        user: intruder,
        json: {
          cellId: 'hp-kkt',
          fullName: 'Kẻ Xâm Nhập',
          birthDate: '1995-03-12',
          referredOn: '2024-01-08',
          introduction: {
            path: 'union-plus-member',
            introducerMemberIds: ['m1'],
            togetherSince: together(['m1']),
          },
        },
      });
      expect([403, 404]).toContain(refer.status);
    });
  });
});
