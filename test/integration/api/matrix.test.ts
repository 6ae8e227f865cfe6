// Every route × every role × own/other cell: each forbidden pair is refused (403 for the role, 404 for another
// cell's data, as if it did not exist), nothing changes, and allowed pairs get through the access checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, type Fixture, http, makeFixture, referralBody, together } from './fixtures.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */

const stack = useStack();
const call = http(stack.endpoints.api);
const { ROUTES } = await import('../../../shared/web/app.ts');
let f: Fixture;
let candA: string;
// a pooled person of cell A, a task of theirs and one of candA (the pool's routes need real ids)
let personA = '';
let poolTaskA = '';
let candTaskA = '';
/** `{personId}` / `{taskId}` when the coverage check renders the path with placeholders. */
const P = (i: string) => (i === '{id}' ? '{personId}' : personA);
const PT = (i: string) => (i === '{id}' ? '{taskId}' : poolTaskA);
const CT = (i: string) => (i === '{id}' ? '{taskId}' : candTaskA);

type Role = 'secretary' | 'committee' | 'admin';
const READ: Role[] = ['secretary', 'committee', 'admin'];
const SEC: Role[] = ['secretary', 'admin'];
const COM: Role[] = ['committee', 'admin'];
const ADMIN: Role[] = ['admin'];
const stale = { expectedVersion: 999 };

interface Case {
  method: string;
  path: (id: string, cell: string) => string;
  roles: Role[];
  json?: (f: Fixture) => unknown;
  page?: boolean;
  form?: boolean;
}

const CASES: Case[] = [
  { method: 'GET', path: (_i, c) => `/api/candidates?cellId=${c}`, roles: READ },
  { method: 'GET', path: (_i, c) => `/api/candidates?cellId=${c}&q=nguyen`, roles: READ },
  {
    method: 'POST',
    path: () => '/api/candidates',
    roles: SEC,
    // a well-formed referral whose introducers are not members: refused by the service after the scope check
    json: (fx) => ({
      cellId: fx.cellA,
      fullName: 'Trần Thị Mai',
      birthDate: '1998-01-01',
      referredOn: daysAgo(1),
      introduction: {
        path: 'two-members',
        introducerMemberIds: ['not-a-member-1', 'not-a-member-2'],
        togetherSince: together(['not-a-member-1', 'not-a-member-2']),
      },
    }),
  },
  { method: 'GET', path: (i) => `/api/candidates/${i}`, roles: READ },
  { method: 'GET', path: (i) => `/api/candidates/${i}/timeline`, roles: READ },
  { method: 'GET', path: (i) => `/api/candidates/${i}/documents`, roles: READ },
  { method: 'GET', path: (i) => `/api/candidates/${i}/dossier.zip`, roles: READ },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/uploads`,
    roles: SEC,
    json: () => ({ formCode: '1-KNĐ', fileName: 'x.pdf', contentType: 'application/pdf', size: 10 }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/course`,
    roles: SEC,
    json: () => ({ certificateNo: 'X1', issuedOn: daysAgo(3), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/dossier`,
    roles: SEC,
    json: () => ({ submittedOn: daysAgo(1), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/vote`,
    roles: SEC,
    json: () => ({ meetingOn: daysAgo(1), yes: 9, no: 0, form: 'ballot', ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/decision`,
    roles: COM,
    json: () => ({ decision: 'approve', decidedOn: daysAgo(1), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/ceremony`,
    roles: SEC,
    json: () => ({ heldOn: daysAgo(1), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/appraisal`,
    roles: READ,
    json: () => ({ appraisedOn: daysAgo(1), opinion: 'agree', ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/biography`,
    roles: SEC,
    json: () => ({ submittedOn: daysAgo(1), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/new-member-course`,
    roles: SEC,
    json: () => ({ certificateNo: 'ĐVM-1', issuedOn: daysAgo(1), ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/probation-end`,
    roles: SEC,
    json: () => ({ ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/recognition`,
    roles: SEC,
    json: () => ({ meetingOn: daysAgo(1), yes: 9, no: 0, form: 'cards', ...stale }),
  },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/withdraw`,
    roles: SEC,
    json: () => ({ on: daysAgo(1), reason: 'thử', ...stale }),
  },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/register.csv`, roles: READ },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/register.xlsx`, roles: READ },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/targets?period=2024`, roles: READ },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/progress?year=2024`, roles: READ },
  {
    method: 'PUT',
    path: (_i, c) => `/api/cells/${c}/targets`,
    roles: ADMIN,
    json: () => ({ period: '2031', admitted: 1 }),
  },
  { method: 'GET', path: (_i, c) => `/?cellId=${c}`, roles: READ, page: true },
  { method: 'GET', path: (_i, c) => `/candidates?cellId=${c}`, roles: READ, page: true },
  { method: 'GET', path: (_i, c) => `/exports?cellId=${c}`, roles: READ, page: true },
  { method: 'GET', path: (i) => `/candidates/${i}`, roles: READ, page: true },
  ...(
    [
      'course',
      'dossier',
      'vote',
      'ceremony',
      'biography',
      'new-member-course',
      'probation-end',
      'recognition',
      'withdraw',
    ] as const
  ).flatMap((a): Case[] => [
    { method: 'GET', path: (i) => `/candidates/${i}/${a}`, roles: SEC, page: true },
    { method: 'POST', path: (i) => `/candidates/${i}/${a}`, roles: SEC, page: true, form: true },
  ]),
  // the sub-committee's appraisal: the committee or the cell records it (shared/app/steps.ts)
  { method: 'GET', path: (i) => `/candidates/${i}/appraisal`, roles: READ, page: true },
  { method: 'POST', path: (i) => `/candidates/${i}/appraisal`, roles: READ, page: true, form: true },
  { method: 'GET', path: (i) => `/candidates/${i}/decision`, roles: COM, page: true },
  { method: 'POST', path: (i) => `/candidates/${i}/decision`, roles: COM, page: true, form: true },
  { method: 'GET', path: () => '/candidates/new', roles: SEC, page: true },
  { method: 'GET', path: () => '/jobs', roles: ADMIN, page: true },
  { method: 'GET', path: () => '/targets', roles: ADMIN, page: true },
];

// the pool, helpers and tasks: every write is refused after the scope check (a non-member, a due date before
// the day given, an outcome in the future), so the matrix changes nothing; removal: pool.test.ts
const badTask = () => ({ title: 'thử', assignedOn: daysAgo(1), dueOn: daysAgo(3) });
const futureOutcome = () => ({ outcome: 'done', outcomeOn: '2099-01-01' });
CASES.push(
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/pool`, roles: READ },
  {
    method: 'POST',
    path: (_i, c) => `/api/cells/${c}/pool`,
    roles: SEC,
    json: () => ({
      fullName: 'Thử',
      birthDate: '1999-01-01',
      workplace: 'X',
      foundByMemberId: 'not-a-member',
      introducedOn: daysAgo(1),
    }),
  },
  { method: 'GET', path: (i, c) => `/api/cells/${c}/pool/${P(i)}`, roles: READ },
  {
    method: 'PUT',
    path: (i, c) => `/api/cells/${c}/pool/${P(i)}/helper`,
    roles: SEC,
    json: () => ({ helperMemberId: 'not-a-member' }),
  },
  { method: 'POST', path: (i, c) => `/api/cells/${c}/pool/${P(i)}/tasks`, roles: SEC, json: badTask },
  {
    method: 'POST',
    path: (i, c) => `/api/cells/${c}/pool/${P(i)}/tasks/${PT(i)}/outcome`,
    roles: SEC,
    json: futureOutcome,
  },
  { method: 'GET', path: (i) => `/api/candidates/${i}/support`, roles: READ },
  {
    method: 'PUT',
    path: (i) => `/api/candidates/${i}/helper`,
    roles: SEC,
    json: () => ({ helperMemberId: 'not-a-member' }),
  },
  { method: 'POST', path: (i) => `/api/candidates/${i}/tasks`, roles: SEC, json: badTask },
  {
    method: 'POST',
    path: (i) => `/api/candidates/${i}/tasks/${CT(i)}/outcome`,
    roles: SEC,
    json: futureOutcome,
  },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/introductions?period=2024-01`, roles: READ },
  { method: 'GET', path: (_i, c) => `/api/cells/${c}/pipeline?year=2024`, roles: READ },
  { method: 'GET', path: (_i, c) => `/pool?cellId=${c}`, roles: READ, page: true },
  { method: 'POST', path: (_i, c) => `/pool?cellId=${c}`, roles: SEC, page: true, form: true },
  { method: 'GET', path: (i, c) => `/cells/${c}/pool/${P(i)}`, roles: READ, page: true },
  ...['remove', 'helper', 'tasks', `tasks/{taskId}/outcome`].map(
    (a): Case => ({
      method: 'POST',
      path: (i, c) => `/cells/${c}/pool/${P(i)}/${a.replace('{taskId}', PT(i))}`,
      roles: SEC,
      page: true,
      form: true,
    }),
  ),
  ...['helper', 'tasks', `tasks/{taskId}/outcome`].map(
    (a): Case => ({
      method: 'POST',
      path: (i) => `/candidates/${i}/${a.replace('{taskId}', CT(i))}`,
      roles: SEC,
      page: true,
      form: true,
    }),
  ),
);

const USERS = [
  { key: 'secA', role: 'secretary', own: true },
  { key: 'secB', role: 'secretary', own: false },
  { key: 'comA', role: 'committee', own: true },
  { key: 'comB', role: 'committee', own: false },
  { key: 'admin', role: 'admin', own: true },
] as const;

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  const r = await call('POST', '/api/candidates', {
    cookie: await f.cookie('secA'),
    json: referralBody(f, {
      fullName: 'Nguyễn Hồng Quang',
      birthDate: '1995-03-14',
      referredOn: daysAgo(10),
    }),
  });
  expect(r.status, r.body).toBe(201);
  candA = r.json<{ id: string }>().id;
  // the workflow records its own start on the timeline, asynchronously: wait for it, so that the matrix below
  // can check that it adds nothing to the timeline
  for (let i = 0; ; i++) {
    const tl = await call('GET', `/api/candidates/${candA}/timeline`, { cookie: await f.cookie('secA') });
    if (tl.json<{ items: { type: string }[] }>().items.some((e) => e.type === 'admissionStarted')) break;
    if (i >= 120) throw new Error('the admission workflow did not record its start within 60 s');
    await new Promise((res) => setTimeout(res, 500));
  }
  const cookie = await f.cookie('secA');
  const p = await call('POST', `/api/cells/${f.cellA}/pool`, {
    cookie,
    json: {
      fullName: 'Nguyễn Hồng Quang',
      birthDate: '1999-01-01',
      workplace: 'Cảng Đình Vũ',
      foundByMemberId: f.membersA[0],
      introducedOn: daysAgo(1),
    },
  });
  expect(p.status, p.body).toBe(201);
  personA = p.json<{ personId: string }>().personId;
  const task = { title: 'Thử thách', assignedOn: daysAgo(1), dueOn: daysAgo(0) };
  const pt = await call('POST', `/api/cells/${f.cellA}/pool/${personA}/tasks`, { cookie, json: task });
  poolTaskA = pt.json<{ taskId: string }>().taskId;
  const ct = await call('POST', `/api/candidates/${candA}/tasks`, { cookie, json: task });
  candTaskA = ct.json<{ taskId: string }>().taskId;
});

/** Routes that do not depend on a cell are the same for "own" and "other". */
const cellFree = (c: Case) =>
  !c.path('ID', 'CELL').includes('ID') &&
  !c.path('ID', 'CELL').includes('CELL') &&
  !JSON.stringify(c.json?.(f) ?? {}).includes(f.cellA);

describe('access matrix', () => {
  it('refuses every forbidden (route, role, cell) pair and lets the allowed ones through', async () => {
    const before = await call('GET', `/api/candidates/${candA}`, { cookie: await f.cookie('secA') });
    const timelineBefore = await call('GET', `/api/candidates/${candA}/timeline`, {
      cookie: await f.cookie('secA'),
    });
    const failures: string[] = [];
    let checked = 0;
    for (const u of USERS) {
      const cookie = await f.cookie(u.key);
      for (const c of CASES) {
        const path = c.path(candA, f.cellA);
        const r = await call(c.method, path, {
          cookie,
          ...(c.json ? { json: c.json(f) } : {}),
          ...(c.form ? { form: { _csrf: 'x', expectedVersion: '999' } } : {}),
        });
        checked++;
        const roleOk = c.roles.includes(u.role);
        const expectOwn = u.own || cellFree(c);
        const label = `${u.key} ${c.method} ${path.replace(candA, '{id}')} → ${r.status}`;
        if (r.status >= 500) failures.push(`${label} (5xx)`);
        else if (!roleOk) {
          if (r.status !== 403) failures.push(`${label}, expected 403`);
        } else if (!expectOwn) {
          if (r.status !== 404) failures.push(`${label}, expected 404`);
          if (r.body.includes('Nguyễn Hồng Quang')) failures.push(`${label} leaks the name`);
        } else if ([401, 403, 404].includes(r.status) && !(c.form && r.status === 403)) {
          // an allowed form POST with a bad CSRF token is refused with 403 csrf_invalid: also fine
          failures.push(`${label}, expected to pass the access checks`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(USERS.length * CASES.length);
    const after = await call('GET', `/api/candidates/${candA}`, { cookie: await f.cookie('secA') });
    expect(after.json().version).toBe(before.json().version);
    expect(after.json().stage).toBe('AWAITING_COURSE');
    const timelineAfter = await call('GET', `/api/candidates/${candA}/timeline`, {
      cookie: await f.cookie('secA'),
    });
    expect(timelineAfter.json<{ items: unknown[] }>().items.length).toBe(
      timelineBefore.json<{ items: unknown[] }>().items.length,
    );
  });

  it('covers every route that needs a session, with the roles the route declares', () => {
    // reached only with ids the matrix cannot make (a document), or cell-free and covered elsewhere
    const elsewhere = new Set([
      'GET /api/me',
      'POST /api/candidates/{id}/uploads/{docId}/confirm',
      'GET /api/candidates/{id}/documents/{docId}/download',
      // every role × own/other cell of the drafts, each paper: drafts.test.ts
      'GET /api/candidates/{id}/drafts/{formCode}',
      'POST /api/candidates/{id}/documents/{docId}/withdraw',
      'GET /candidates/{id}/documents/{docId}/withdraw',
      'POST /candidates/{id}/documents/{docId}/withdraw',
      'POST /candidates/new',
      // removal deletes the person: every role × own/other cell in pool.test.ts
      'DELETE /api/cells/{cellId}/pool/{personId}',
      'POST /targets',
    ]);
    const covered = new Map(
      CASES.map((c) => [`${c.method} ${c.path('{id}', '{cellId}').split('?')[0]}`, [...c.roles].sort()]),
    );
    const missing: string[] = [];
    for (const r of ROUTES) {
      if (r.roles === 'public') continue;
      const key = `${r.method} ${r.path}`;
      if (elsewhere.has(key)) continue;
      const roles = covered.get(key);
      if (!roles) missing.push(`${key}: not in the matrix`);
      else if (roles.join() !== [...r.roles].sort().join())
        missing.push(`${key}: roles ${roles} ≠ ${r.roles}`);
    }
    expect(missing).toEqual([]);
  });

  it('guessed ids answer 404 like another cell’s, and nobody is served without a valid session', async () => {
    const cookie = await f.cookie('secB');
    for (const id of ['c0000000000000000000', `${candA.slice(0, -1)}0`, 'x'])
      expect((await call('GET', `/api/candidates/${id}`, { cookie })).status).toBe(404);
    expect((await call('GET', `/api/candidates/${candA}`)).status).toBe(401);
    const page = await call('GET', `/candidates/${candA}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/auth\/login\?next=/);
    const forged = `${(await f.cookie('secA')).slice(0, -4)}AAAA`;
    expect((await call('GET', `/api/candidates/${candA}`, { cookie: forged })).status).toBe(401);
    // a token for a role the API does not know
    expect((await call('GET', '/api/me', { cookie: 'ketnap_session=e30.e30.x' })).status).toBe(401);
  });

  it('the other cell’s secretary sees only her own cell in lists and exports', async () => {
    const cookie = await f.cookie('secB');
    const list = await call('GET', `/api/candidates?cellId=${f.cellB}`, { cookie });
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(candA);
    const csv = await call('GET', `/api/cells/${f.cellB}/register.csv`, { cookie });
    expect(csv.status).toBe(200);
    expect(csv.body).not.toContain('Nguyễn Hồng Quang');
    const def = await call('GET', '/api/candidates', { cookie });
    expect(def.body).not.toContain(candA);
  });
});
