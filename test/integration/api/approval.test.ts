// The committee's approval link: GET shows the dossier and changes nothing; the decision is a POST with a CSRF
// token bound to the link and its approver; a second use says who decided and when; forged or expired links
// say so plainly.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, until } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
);
const TableName = stack.env.TABLE_NAME ?? 'ketnap';
let f: Fixture;
let cand: string;
let linkPath: string;

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const state = async () => {
  const r = await call('GET', `/api/candidates/${cand}`, { cookie: await f.cookie('secA') });
  const c = r.json<{ stage: string; version: number }>();
  const link = await ddb.send(
    new GetCommand({ TableName, Key: { PK: `LINK#${linkPath.slice(3)}`, SK: 'LINK' } }),
  );
  return { stage: c.stage, version: c.version, usedAt: link.Item?.usedAt };
};

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  cand = await driveToVote(call, f, 'Phạm Minh Châu');
  const v = await call('POST', `/api/candidates/${cand}/vote`, {
    cookie: await f.cookie('secA'),
    json: { meetingOn: daysAgo(2), yes: 8, no: 1, denominator: 9, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
  const email = `${f.users.comA.userId}@example.test`;
  linkPath = await until(
    async () => {
      const mails = (await call('GET', '/outbox.json')).json<{ to: string[]; text: string }[]>();
      const m = mails.find((x) => x.to.includes(email));
      return m ? /\/a\/[A-Za-z0-9_-]+/.exec(m.text)?.[0] : undefined;
    },
    30_000,
    'the committee mail',
  );
  // the notify task records its event after sending: wait for it, so the workflow is quiet from here on
  await until(
    async () => {
      const t = await call('GET', `/api/candidates/${cand}/timeline`, { cookie: await f.cookie('secA') });
      return (
        t.json<{ items: { type: string }[] }>().items.some((e) => e.type === 'committeeNotified') || undefined
      );
    },
    30_000,
    'the committeeNotified event',
  );
}, 120_000);

describe('approval link', () => {
  it('GET shows the dossier, its documents and a form, and changes nothing, however often', async () => {
    const before = await state();
    const items = async () => (await ddb.send(new ScanCommand({ TableName, Select: 'COUNT' }))).Count;
    const itemsBefore = await items();
    expect(before.stage).toBe('AWAITING_DECISION');
    for (let i = 0; i < 3; i++) {
      const r = await call('GET', linkPath);
      expect(r.status).toBe(200);
      expect(r.body).toContain('Phạm Minh Châu');
      expect(r.body).toContain('name="csrf"');
      expect(r.body).toContain('method="post"');
    }
    const page = await call('GET', linkPath);
    const doc = /href="(\/a\/[^"]+\/documents\/[^"]+)"/.exec(page.body)?.[1];
    expect(doc).toBeDefined();
    const d = await call('GET', doc as string);
    expect(d.status).toBe(303);
    expect(d.headers.get('location')).toMatch(/X-Amz-Signature|Signature=/);
    const en = await call('GET', `${linkPath}?lang=en`);
    expect(en.body).toContain('Review an admission dossier');
    expect(await state()).toEqual(before);
    // no item was written either (no "viewed" event, no token, nothing)
    expect(await items()).toBe(itemsBefore);
  });

  it('a POST without a valid CSRF token, or returning without a comment, records nothing', async () => {
    const before = await state();
    const csrf = csrfOf((await call('GET', linkPath)).body);
    expect((await call('POST', linkPath, { form: { decision: 'approve' } })).status).toBe(400);
    expect(
      (await call('POST', linkPath, { form: { decision: 'approve', csrf: `${csrf.slice(0, -2)}xx` } }))
        .status,
    ).toBe(403);
    const noComment = await call('POST', linkPath, { form: { decision: 'return', csrf } });
    expect(noComment.status).toBe(400);
    expect(noComment.body).toContain('Vui lòng ghi ý kiến');
    expect(await state()).toEqual(before);
  });

  it('a forged link and an expired link say so plainly, in both languages', async () => {
    const forged = await call('GET', '/a/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(404);
    expect(forged.body).toContain('Liên kết không hợp lệ');
    const odd = await call('GET', '/a/%3Cscript%3E?lang=en');
    expect(odd.status).toBe(404);
    const link = await ddb.send(
      new GetCommand({ TableName, Key: { PK: `LINK#${linkPath.slice(3)}`, SK: 'LINK' } }),
    );
    const expiredId = 'EXPIREDexpiredEXPIRED0123';
    expect(link.Item?.usedAt).toBeUndefined();
    // the same link, still unused, but past its expiry
    await ddb.send(
      new PutCommand({
        TableName,
        Item: {
          ...link.Item,
          PK: `LINK#${expiredId}`,
          linkId: expiredId,
          expiresOn: new Date(Date.now() - 60_000).toISOString(),
        },
      }),
    );
    const vi = await call('GET', `/a/${expiredId}`);
    expect(vi.status).toBe(410);
    expect(vi.body).toContain('Liên kết này đã hết hạn');
    const en = await call('GET', `/a/${expiredId}?lang=en`);
    expect(en.body).toContain('This link has expired');
    const post = await call('POST', `/a/${expiredId}`, { form: { decision: 'approve', csrf: 'x' } });
    expect(post.status).toBe(410);
    expect((await state()).stage).toBe('AWAITING_DECISION');
  });
  it('approving with the token completes the waiting step; a second use says by whom and when', async () => {
    const csrf = csrfOf((await call('GET', linkPath)).body);
    const r = await call('POST', linkPath, { form: { decision: 'approve', csrf } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${linkPath}?done=1`);
    const after = await state();
    expect(after.stage).toBe('AWAITING_CEREMONY');
    expect(after.usedAt).toBeDefined();
    const done = await call('GET', `${linkPath}?done=1`);
    expect(done.body).toContain('Đã ghi nhận quyết định');
    const again = await call('POST', linkPath, { form: { decision: 'refuse', comment: 'không', csrf } });
    expect(again.status).toBe(409);
    expect(again.body).toContain('Ủy viên A');
    expect(again.body).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(again.body).toContain('Đồng ý');
    const json = await call('POST', `/api/approvals/${linkPath.slice(3)}?lang=en`, {
      json: { decision: 'refuse', comment: 'no', csrf },
    });
    expect(json.status).toBe(409);
    expect(json.json()).toMatchObject({ error: { code: 'link_used' } });
    expect((await state()).stage).toBe('AWAITING_CEREMONY');
  });
});
