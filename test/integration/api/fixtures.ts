// Test fixtures of the web tests: two cells with members and users, written straight to the table (so the
// tests do not depend on the demo seed), session cookies from the local identity stand-in's own keys, and
// helpers to drive a candidate through the API.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createIdentity, type LocalUser } from '../../../infra/local/identity.ts';
import { dateInVietnam } from '../../../shared/domain/date.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
export const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

/** The body of a referral in the first cell by its first two official members (together since 2020). */
export const referralBody = (f: Fixture, o: { fullName: string; birthDate: string; referredOn: string }) => ({
  cellId: f.cellA,
  ...o,
  introduction: {
    path: 'two-members',
    introducerMemberIds: [f.membersA[0], f.membersA[1]],
    togetherSince: together([f.membersA[0], f.membersA[1]]),
  },
});

export interface Fixture {
  cellA: string;
  cellB: string;
  users: Record<'secA' | 'secB' | 'comA' | 'comB' | 'admin', LocalUser>;
  membersA: string[];
  membersB: string[];
  cookie(u: keyof Fixture['users']): Promise<string>;
}

/**
 * `named`: use the demo ids the local sign-in page lists (u-secretary-hp, u-secretary-2, u-committee-1,
 * u-committee-2, u-admin), for browser tests on their own stack; otherwise random ids (shared stacks).
 */
export async function makeFixture(
  env: Record<string, string>,
  dataDir: string,
  api: string,
  named = false,
): Promise<Fixture> {
  const tag = randomBytes(4).toString('hex');
  const cellA = named ? 'hp-kkt' : `t-${tag}-a`;
  const cellB = named ? 'cell-2' : `t-${tag}-b`;
  const id = (n: string, fixed: string) => (named ? fixed : `t-${tag}-${n}`);
  const users = {
    secA: {
      userId: id('sec-a', 'u-secretary-hp'),
      role: 'secretary',
      cellIds: [cellA],
      displayName: 'Bí thư A',
    },
    secB: {
      userId: id('sec-b', 'u-secretary-2'),
      role: 'secretary',
      cellIds: [cellB],
      displayName: 'Bí thư B',
    },
    comA: {
      userId: id('com-a', 'u-committee-1'),
      role: 'committee',
      cellIds: [cellA],
      displayName: 'Ủy viên A',
    },
    comB: {
      userId: id('com-b', 'u-committee-2'),
      role: 'committee',
      cellIds: [cellB],
      displayName: 'Ủy viên B',
    },
    admin: {
      userId: id('admin', 'u-admin'),
      role: 'admin',
      cellIds: [cellA, cellB],
      displayName: 'Quản trị',
    },
  } satisfies Record<string, LocalUser>;
  const client = new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
  const doc = DynamoDBDocumentClient.from(client);
  const TableName = env.TABLE_NAME ?? 'ketnap';
  const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName, Item }));
  const membersA: string[] = [];
  const membersB: string[] = [];
  for (const [cellId, name, members, committee] of [
    [cellA, 'Chi bộ Thử nghiệm A', membersA, users.comA.userId],
    [cellB, 'Chi bộ Thử nghiệm B', membersB, users.comB.userId],
  ] as const) {
    await put({
      PK: `CELL#${cellId}`,
      SK: 'META',
      type: 'cell',
      cellId,
      name,
      officialMembers: 9,
      probationaryMembers: 2,
      hasSubCommittee: false,
      hasGrassrootsCommittee: false,
      committeeUserIds: [committee],
    });
    for (let i = 1; i <= 4; i++) {
      const memberId = `${cellId}-m${i}`;
      (members as string[]).push(memberId);
      await put({
        PK: `CELL#${cellId}`,
        SK: `MEMBER#${memberId}`,
        type: 'member',
        memberId,
        fullName: `Đảng viên ${i} ${name.slice(-1)}`,
        nameKey: `dang vien ${i}`,
        status: 'official',
        officialSince: '2015-01-01',
        unitSince: '2015-01-01',
      });
    }
  }
  for (const u of Object.values(users))
    await put({
      PK: `USER#${u.userId}`,
      SK: 'META',
      type: 'user',
      userId: u.userId,
      role: u.role,
      cellIds: u.cellIds,
      displayName: u.displayName,
      email: `${u.userId}@example.test`,
      lang: 'vi',
    });
  client.destroy();
  const idp = await createIdentity({ dataDir, baseUrl: api });
  return {
    cellA,
    cellB,
    users,
    membersA,
    membersB,
    cookie: async (u) => `ketnap_session=${await idp.issue(users[u])}`,
  };
}

export type Http = (
  method: string,
  path: string,
  o?: { cookie?: string; json?: unknown; form?: Record<string, string>; lang?: string },
) => Promise<{
  status: number;
  body: string;
  headers: Headers;
  json<T = Record<string, unknown>>(): T;
}>;

export function http(base: string): Http {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.cookie) headers.cookie = o.cookie;
    if (o.lang) headers['accept-language'] = o.lang;
    let body: string | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    }
    const r = await fetch(base + path, { method, headers, body, redirect: 'manual' });
    const text = await r.text();
    return { status: r.status, body: text, headers: r.headers, json: () => JSON.parse(text) };
  };
}

/** A tiny valid PDF of `size` bytes (magic bytes %PDF-). */
export function pdf(size = 2048, seed = 'x'): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ketnap test ${seed}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  const fill = Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20);
  return Buffer.concat([head, fill, tail]);
}

/** Upload a document the way the browser does: presign (API), POST to S3, confirm (API). */
export async function uploadDoc(
  call: Http,
  cookie: string,
  candidateId: string,
  meta: { formCode: string; signedOn?: string; verifiedOn?: string; introducerMemberId?: string },
  body: Buffer = pdf(),
): Promise<{ status: number; docId?: string }> {
  const p = await call('POST', `/api/candidates/${candidateId}/uploads`, {
    cookie,
    json: { ...meta, fileName: `${meta.formCode}.pdf`, contentType: 'application/pdf', size: body.length },
  });
  if (p.status !== 200) return { status: p.status };
  const presign = p.json<{ url: string; fields: Record<string, string>; docId: string }>();
  const fd = new FormData();
  for (const [k, v] of Object.entries(presign.fields)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(body)], { type: 'application/pdf' }), `${meta.formCode}.pdf`);
  const s3 = await fetch(presign.url, { method: 'POST', body: fd });
  if (s3.status >= 300) throw new Error(`S3 POST failed ${s3.status}`);
  const c = await call('POST', `/api/candidates/${candidateId}/uploads/${presign.docId}/confirm`, { cookie });
  return { status: c.status, docId: presign.docId };
}

// Days as the server counts them: Vietnam's calendar day (UTC+7), not UTC's (which differ from 00:00 to 07:00
// in Vietnam, where "today" on the server is already tomorrow in UTC).
export const todayIso = () => dateInVietnam(Date.now());
export const daysAgo = (n: number) => dateInVietnam(Date.now() - n * 86_400_000);

/** Refer a candidate in cell A and take it to the cell vote (course, documents, dossier accepted). */
export async function driveToVote(call: Http, f: Fixture, name = 'Nguyễn Hồng Quang'): Promise<string> {
  const cookie = await f.cookie('secA');
  const r = await call('POST', '/api/candidates', {
    cookie,
    json: referralBody(f, { fullName: name, birthDate: '1995-03-14', referredOn: daysAgo(40) }),
  });
  if (r.status !== 201) throw new Error(`refer: ${r.status} ${r.body}`);
  const id = r.json<{ id: string }>().id;
  const c = await call('POST', `/api/candidates/${id}/course`, {
    cookie,
    json: { certificateNo: 'CN-123/2024', issuedOn: daysAgo(30), issuer: 'Trung tâm chính trị' },
  });
  if (c.status !== 200) throw new Error(`course: ${c.status} ${c.body}`);
  const signedOn = daysAgo(20);
  const docs = [
    { formCode: 'CN-NTVĐ', signedOn: daysAgo(30) },
    { formCode: '1-KNĐ', signedOn: daysAgo(25) },
    { formCode: '2-KNĐ', signedOn, verifiedOn: daysAgo(10) },
    { formCode: '3-KNĐ', signedOn, introducerMemberId: f.membersA[0] },
    { formCode: '3-KNĐ', signedOn, introducerMemberId: f.membersA[1] },
    { formCode: '5-KNĐ', signedOn },
  ];
  for (const d of docs) {
    const u = await uploadDoc(call, cookie, id, d);
    if (u.status !== 200) throw new Error(`upload ${d.formCode}: ${u.status}`);
  }
  const s = await call('POST', `/api/candidates/${id}/dossier`, {
    cookie,
    json: { submittedOn: daysAgo(5) },
  });
  const sub = s.json<{ accepted?: boolean; findings?: unknown }>();
  if (s.status !== 200 || sub.accepted === false) throw new Error(`dossier: ${s.status} ${s.body}`);
  return id;
}

/** Poll until `check` returns a value (workflow tasks run asynchronously in the local Step Functions). */
export async function until<T>(
  check: () => Promise<T | undefined>,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
