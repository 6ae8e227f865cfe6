// Fuzzing every JSON body of the API with fast-check: whatever arrives, the answer is never a 5xx.
// The handler runs in-process against the embedded stack (fast; the same code API Gateway invokes).
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodObject } from 'zod';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, type Fixture, http, makeFixture, referralBody, together } from './fixtures.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */

const stack = useStack();
process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
const { handler } = await import('../../../functions/api.ts');
const { ROUTES } = await import('../../../shared/web/app.ts');

const TOTAL_RUNS = 10_000;
let f: Fixture;
let candA: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  for (const u of ['secA', 'comA', 'admin'] as const) cookies[u] = await f.cookie(u);
  const r = await http(stack.endpoints.api)('POST', '/api/candidates', {
    cookie: cookies.secA,
    json: referralBody(f, { fullName: 'Lê Văn Thử', birthDate: '1990-05-05', referredOn: daysAgo(3) }),
  });
  expect(r.status, r.body).toBe(201);
  candA = r.json<{ id: string }>().id;
});

function event(method: string, path: string, body: string, cookie: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    cookies: [cookie],
    headers: { 'content-type': 'application/json', host: '127.0.0.1' },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      requestId: 'fuzz',
      routeKey: '$default',
      stage: '$default',
    },
    body,
    isBase64Encoded: false,
  };
}

/** Plausible and hostile values: valid-looking dates, enums, ids, numbers, and anything JSON can carry. */
function value(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue() },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '2024-01-15',
        daysAgo(1),
        daysAgo(400),
        '2099-12-31',
        '2024-02-30',
        '15/01/2024',
        'ballot',
        'cards',
        'approve',
        'return',
        'refuse',
        'two-members',
        'union-plus-member',
        'application/pdf',
        'image/png',
        '1-KNĐ',
        'CN-NTVĐ',
        '9-KNĐ',
        'Nguyễn Văn A',
        '',
        ' ',
        '<script>alert(1)</script>',
        '=HYPERLINK("x")',
        '\u0000',
        'x'.repeat(5000),
        '2024',
        '2024-13',
      ),
    },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, 10 * 1024 * 1024 + 1),
    },
    { weight: 1, arbitrary: fc.array(fc.string(), { maxLength: 4 }) },
  );
}

/** A valid body per route: the fuzzer mutates one field of it (or drops it), so inputs reach the services. */
function validBase(path: string, method: string): Record<string, unknown> {
  if (path === '/api/candidates')
    return {
      cellId: f.cellA,
      fullName: 'Trần Văn Mờ',
      birthDate: '1996-06-06',
      referredOn: daysAgo(2),
      introduction: {
        path: 'two-members',
        introducerMemberIds: [f.membersA[2], f.membersA[3]],
        togetherSince: together([f.membersA[2], f.membersA[3]]),
      },
      requestId: 'fuzz-request-0001',
    };
  if (path.endsWith('/course')) return { certificateNo: 'CN-1/2024', issuedOn: daysAgo(5), issuer: 'TTCT' };
  if (path.endsWith('/dossier')) return { submittedOn: daysAgo(1) };
  if (path.endsWith('/vote')) return { meetingOn: daysAgo(1), yes: 7, no: 2, denominator: 9, form: 'ballot' };
  if (path.endsWith('/decision')) return { decision: 'approve', decidedOn: daysAgo(1) };
  if (path.endsWith('/ceremony')) return { heldOn: daysAgo(1) };
  if (path.endsWith('/appraisal')) return { appraisedOn: daysAgo(1), opinion: 'agree', reportNo: 'TĐ-1' };
  if (path.endsWith('/biography')) return { submittedOn: daysAgo(1) };
  if (path.endsWith('/new-member-course')) return { certificateNo: 'ĐVM-1', issuedOn: daysAgo(1) };
  if (path.endsWith('/probation-end')) return {};
  if (path.endsWith('/recognition'))
    return { meetingOn: daysAgo(1), yes: 7, no: 2, denominator: 9, form: 'cards', motion: 'recognise' };
  if (path.endsWith('/withdraw')) return { on: daysAgo(1), reason: 'chuyển công tác' };
  if (path.endsWith('/uploads'))
    return { formCode: '1-KNĐ', fileName: 'don.pdf', contentType: 'application/pdf', size: 1000 };
  if (method === 'PUT') return { period: '2030', admitted: 3, sentToCourse: 9 };
  if (path.startsWith('/api/approvals')) return { decision: 'approve', csrf: 'x' };
  return {};
}

function bodies(base: Record<string, unknown>, keys: string[]): fc.Arbitrary<string> {
  const allKeys = [
    ...new Set([...Object.keys(base), ...keys, 'expectedVersion', '__proto__', 'constructor']),
  ];
  const mutated = fc
    .tuple(fc.constantFrom(...allKeys), fc.option(value(), { nil: undefined, freq: 4 }))
    .map(([k, v]) => {
      const o: Record<string, unknown> = { ...base };
      if (v === undefined) delete o[k];
      else o[k] = v;
      return JSON.stringify(o);
    });
  const shaped = fc
    .record(Object.fromEntries(allKeys.map((k) => [k, value()])), { requiredKeys: [] })
    .map((o) => JSON.stringify(o));
  return fc.oneof(
    // near-valid bodies reach the services (slower: DynamoDB, S3, Step Functions); the rest stop at the edge
    { weight: 2, arbitrary: mutated },
    { weight: 8, arbitrary: shaped },
    { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  );
}

describe('fuzzing every JSON body', () => {
  it(`never answers 5xx over ${TOTAL_RUNS} inputs`, async () => {
    const jsonRoutes = ROUTES.filter((r) => r.body);
    expect(jsonRoutes.length).toBeGreaterThanOrEqual(10);
    const perRoute = Math.ceil(TOTAL_RUNS / jsonRoutes.length);
    let runs = 0;
    const statuses: Record<number, number> = {};
    for (const r of jsonRoutes) {
      const shape = (r.body as unknown as ZodObject).shape ?? {};
      const keys = Object.keys(shape);
      const path = r.path
        .replace('{id}', r.path.startsWith('/api/approvals') ? 'NoSuchLinkNoSuchLink0000' : candA)
        .replace('{cellId}', f.cellA)
        .replace('{docId}', 'dnosuchdoc');
      const who = r.path.endsWith('/decision') ? 'comA' : r.method === 'PUT' ? 'admin' : 'secA';
      await fc.assert(
        fc.asyncProperty(bodies(validBase(r.path, r.method), keys), async (body) => {
          const res = await handler(
            event(r.method, path, body, cookies[who] as string) as never,
            {} as Context,
          );
          runs++;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 500)
            throw new Error(
              `${r.method} ${r.path} → ${res.statusCode}: ${res.body} for ${body.slice(0, 300)}`,
            );
          // every refusal is the documented error shape with a message
          if (res.statusCode >= 400) {
            const e = JSON.parse(res.body as string).error;
            expect(typeof e.code).toBe('string');
            expect(typeof e.message).toBe('string');
          }
        }),
        { numRuns: perRoute, seed: 20241125 },
      );
    }
    expect(runs).toBeGreaterThanOrEqual(TOTAL_RUNS);
    console.info('fuzz statuses', JSON.stringify(statuses));
  }, 300_000);
});
