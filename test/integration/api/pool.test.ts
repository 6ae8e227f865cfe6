// The pool before the referral, through the JSON API: only official members introduce (vi/en, nothing
// stored), scope by role and cell (another cell's pool is 404, the committee may read but not write), helper
// and tasks, each member's introductions, the referral from a pool record (the person leaves the pool, helper
// and tasks move, the introduction is not counted twice), and a removal that leaves nothing of the person in
// the table, its indexes or the exports.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, todayIso } from './fixtures.ts';

const stack = useStack();
const call = http(stack.endpoints.api);
const TableName = stack.env.TABLE_NAME ?? 'ketnap';
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
);
let f: Fixture;
const PROBATIONARY = 'probationary-1';

type Person = {
  personId: string;
  fullName: string;
  helper?: { memberId: string };
  tasks: { taskId: string; outcome: string }[];
};

const pool = (cell: string) => `/api/cells/${cell}/pool`;

async function partition(pk: string) {
  const r = await ddb.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return r.Items ?? [];
}

async function remindIndex() {
  const r = await ddb.send(
    new QueryCommand({
      TableName,
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': 'REMIND' },
    }),
  );
  return r.Items ?? [];
}

async function addPerson(fullName: string, foundBy: string, cookie?: string) {
  return call('POST', pool(f.cellA), {
    cookie: cookie ?? (await f.cookie('secA')),
    json: {
      fullName,
      birthDate: '1999-04-02',
      workplace: 'Công ty TNHH Cơ khí Đình Vũ',
      foundByMemberId: foundBy,
      introducedOn: daysAgo(2),
    },
  });
}

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  await ddb.send(
    new PutCommand({
      TableName,
      Item: {
        PK: `CELL#${f.cellA}`,
        SK: `MEMBER#${PROBATIONARY}`,
        type: 'member',
        memberId: PROBATIONARY,
        fullName: 'Lê Thị Dự Bị',
        status: 'probationary',
      },
    }),
  );
});

describe('the pool', () => {
  it('refuses a probationary introducer (vi and en) and stores nothing', async () => {
    const vi = await addPerson('Phạm Văn Thử', PROBATIONARY);
    expect(vi.status).toBe(400);
    expect(vi.json<{ error: { message: string } }>().error.message).toMatch(
      /dự bị.*chỉ đảng viên chính thức/,
    );
    expect(vi.body).not.toMatch(/foundByMemberId|INTRODUCER_PROBATIONARY/);
    const en = await call('POST', `${pool(f.cellA)}?lang=en`, {
      cookie: await f.cookie('secA'),
      json: {
        fullName: 'Phạm Văn Thử',
        birthDate: '1999-04-02',
        workplace: 'X',
        foundByMemberId: PROBATIONARY,
        introducedOn: daysAgo(2),
      },
    });
    expect(en.status).toBe(400);
    expect(en.json<{ error: { message: string } }>().error.message).toMatch(/probationary member/);
    const list = await call('GET', pool(f.cellA), { cookie: await f.cookie('secA') });
    expect(list.json<{ items: Person[] }>().items).toEqual([]);
    const future = await call('POST', pool(f.cellA), {
      cookie: await f.cookie('secA'),
      json: {
        fullName: 'Phạm Văn Thử',
        birthDate: '1999-04-02',
        workplace: 'X',
        foundByMemberId: f.membersA[0],
        introducedOn: '2099-01-01',
      },
    });
    expect(future.status).toBe(400);
  });

  it('is scoped by role and cell: another cell answers 404, the committee reads but cannot write', async () => {
    const r = await addPerson('Trịnh Minh Khoa', f.membersA[0] as string);
    expect(r.status, r.body).toBe(201);
    const id = r.json<Person>().personId;
    expect((await call('GET', pool(f.cellA), { cookie: await f.cookie('secB') })).status).toBe(404);
    expect((await call('GET', `${pool(f.cellA)}/${id}`, { cookie: await f.cookie('secB') })).status).toBe(
      404,
    );
    expect((await call('GET', `${pool(f.cellB)}/${id}`, { cookie: await f.cookie('secB') })).status).toBe(
      404,
    );
    expect((await call('DELETE', `${pool(f.cellA)}/${id}`, { cookie: await f.cookie('secB') })).status).toBe(
      404,
    );
    expect((await call('GET', `${pool(f.cellA)}/${id}`, { cookie: await f.cookie('comA') })).status).toBe(
      200,
    );
    expect((await addPerson('X Y', f.membersA[0] as string, await f.cookie('comA'))).status).toBe(403);
    const doc = await call('GET', '/openapi.json');
    expect(Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining([
        '/api/cells/{cellId}/pool',
        '/api/cells/{cellId}/pool/{personId}',
        '/api/cells/{cellId}/pool/{personId}/tasks',
      ]),
    );
  });

  it('assigns an official helper, gives a task that enters the reminders, records its outcome', async () => {
    const id = (await addPerson('Đoàn Thị Ngọc', f.membersA[1] as string)).json<Person>().personId;
    const base = `${pool(f.cellA)}/${id}`;
    const cookie = await f.cookie('secA');
    const bad = await call('PUT', `${base}/helper`, { cookie, json: { helperMemberId: PROBATIONARY } });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/dự bị/);
    expect(
      (await call('PUT', `${base}/helper`, { cookie, json: { helperMemberId: f.membersA[2] } })).status,
    ).toBe(200);
    const late = await call('POST', `${base}/tasks`, {
      cookie,
      json: { title: 'Tổ chức hội thao', assignedOn: todayIso(), dueOn: daysAgo(3) },
    });
    expect(late.status).toBe(400);
    const task = await call('POST', `${base}/tasks`, {
      cookie,
      json: { title: 'Tổ chức hội thao công đoàn', assignedOn: todayIso(), dueOn: todayIso() },
    });
    expect(task.status, task.body).toBe(201);
    const taskId = task.json<{ taskId: string }>().taskId;
    expect((await remindIndex()).some((i) => String(i.GSI3SK).includes(`${id}#task_${taskId}`))).toBe(true);
    const done = await call('POST', `${base}/tasks/${taskId}/outcome`, {
      cookie,
      json: { outcome: 'done', outcomeOn: todayIso() },
    });
    expect(done.status, done.body).toBe(200);
    expect((await remindIndex()).some((i) => String(i.GSI3SK).includes(taskId))).toBe(false);
    const p = (await call('GET', base, { cookie })).json<Person>();
    expect(p.helper?.memberId).toBe(f.membersA[2]);
    expect(p.tasks).toEqual([expect.objectContaining({ taskId, outcome: 'done' })]);
  });

  it("shows each official member's introductions of the month", async () => {
    const r = await call('GET', `/api/cells/${f.cellA}/introductions?period=${daysAgo(2).slice(0, 7)}`, {
      cookie: await f.cookie('secA'),
    });
    const v = r.json<{
      introduced: { memberId: string }[];
      notYet: { memberId: string }[];
      probationary: number;
    }>();
    expect(v.introduced.map((x) => x.memberId).sort()).toEqual([f.membersA[0], f.membersA[1]].sort());
    expect(v.notYet.map((x) => x.memberId)).toContain(f.membersA[3]);
    expect(v.probationary).toBe(1);
  });

  it('a referral without a pool record counts an introduction for each introducing member', async () => {
    const cookie = await f.cookie('secA');
    const month = todayIso().slice(0, 7);
    const count = async () =>
      (await call('GET', `/api/cells/${f.cellA}/introductions?period=${month}`, { cookie })).json<{
        introduced: { memberId: string; count: number }[];
        notYet: { memberId: string; count: number }[];
      }>();
    const of = (v: Awaited<ReturnType<typeof count>>, m: string) =>
      [...v.introduced, ...v.notYet].find((r) => r.memberId === m)?.count ?? 0;
    const before = await count();
    const r = await call('POST', '/api/candidates', {
      cookie,
      json: {
        cellId: f.cellA,
        fullName: 'Quách Văn Trực Tiếp',
        birthDate: '1996-05-05',
        referredOn: todayIso(),
        introduction: {
          path: 'two-members',
          introducerMemberIds: [f.membersA[2], f.membersA[3]],
          togetherSince: { [f.membersA[2] as string]: '2015-01-01', [f.membersA[3] as string]: '2015-01-01' },
        },
      },
    });
    expect(r.status, r.body).toBe(201);
    const after = await count();
    expect(of(after, f.membersA[2] as string)).toBe(of(before, f.membersA[2] as string) + 1);
    expect(of(after, f.membersA[3] as string)).toBe(of(before, f.membersA[3] as string) + 1);
  });

  it('a referral from the pool record moves the person out of the pool with helper and tasks, counted once', async () => {
    const cookie = await f.cookie('secA');
    const id = (await addPerson('Vương Đình Huệ', f.membersA[3] as string)).json<Person>().personId;
    await call('PUT', `${pool(f.cellA)}/${id}/helper`, { cookie, json: { helperMemberId: f.membersA[0] } });
    await call('POST', `${pool(f.cellA)}/${id}/tasks`, {
      cookie,
      json: { title: 'Viết bài thu hoạch', assignedOn: todayIso(), dueOn: todayIso() },
    });
    const month = todayIso().slice(0, 7);
    const before = (await partition(`CELL#${f.cellA}`)).find((i) => i.SK === `PROGRESS#${month}`);
    const ref = await call('POST', '/api/candidates', {
      cookie,
      json: {
        cellId: f.cellA,
        fullName: 'Vương Đình Huệ',
        birthDate: '1999-04-02',
        referredOn: todayIso(),
        introduction: {
          path: 'two-members',
          introducerMemberIds: [f.membersA[3], f.membersA[0]],
          togetherSince: { [f.membersA[3] as string]: '2015-01-01', [f.membersA[0] as string]: '2015-01-01' },
        },
        poolPersonId: id,
      },
    });
    expect(ref.status, ref.body).toBe(201);
    const candId = ref.json<{ id: string }>().id;
    expect((await call('GET', `${pool(f.cellA)}/${id}`, { cookie })).status).toBe(404);
    const support = (await call('GET', `/api/candidates/${candId}/support`, { cookie })).json<{
      helper?: { memberId: string };
      tasks: { title: string }[];
    }>();
    expect(support.helper?.memberId).toBe(f.membersA[0]);
    expect(support.tasks.map((t) => t.title)).toEqual(['Viết bài thu hoạch']);
    const after = (await partition(`CELL#${f.cellA}`)).find((i) => i.SK === `PROGRESS#${month}`);
    expect(after?.introductions).toBe(before?.introductions);
    expect(after?.sentToCourse).toBe(Number(before?.sentToCourse ?? 0) + 1);
    const again = await call('POST', '/api/candidates', {
      cookie,
      json: {
        cellId: f.cellA,
        fullName: 'Vương Đình Huệ',
        birthDate: '1999-04-02',
        referredOn: todayIso(),
        introduction: {
          path: 'two-members',
          introducerMemberIds: [f.membersA[3], f.membersA[0]],
          togetherSince: { [f.membersA[3] as string]: '2015-01-01', [f.membersA[0] as string]: '2015-01-01' },
        },
        poolPersonId: id,
      },
    });
    expect(again.status).toBe(404);
  });

  it('removing a person deletes everything of them: table, reminder index, exports', async () => {
    const cookie = await f.cookie('secA');
    const name = 'Khổng Tú Quỳnh Riêng';
    const id = (await addPerson(name, f.membersA[2] as string)).json<Person>().personId;
    await call('PUT', `${pool(f.cellA)}/${id}/helper`, { cookie, json: { helperMemberId: f.membersA[1] } });
    await call('POST', `${pool(f.cellA)}/${id}/tasks`, {
      cookie,
      json: { title: 'Tham gia hiến máu', assignedOn: todayIso(), dueOn: todayIso() },
    });
    // a pooled person is not on the candidates' exports
    const csvBefore = await call('GET', `/api/cells/${f.cellA}/register.csv`, { cookie });
    expect(csvBefore.status).toBe(200);
    expect(csvBefore.body).not.toContain(name);
    const stored = JSON.stringify(await partition(`CELL#${f.cellA}`));
    expect(stored).toContain(name);
    const month = daysAgo(2).slice(0, 7);
    const introBefore = (await partition(`CELL#${f.cellA}`)).find(
      (i) => i.SK === `INTRO#${month}#${f.membersA[2]}`,
    )?.count;

    const del = await call('DELETE', `${pool(f.cellA)}/${id}`, { cookie });
    expect(del.status, del.body).toBe(204);

    const cell = await partition(`CELL#${f.cellA}`);
    expect(JSON.stringify(cell)).not.toContain(name);
    expect(JSON.stringify(cell)).not.toContain(id);
    expect(JSON.stringify(await remindIndex())).not.toContain(id);
    expect(cell.find((i) => i.SK === `INTRO#${month}#${f.membersA[2]}`)?.count).toBe(Number(introBefore) - 1);
    expect((await call('GET', `${pool(f.cellA)}/${id}`, { cookie })).status).toBe(404);
    expect((await call('DELETE', `${pool(f.cellA)}/${id}`, { cookie })).status).toBe(404);
    const csv = await call('GET', `/api/cells/${f.cellA}/register.csv`, { cookie });
    expect(csv.body).not.toContain(name);
    const xlsx = await fetch(`${stack.endpoints.api}/api/cells/${f.cellA}/register.xlsx`, {
      headers: { cookie },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const cells: string[] = [];
    wb.eachSheet((s) => s.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.join('\n')).not.toContain(name);
  });

  it('a vote held online is recorded as such, the form warning that the committee must confirm it', async () => {
    const cookie = await f.cookie('secA');
    const id = await driveToVote(call, f, 'Hà Minh Trực Tuyến');
    const form = await call('GET', `/candidates/${id}/vote`, { cookie });
    expect(form.body).toContain('name="meetingMode"');
    expect(form.body).toContain('03-HD/TW');
    expect(form.body).toMatch(/id="online-vote-note"[^>]*>[^<]*cấp ủy có thẩm quyền xác nhận/);
    const bad = await call('POST', `/api/candidates/${id}/vote`, {
      cookie,
      json: { meetingOn: daysAgo(1), yes: 9, no: 0, form: 'ballot', meetingMode: 'by-phone' },
    });
    expect(bad.status).toBe(400);
    const vote = await call('POST', `/api/candidates/${id}/vote`, {
      cookie,
      json: { meetingOn: daysAgo(1), yes: 9, no: 0, form: 'ballot', meetingMode: 'online' },
    });
    expect(vote.status, vote.body).toBe(200);
    expect(vote.json<{ cellVote: { meetingMode: string } }>().cellVote.meetingMode).toBe('online');
  });

  it('the pages speak Vietnamese, English on request, with no raw string keys', async () => {
    const cookie = await f.cookie('secA');
    const people = (await call('GET', pool(f.cellA), { cookie })).json<{ items: Person[] }>().items;
    for (const [path, vi, en] of [
      [`/pool?cellId=${f.cellA}`, 'Nguồn quần chúng ưu tú', 'Pool of outstanding people'],
      [`/cells/${f.cellA}/pool/${people[0]?.personId}`, 'Giúp đỡ và thử thách', 'Helper and tasks'],
      [`/?cellId=${f.cellA}`, 'Đảng viên giới thiệu quần chúng', 'Members who introduced someone'],
    ] as const) {
      const v = await call('GET', path, { cookie });
      expect(v.status, path).toBe(200);
      expect(v.body).toContain(vi);
      const e = await call('GET', `${path}${path.includes('?') ? '&' : '?'}lang=en`, { cookie });
      expect(e.body).toContain(en);
      for (const body of [v.body, e.body])
        expect(body).not.toMatch(/>[^<]*\b(pool|intro|support|targets)\.[a-z]+/);
    }
  });
});
