// Helpers of the web-form tests (forms.test.ts, forms-recognition.test.ts): a cell with a sub-committee and
// its sessions, a form fetched then posted as a browser would, a candidate's state, timeline, document items,
// actions and checklists, and a candidate taken through the JSON API to the cell vote.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import { daysAgo, type Fixture, http, makeFixture, referralBody, uploadDoc } from './fixtures.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */

export const stack = useStack();
export const call = http(stack.endpoints.api);
/** The cell, its secretary's and committee member's sessions: set by `setUpFormsCell()` in the beforeAll. */
export let f: Fixture;
export let sec: string;
export let com: string;

export type Cand = {
  stage: string;
  version: number;
  waitingFor: string | null;
  ceremonyOn?: string;
  probationEndsOn?: string;
  officialOn?: string;
  biographyOn?: string;
  recognitionRounds?: { passed: boolean; round: number }[];
};
export const get = async (id: string) =>
  (await call('GET', `/api/candidates/${id}`, { cookie: sec })).json<Cand>();
export const events = async (id: string) =>
  (await call('GET', `/api/candidates/${id}/timeline`, { cookie: sec }))
    .json<{ items: { type: string }[] }>()
    .items.map((e) => e.type);

/** GET a form, then POST it with its CSRF token and version plus `fields` (as a browser would). */
export async function submit(
  id: string,
  action: string,
  fields: Record<string, string>,
  o: { cookie?: string; query?: string } = {},
) {
  const cookie = o.cookie ?? sec;
  const path = `/candidates/${id}/${action}${o.query ?? ''}`;
  const form = await call('GET', path, { cookie });
  expect(form.status, form.body.slice(0, 500)).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const version = /name="expectedVersion" value="(\d+)"/.exec(form.body)?.[1];
  expect(csrf && version).toBeTruthy();
  return call('POST', path, {
    cookie,
    form: { _csrf: csrf as string, expectedVersion: version as string, ...fields },
  });
}

/** Every document item of a candidate in the table, pending ones included (what an upload leaves behind). */
export async function docItems(id: string): Promise<{ formCode: string; status: string }[]> {
  const client = new DynamoDBClient({
    region: stack.env.AWS_REGION,
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
  });
  try {
    const r = await DynamoDBDocumentClient.from(client).send(
      new QueryCommand({
        TableName: stack.env.TABLE_NAME ?? 'ketnap',
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :doc)',
        ExpressionAttributeValues: { ':pk': `CAND#${id}`, ':doc': 'DOC#' },
      }),
    );
    return (r.Items ?? []).map((i) => ({ formCode: String(i.formCode), status: String(i.status) }));
  } finally {
    client.destroy();
  }
}

/** Ask for an upload link (the first step of the browser's upload). */
export const presign = (id: string, formCode: string, o: { cookie?: string; query?: string } = {}) =>
  call('POST', `/api/candidates/${id}/uploads${o.query ?? ''}`, {
    cookie: o.cookie ?? sec,
    json: { formCode, fileName: `${formCode}.pdf`, contentType: 'application/pdf', size: 2048 },
  });

/** The status shown on the candidate's page for a form, in the table `table`. */
export const rowOf = (page: string, table: string, form: string) => {
  const t = new RegExp(`<table id="${table}"[^>]*>[\\s\\S]*?</table>`).exec(page)?.[0] ?? '';
  return new RegExp(`<tr data-form="${form}"[^>]*>[\\s\\S]*?</tr>`).exec(t)?.[0] ?? '';
};
export const uploadOptions = (page: string) => {
  const sel = /<select[^>]*name="formCode"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
  return [...sel.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
};

/** The POST saved and went back to the candidate's page. */
export function saved(r: { status: number; body: string; headers: Headers }, id: string) {
  const error = /id="form-errors"[^>]*>([\s\S]*?)<\/div>/.exec(r.body)?.[1];
  expect(r.status, error ?? r.body.slice(0, 300)).toBe(303);
  expect(r.headers.get('location')).toBe(`/candidates/${id}`);
}

export const actionsOf = async (id: string, cookie = sec) => {
  const page = await call('GET', `/candidates/${id}`, { cookie });
  const section = /id="h-actions"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
  return [...section.matchAll(new RegExp(`href="/candidates/${id}/([a-z-]+)"`, 'g'))].map((m) => m[1]);
};

/** Refer a candidate and take it through the JSON API to the cell vote, every date `back` days earlier. */
export async function driveToVote(name: string, back: number): Promise<string> {
  const d = (n: number) => daysAgo(n + back);
  const r = await call('POST', '/api/candidates', {
    cookie: sec,
    json: referralBody(f, { fullName: name, birthDate: '1994-09-02', referredOn: d(40) }),
  });
  expect(r.status, r.body).toBe(201);
  const id = r.json<{ id: string }>().id;
  const c = await call('POST', `/api/candidates/${id}/course`, {
    cookie: sec,
    json: { certificateNo: 'CN-77/2024', issuedOn: d(30), issuer: 'Trung tâm chính trị' },
  });
  expect(c.status, c.body).toBe(200);
  for (const doc of [
    { formCode: 'CN-NTVĐ', signedOn: d(30) },
    { formCode: '1-KNĐ', signedOn: d(25) },
    { formCode: '2-KNĐ', signedOn: d(20), verifiedOn: d(10) },
    { formCode: '3-KNĐ', signedOn: d(20), introducerMemberId: f.membersA[0] },
    { formCode: '3-KNĐ', signedOn: d(20), introducerMemberId: f.membersA[1] },
    { formCode: '5-KNĐ', signedOn: d(20) },
  ])
    expect((await uploadDoc(call, sec, id, doc)).status, doc.formCode).toBe(200);
  const s = await call('POST', `/api/candidates/${id}/dossier`, { cookie: sec, json: { submittedOn: d(5) } });
  expect(s.json<{ accepted: boolean }>().accepted, s.body).toBe(true);
  const v = await call('POST', `/api/candidates/${id}/vote`, {
    cookie: sec,
    json: { meetingOn: d(4), yes: 8, no: 1, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
  return id;
}

/** A new cell with a sub-committee (the cell's vote goes to the appraisal first), and its sessions. */
export async function setUpFormsCell(): Promise<void> {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  sec = await f.cookie('secA');
  com = await f.cookie('comA');
  const client = new DynamoDBClient({
    region: stack.env.AWS_REGION,
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
  });
  await DynamoDBDocumentClient.from(client).send(
    new UpdateCommand({
      TableName: stack.env.TABLE_NAME ?? 'ketnap',
      Key: { PK: `CELL#${f.cellA}`, SK: 'META' },
      UpdateExpression: 'SET hasSubCommittee = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );
  client.destroy();
}
