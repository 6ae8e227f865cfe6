// Pages and exports against real data: what is due or overdue this week on the home page (own cell only),
// the register as CSV and XLSX (formula-safe), a candidate's dossier as ZIP, and the language switch.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';
import {
  daysAgo,
  type Fixture,
  http,
  makeFixture,
  pdf,
  referralBody,
  todayIso,
  uploadDoc,
} from './fixtures.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */

const stack = useStack();
const call = http(stack.endpoints.api);
let f: Fixture;
let cand: string;
let sneaky: string;

async function refer(fullName: string): Promise<string> {
  const r = await call('POST', '/api/candidates', {
    cookie: await f.cookie('secA'),
    json: referralBody(f, { fullName, birthDate: '1993-07-01', referredOn: daysAgo(5) }),
  });
  expect(r.status, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

beforeAll(async () => {
  f = await makeFixture(stack.env, stack.dataDir, stack.endpoints.api);
  cand = await refer('Đặng Thu Hà');
  sneaky = await refer('Người Gài Công Thức');
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  // a name stored before the person-name rule (which refuses it now): the exports must still neutralise it
  await ddb.send(
    new UpdateCommand({
      TableName: stack.env.TABLE_NAME ?? 'ketnap',
      Key: { PK: `CAND#${sneaky}`, SK: 'META' },
      UpdateExpression: 'SET fullName = :n',
      ExpressionAttributeValues: { ':n': '=HYPERLINK("http://evil","x")' },
    }),
  );
  for (const [kind, dueOn] of [
    ['course', daysAgo(3)],
    ['dossier', todayIso()],
  ] as const)
    await ddb.send(
      new PutCommand({
        TableName: stack.env.TABLE_NAME ?? 'ketnap',
        Item: {
          PK: `CAND#${sneaky}`,
          SK: `DEADLINE#${kind}`,
          candidateId: sneaky,
          cellId: f.cellA,
          kind,
          dueOn,
          nextRemindOn: dueOn,
          status: 'open',
          GSI3PK: 'REMIND',
          GSI3SK: `${dueOn}#${sneaky}#${kind}`,
        },
      }),
    );
});

describe('home page', () => {
  it('lists what is due and overdue this week for the own cell only, with dd/mm/yyyy dates', async () => {
    const home = await call('GET', '/', { cookie: await f.cookie('secA') });
    expect(home.status).toBe(200);
    expect(home.body).toContain('Hạn trong tuần này');
    expect(home.body).toMatch(/class="overdue"[^>]*>.*Quá hạn/s);
    const [y, m, d] = daysAgo(3).split('-');
    expect(home.body).toContain(`${d}/${m}/${y}`);
    expect(home.body).toContain(`/candidates/${sneaky}`);
    const other = await call('GET', '/', { cookie: await f.cookie('secB') });
    expect(other.status).toBe(200);
    expect(other.body).not.toContain(sneaky);
  });
});

describe('exports', () => {
  it('the register as CSV: UTF-8 with BOM, Vietnamese headers, formulas neutralised; English on request', async () => {
    const r = await call('GET', `/api/cells/${f.cellA}/register.csv`, { cookie: await f.cookie('secA') });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const raw = await fetch(`${stack.endpoints.api}/api/cells/${f.cellA}/register.csv`, {
      headers: { cookie: await f.cookie('secA') },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.body).toContain('"Họ và tên"');
    expect(r.body).toContain('"Đặng Thu Hà"');
    expect(r.body).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    const en = await call('GET', `/api/cells/${f.cellA}/register.csv?lang=en`, {
      cookie: await f.cookie('secA'),
    });
    expect(en.body).toContain('"Full name"');
  });

  it('the register as XLSX', async () => {
    const r = await fetch(`${stack.endpoints.api}/api/cells/${f.cellA}/register.xlsx`, {
      headers: { cookie: await f.cookie('comA') },
    });
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    const ws = wb.worksheets[0];
    const names = Array.from(ws?.getColumn(2).values ?? [], (v) => String(v ?? ''));
    expect(names).toContain('Họ và tên');
    expect(names).toContain('Đặng Thu Hà');
    expect(names.find((n) => n.includes('HYPERLINK'))?.startsWith("'")).toBe(true);
  });

  it("a candidate's whole dossier as ZIP, with the uploaded files byte for byte", async () => {
    const cookie = await f.cookie('secA');
    await call('POST', `/api/candidates/${cand}/course`, {
      cookie,
      json: { certificateNo: 'CN-9', issuedOn: daysAgo(4) },
    });
    const body = pdf(5000, 'zip');
    const u = await uploadDoc(call, cookie, cand, { formCode: '1-KNĐ', signedOn: daysAgo(3) }, body);
    expect(u.status).toBe(200);
    const r = await fetch(`${stack.endpoints.api}/api/candidates/${cand}/dossier.zip`, {
      headers: { cookie },
    });
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(await r.arrayBuffer());
    const files = Object.keys(zip.files);
    expect(files).toContain('ho-so.json');
    expect(files).toContain('dien-bien.csv');
    const doc = files.find((x) => x.startsWith('1-KNĐ/') && !zip.files[x]?.dir);
    expect(doc).toBeDefined();
    expect(Buffer.from(await (zip.file(doc as string) as JSZip.JSZipObject).async('uint8array'))).toEqual(
      body,
    );
    const summary = JSON.parse(await (zip.file('ho-so.json') as JSZip.JSZipObject).async('string'));
    expect(summary.candidate.fullName).toBe('Đặng Thu Hà');
  });
});

describe('large exports', () => {
  it('a dossier ZIP too big for a Lambda response goes through the bucket and a short-lived link', async () => {
    const cookie = await f.cookie('secA');
    const big = Buffer.concat([
      pdf(100, 'big').subarray(0, 30),
      randomBytes(4_600_000),
      Buffer.from('\n%%EOF\n'),
    ]);
    const u = await uploadDoc(call, cookie, cand, { formCode: '5-KNĐ', signedOn: daysAgo(2) }, big);
    expect(u.status).toBe(200);
    const r = await call('GET', `/api/candidates/${cand}/dossier.zip`, { cookie });
    expect(r.status).toBe(303);
    const link = r.headers.get('location') as string;
    expect(link).toContain('/exports/');
    const zip = await JSZip.loadAsync(await (await fetch(link)).arrayBuffer());
    const name = Object.keys(zip.files).find((x) => x.startsWith('5-KNĐ/') && !zip.files[x]?.dir) as string;
    expect(Buffer.from(await (zip.file(name) as JSZip.JSZipObject).async('uint8array'))).toEqual(big);
  });
});

describe('language', () => {
  it('Vietnamese by default, English by ?lang (remembered in a cookie) or Accept-Language', async () => {
    const cookie = await f.cookie('secA');
    const vi = await call('GET', `/candidates/${cand}`, { cookie });
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('Danh mục hồ sơ');
    const en = await call('GET', `/candidates/${cand}?lang=en`, { cookie });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Dossier checklist');
    expect(en.headers.get('set-cookie')).toContain('lang=en');
    const again = await call('GET', `/candidates/${cand}`, { cookie: `${cookie}; lang=en` });
    expect(again.body).toContain('Dossier checklist');
    const al = await call('GET', '/api/candidates/nope', { cookie, lang: 'en-GB,en;q=0.9' });
    expect(al.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    const bad = await call('POST', '/api/candidates', { cookie, json: { cellId: f.cellA } });
    expect(bad.status).toBe(400);
    // what is missing, by the fields' labels, never their paths
    const said = bad.json<{ error: { message: string } }>().error.message;
    expect(said).toMatch(/^Dữ liệu nhập chưa hợp lệ\. Họ và tên: Bắt buộc nhập/);
    expect(said).not.toMatch(/fullName|introduction\./);
  });
});
