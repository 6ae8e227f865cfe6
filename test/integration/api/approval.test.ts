// The committee's approval links, through HTTP: GET shows the dossier, the round and its answers and changes
// nothing; an answer needs the link's own member signed in (anyone else is refused) and a CSRF token bound to
// the link; each member's answer is recorded and shown to the others; the quorum (2/3 of a three-member
// committee) fixes the outcome, dissent included; a late answer is kept as late; the secretary is mailed the
// outcome with every comment; a return is resubmitted straight to the committee in a round of its own; a
// withdrawal cancels the open links and mails the committee; a dossier counts once in the progress.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../infra/local/identity.ts';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, until } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
);
const TableName = stack.env.TABLE_NAME ?? 'ketnap';
type Mail = { to: string[]; subject: string; text: string; html?: string };
let f: Fixture;
const cookies: Record<string, string> = {};
let members: string[] = [];

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const mails = async () => (await call('GET', '/outbox.json')).json<Mail[]>();
const emailOf = (u: string) => `${u}@example.test`;
const stageOf = async (id: string) =>
  (await call('GET', `/api/candidates/${id}`, { cookie: await f.cookie('secA') })).json<{ stage: string }>()
    .stage;

/** The approval link path of `member` in the candidate's open round (the round keeps each member's link). */
async function linkFor(member: string, candidateId: string): Promise<string> {
  return until(
    async () => {
      const c = await ddb.send(new GetCommand({ TableName, Key: { PK: `CAND#${candidateId}`, SK: 'META' } }));
      const r = await ddb.send(
        new GetCommand({
          TableName,
          Key: { PK: `CAND#${candidateId}`, SK: `ROUND#${String(c.Item?.cursor).padStart(4, '0')}` },
        }),
      );
      const id = (r.Item?.links as Record<string, string> | undefined)?.[member];
      // the link is mailed right after it is remembered: wait for that member's mail too
      const mailed = id && (await mails()).some((m) => m.text.includes(`/a/${id}`));
      return mailed ? `/a/${id}` : undefined;
    },
    30_000,
    `the link of ${member}`,
  );
}

async function answer(member: string, path: string, decision: string, comment = '') {
  const page = await call('GET', path, { cookie: cookies[member] as string });
  const csrf = csrfOf(page.body);
  return call('POST', path, {
    cookie: cookies[member] as string,
    form: { decision, csrf, ...(comment ? { comment } : {}) },
  });
}

async function toDecision(name: string): Promise<string> {
  const id = await driveToVote(call, f, name);
  const v = await call('POST', `/api/candidates/${id}/vote`, {
    cookie: await f.cookie('secA'),
    json: { meetingOn: daysAgo(2), yes: 8, no: 1, denominator: 9, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
  return id;
}

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  // a three-member committee (one of them reads English) and the cell's secretary on the cell
  const extra = [`${f.users.comA.userId}-2`, `${f.users.comA.userId}-3`];
  members = [f.users.comA.userId, ...extra];
  for (const [i, u] of extra.entries())
    await ddb.send(
      new PutCommand({
        TableName,
        Item: {
          PK: `USER#${u}`,
          SK: 'META',
          type: 'user',
          userId: u,
          role: 'committee',
          cellIds: [f.cellA],
          displayName: `Ủy viên ${i === 0 ? 'B' : 'C'}`,
          email: emailOf(u),
          lang: i === 1 ? 'en' : 'vi',
        },
      }),
    );
  await ddb.send(
    new UpdateCommand({
      TableName,
      Key: { PK: `CELL#${f.cellA}`, SK: 'META' },
      UpdateExpression: 'SET committeeUserIds = :c, secretaryUserIds = :s',
      ExpressionAttributeValues: { ':c': members, ':s': [f.users.secA.userId] },
    }),
  );
  const idp = await createIdentity({ dataDir: stack.dataDir, baseUrl: stack.endpoints.api });
  for (const [i, u] of members.entries())
    cookies[u] =
      `ketnap_session=${await idp.issue({ userId: u, role: 'committee', cellIds: [f.cellA], displayName: `Ủy viên ${'ABC'[i]}` })}`;
}, 120_000);

describe('approval links: a committee decides as a committee', () => {
  let cand: string;
  let links: string[];

  it('GET shows the dossier, the round, the deadline and the quorum, changes nothing, and offers the form only to its member', async () => {
    cand = await toDecision('Phạm Minh Châu');
    links = await Promise.all(members.map((m) => linkFor(m, cand)));
    const items = async () => (await ddb.send(new ScanCommand({ TableName, Select: 'COUNT' }))).Count;
    // the request's last write (its event, after the mails) may land after the links: wait until nothing moves
    let before = await items();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await items();
      if (now === before) break;
      before = now;
    }
    const anon = await call('GET', links[0] as string);
    expect(anon.status).toBe(200);
    expect(anon.body).toContain('Phạm Minh Châu');
    expect(anon.body).toContain('Đồng chí được mời');
    expect(anon.body).not.toMatch(/Ông\/bà|ông\/bà/);
    expect(anon.body).toContain('Lần xem xét thứ 1');
    expect(anon.body).toMatch(/Hạn quyết định của cấp ủy: \d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)/);
    expect(anon.body).toContain('ít nhất 2/3 cấp ủy viên');
    // no form without sign-in: a button to sign in that comes back here
    expect(anon.body).not.toContain('id="approval-form"');
    expect(anon.body).toContain(`/auth/login?next=${encodeURIComponent(links[0] as string)}`);
    const own = await call('GET', links[0] as string, { cookie: cookies[members[0] as string] as string });
    expect(own.body).toContain('id="approval-form"');
    expect(own.body).not.toMatch(/name="decision"[^>]*checked/); // nothing pre-selected
    const other = await call('GET', links[0] as string, { cookie: await f.cookie('secA') });
    expect(other.body).toContain('liên kết này dành cho');
    expect(other.body).not.toContain('id="approval-form"');
    expect(await items()).toBe(before);
    // every member's mail: their language, an HTML part with a button, no personal name in the subject
    // the request mails only (a withdrawal mail from another test file says "không cần quyết định")
    const request = (await mails()).filter((m) =>
      /^\[ketnap\] 1 (hồ sơ cần quyết định|dossier awaiting decision) — /.test(m.subject),
    );
    expect(request.length).toBeGreaterThan(0);
    const en = request.find((m) => m.to.includes(emailOf(members[2] as string)));
    expect(en?.subject).toMatch(/^\[ketnap\] 1 dossier awaiting decision — /);
    expect(en?.text).toContain('Dear comrade');
    for (const m of request) {
      expect(m.subject).not.toContain('Phạm Minh Châu');
      expect(m.html).toMatch(/<a href="[^"]+\/a\/[A-Za-z0-9_-]+"[^>]*>/);
    }
  });

  it('an answer needs the link’s member signed in; anyone else, or no one, records nothing', async () => {
    const path = links[0] as string;
    const csrf = csrfOf((await call('GET', path, { cookie: cookies[members[0] as string] as string })).body);
    const none = await call('POST', path, { form: { decision: 'approve', csrf } });
    expect(none.status).toBe(401);
    const sec = await call('POST', path, {
      cookie: await f.cookie('secA'),
      form: { decision: 'approve', csrf },
    });
    expect(sec.status).toBe(403);
    expect(sec.body).toContain('Không thể ghi ý kiến thay người khác');
    const otherMember = await call('POST', path, {
      cookie: cookies[members[1] as string] as string,
      form: { decision: 'approve', csrf },
    });
    expect(otherMember.status).toBe(403);
    const noComment = await call('POST', path, {
      cookie: cookies[members[0] as string] as string,
      form: { decision: 'return', csrf },
    });
    expect(noComment.status).toBe(400);
    expect(await stageOf(cand)).toBe('AWAITING_DECISION');
  });

  it('each answer is shown to the others; 2 of 3 decide, and the dissent is recorded and shown', async () => {
    const [a, b, c] = members as [string, string, string];
    const [la, lb, lc] = links as [string, string, string];
    expect((await answer(a, la, 'approve')).status).toBe(303);
    expect(await stageOf(cand)).toBe('AWAITING_DECISION');
    const seen = await call('GET', lb, { cookie: cookies[b] as string });
    expect(seen.body).toMatch(
      /Ủy viên A<\/strong>: Đồng ý kết nạp <span class="muted">\(\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/,
    );
    expect((await answer(b, lb, 'return', 'Bổ sung nhận xét của chi đoàn')).status).toBe(303);
    expect(await stageOf(cand)).toBe('AWAITING_DECISION');
    expect((await answer(c, lc, 'approve')).status).toBe(303);
    expect(await stageOf(cand)).toBe('AWAITING_CEREMONY');
    const done = await call('GET', lc, { cookie: cookies[c] as string });
    expect(done.body).toContain('Kết quả của cấp ủy: Đồng ý kết nạp');
    expect(done.body).toContain('Bổ sung nhận xét của chi đoàn');
    // a second use says what was recorded, and when (date and time)
    const again = await call('POST', la, {
      cookie: cookies[a] as string,
      form: { decision: 'refuse', comment: 'không', csrf: 'x'.repeat(20) },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatch(
      /Ý kiến của đồng chí: Đồng ý kết nạp, ghi nhận lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );
    // the secretary is told, with the dissent and its comment
    const out = await until(
      async () =>
        (await mails()).find(
          (m) => m.to.includes(emailOf(f.users.secA.userId)) && m.subject.includes('đồng ý kết nạp'),
        ),
      10_000,
      'the outcome mail',
    );
    expect(out.subject).not.toContain('Phạm Minh Châu');
    expect(out.text).toContain('Trả lại để bổ sung — “Bổ sung nhận xét của chi đoàn”');
    expect(out.html).toContain('Mở hồ sơ');
    const page = await call('GET', `/candidates/${cand}`, { cookie: await f.cookie('secA') });
    expect(page.body).toContain('id="committee-outcome"');
  });

  it('a used or decided link no longer opens documents (finding 14.2)', async () => {
    const page = await call('GET', links[1] as string, { cookie: cookies[members[1] as string] as string });
    expect(page.body).not.toMatch(/\/documents\//);
    const docs = (
      await call('GET', `/api/candidates/${cand}/documents`, { cookie: await f.cookie('secA') })
    ).json<{ items: { docId: string }[] }>().items;
    const r = await call('GET', `${links[1]}/documents/${docs[0]?.docId}`);
    expect(r.status).toBe(410);
  });

  it('a return reaches the secretary with the comments and a deadline; a late answer is kept; the resubmission goes to the committee in round 2', async () => {
    const id = await toDecision('Lê Thu Hà');
    const ls = await Promise.all(members.map((m) => linkFor(m, id)));
    const [a, b, c] = members as [string, string, string];
    expect((await answer(a, ls[0] as string, 'return', 'Thiếu bản tự kiểm điểm')).status).toBe(303);
    expect((await answer(b, ls[1] as string, 'return', 'Lý lịch chưa xác minh')).status).toBe(303);
    expect(await stageOf(id)).toBe('DOSSIER');
    expect((await answer(c, ls[2] as string, 'approve')).status).toBe(303);
    const late = await call('GET', ls[2] as string, { cookie: cookies[c] as string });
    expect(late.body).toContain('ý kiến muộn, sau khi đã có kết quả');
    expect(await stageOf(id)).toBe('DOSSIER');
    const banner = await call('GET', `/candidates/${id}`, { cookie: await f.cookie('secA') });
    expect(banner.body).toContain('Thiếu bản tự kiểm điểm');
    expect(banner.body).toMatch(/gửi lại trước \d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)/);
    const mail = await until(
      async () =>
        (await mails()).find(
          (m) => m.to.includes(emailOf(f.users.secA.userId)) && m.subject.includes('trả lại'),
        ),
      10_000,
      'the return mail',
    );
    expect(mail.text).toContain('Lý lịch chưa xác minh');
    const sub = await call('POST', `/api/candidates/${id}/dossier`, {
      cookie: await f.cookie('secA'),
      json: { submittedOn: daysAgo(0) },
    });
    expect(sub.status, sub.body).toBe(200);
    expect(await stageOf(id)).toBe('AWAITING_DECISION');
    const r2 = await linkFor(a, id);
    const resent = (await mails()).find((m) => m.text.includes(r2));
    expect(resent?.subject).toContain('1 hồ sơ gửi lại sau bổ sung, cần quyết định');
    expect(resent?.text).toContain('ĐÂY LÀ HỒ SƠ GỬI LẠI');
    const p2 = await call('GET', r2, { cookie: cookies[a] as string });
    expect(p2.body).toContain('Lần xem xét thứ 2');
    expect(p2.body).toContain('Hồ sơ gửi lại sau bổ sung');
    // the first round's link still tells its own round, not the second
    const p1 = await call('GET', ls[1] as string, { cookie: cookies[b] as string });
    expect(p1.body).toContain('Lần xem xét thứ 1');
    expect(p1.body).toContain('Kết quả của cấp ủy: Trả lại để bổ sung');
    // sent up once per candidate: two candidates, one resubmission, two dossiers
    const year = daysAgo(2).slice(0, 4);
    const progress = await ddb.send(
      new GetCommand({ TableName, Key: { PK: `CELL#${f.cellA}`, SK: `PROGRESS#${year}` } }),
    );
    expect(progress.Item?.dossiersSubmitted).toBe(2);
  });

  it('a withdrawal cancels the open links, which say who withdrew and when, and mails the committee', async () => {
    const id = await toDecision('Đỗ Văn Nam');
    const ls = await Promise.all(members.map((m) => linkFor(m, id)));
    const w = await call('POST', `/api/candidates/${id}/withdraw`, {
      cookie: await f.cookie('secA'),
      json: { on: daysAgo(0), reason: 'Chuyển công tác' },
    });
    expect(w.status, w.body).toBe(200);
    const page = await call('GET', ls[0] as string, { cookie: cookies[members[0] as string] as string });
    expect(page.status).toBe(410);
    expect(page.body).toMatch(/Quần chúng đã rút hồ sơ ngày \d{2}\/\d{2}\/\d{4} \(Bí thư A ghi nhận lúc/);
    const post = await answer(members[0] as string, ls[0] as string, 'approve');
    expect(post.status).toBe(410);
    const notice = await until(
      async () => {
        const m = (await mails()).filter((x) => x.subject.includes('đã rút'));
        return m.length >= 2 ? m : undefined;
      },
      10_000,
      'the withdrawal mails',
    );
    expect(notice[0]?.text).toContain('Đỗ Văn Nam');
    expect(notice[0]?.subject).not.toContain('Đỗ Văn Nam');
  });
});
