// The committee decides as a committee, in a real Chromium on a 360 px phone, working only from the local
// outbox page and the UI: two committee members (one reads English) answer one dossier differently and the
// quorum (2/3 of two members: both must agree) returns it; the approving member's dissent is recorded and shown;
// the return reaches the secretary (mail and banner) with its comment and deadline; she adds a document and
// resubmits; round 2 (its own links, the new document marked) is approved by both; a second dossier's open
// links are cancelled by a withdrawal, and the committee is told. Each step's mails are checked in the outbox.
// The candidates are brought to the committee through the API (the secretary's pages are web.test.ts's).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/local/stack.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture, pdf } from '../integration/api/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PHONE = { width: 360, height: 740 };
const C1 = 'u-committee-1';
const C2 = 'u-committee-2';
const SEC = 'u-secretary-hp';

let stack: Stack;
let f: Fixture;
let base: string;
let dataDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
let first = ''; // the candidate returned, then approved in round 2
let second = ''; // the candidate withdrawn while its links are open
type Mail = { to: string[]; subject: string; text: string; html?: string };

async function phone(): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--lang=vi-VN',
    ],
  });
  const ctx = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: PHONE });
  contexts.push(ctx);
  return ctx.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  await page
    .screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, timeout: 15_000 })
    .catch(() => {});
}

const mails = async (): Promise<Mail[]> => (await (await fetch(`${base}/outbox.json`)).json()) as Mail[];
const mailsTo = async (user: string, subject: string) =>
  (await mails()).filter((m) => m.to.includes(`${user}@example.test`) && m.subject.includes(subject));

async function waitMail(user: string, subject: string, count = 1): Promise<Mail> {
  await expect
    .poll(async () => (await mailsTo(user, subject)).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(count);
  return (await mailsTo(user, subject))[0] as Mail;
}

/** From the outbox page: the newest mail to `user` whose subject has `subject`, then its link. */
async function openFromOutbox(page: Page, user: string, subject: string): Promise<void> {
  await page.goto(`${base}/outbox`);
  await page.click(`tr:has-text("${user}@example.test"):has-text("${subject}") a`);
  await page.click('pre a[href*="/a/"]');
  await page.waitForSelector('#approval-message, #approval-form, #approval-signin, main');
}

/** The link page offers sign-in (no form); signing in comes back to the same page with the form. */
async function signInFromLink(page: Page, user: string): Promise<void> {
  const at = new URL(page.url()).pathname;
  expect(await page.locator('#approval-form').count()).toBe(0);
  await page.click('a[href^="/auth/login?next="]');
  await page.click(`button[data-user="${user}"]`);
  await page.waitForURL(`${base}${at}`);
  await page.waitForSelector('#approval-form');
}

async function answer(page: Page, decision: string, comment = ''): Promise<void> {
  // nothing is pre-selected
  expect(await page.locator('input[name="decision"]:checked').count()).toBe(0);
  await page.check(`input[name="decision"][value="${decision}"]`);
  if (comment) await page.fill('#f-comment', comment);
  await page.click('#approval-form button[type="submit"]');
  await page.waitForURL(/\?done=1$/);
}

async function stageOf(id: string): Promise<string> {
  const r = await http(base)('GET', `/api/candidates/${id}`, { cookie: await f.cookie('secA') });
  return r.json<{ stage: string }>().stage;
}

async function toDecision(name: string): Promise<string> {
  const call = http(base);
  const id = await driveToVote(call, f, name);
  const v = await call('POST', `/api/candidates/${id}/vote`, {
    cookie: await f.cookie('secA'),
    json: { meetingOn: daysAgo(2), yes: 8, no: 1, denominator: 9, form: 'ballot' },
  });
  expect(v.status, v.body).toBe(200);
  return id;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ketnap-e2e-committee-'));
  stack = await startStack({ dataDir, seed: false, cron: false });
  base = stack.endpoints.api;
  f = await makeFixture(stack.env, dataDir, base, true);
  // both committee members sit on the founding cell's committee; the second reads English
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  const TableName = stack.env.TABLE_NAME ?? 'ketnap';
  await ddb.send(
    new UpdateCommand({
      TableName,
      Key: { PK: `CELL#${f.cellA}`, SK: 'META' },
      UpdateExpression: 'SET committeeUserIds = :c, secretaryUserIds = :s',
      ExpressionAttributeValues: { ':c': [C1, C2], ':s': [SEC] },
    }),
  );
  await ddb.send(
    new UpdateCommand({
      TableName,
      Key: { PK: `USER#${C2}`, SK: 'META' },
      UpdateExpression: 'SET cellIds = :c, lang = :en',
      ExpressionAttributeValues: { ':c': [f.cellA], ':en': 'en' },
    }),
  );
  first = await toDecision('Trần Thị Mai');
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the committee decides as a committee, on a phone', () => {
  let c1: Page;
  let c2: Page;
  let sec: Page;

  it('two members answer differently; the quorum returns the dossier; the dissent is recorded and shown', async () => {
    // the request mails: one per member, in the member's language, no name in the subject, a button in HTML
    const vi = await waitMail(C1, '1 hồ sơ cần quyết định');
    const en = await waitMail(C2, '1 dossier awaiting decision');
    for (const m of [vi, en]) {
      expect(m.subject).not.toContain('Trần Thị Mai');
      expect(m.html).toMatch(/<a href="[^"]+\/a\/[A-Za-z0-9_-]+"/);
    }
    expect(vi.text).toMatch(/Hạn quyết định của cấp ủy: \d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)/);
    expect(en.text).toContain('Dear comrade');

    c1 = await phone();
    await openFromOutbox(c1, C1, '1 hồ sơ cần quyết định');
    expect(await c1.textContent('main')).toContain('Đồng chí được mời');
    expect(await c1.textContent('main')).not.toMatch(/Ông\/bà/i);
    expect(await c1.textContent('#round-deadline')).toMatch(/còn \d+ ngày làm việc/);
    await shot(c1, 'committee-01-link-signed-out');
    await signInFromLink(c1, C1);
    await shot(c1, 'committee-02-link-form');
    await answer(c1, 'approve');
    expect(await c1.textContent('#approval-message')).toMatch(/Đã ghi nhận ý kiến của đồng chí/);
    expect(await stageOf(first)).toBe('AWAITING_DECISION');

    c2 = await phone();
    await openFromOutbox(c2, C2, '1 dossier awaiting decision');
    await signInFromLink(c2, C2);
    // the first member's answer is shown to the second, with date and time
    expect(await c2.textContent('#round-answers')).toMatch(/Ủy viên cấp ủy 1|Ủy viên A/);
    expect(await c2.textContent('#round-answers')).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await answer(c2, 'return', 'Bổ sung nhận xét của nơi cư trú (2-KNĐ)');
    await shot(c2, 'committee-03-second-answer-returns');
    expect(await stageOf(first)).toBe('DOSSIER');
    expect(await c2.textContent('#round-outcome')).toMatch(/Return for changes|Trả lại/);
    // the dissent stays on the record, on every link page
    await c1.reload();
    expect(await c1.textContent('#round-answers')).toContain('Bổ sung nhận xét của nơi cư trú');
    expect(await c1.textContent('#round-outcome')).toContain('Trả lại để bổ sung');
  });

  it('the return reaches the secretary with its comment and deadline; she adds a document and resubmits', async () => {
    const out = await waitMail(SEC, 'Cấp ủy trả lại 1 hồ sơ để bổ sung');
    expect(out.text).toContain('Bổ sung nhận xét của nơi cư trú (2-KNĐ)');
    expect(out.text).toContain('Đồng ý kết nạp'); // the dissent, in the secretary's mail too
    expect(out.text).toMatch(/trước \d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)/);
    sec = await phone();
    await sec.goto(`${base}/login`);
    await sec.click(`button[data-user="${SEC}"]`);
    await sec.waitForURL(`${base}/`);
    await sec.goto(`${base}/candidates/${first}`);
    const banner = await sec.textContent('#committee-outcome');
    expect(banner).toContain('Bổ sung nhận xét của nơi cư trú (2-KNĐ)');
    expect(banner).toMatch(/gửi lại trước \d{2}\/\d{2}\/\d{4}/);
    await shot(sec, 'committee-04-secretary-banner');
    // a new 2-KNĐ, then the dossier again: straight back to the committee, no new vote
    await sec.selectOption('#f-formCode', '2-KNĐ');
    await sec.fill('#f-signedOn', daysAgo(0));
    await sec.fill('#f-verifiedOn', daysAgo(0));
    await sec.setInputFiles('#f-file', {
      name: '2-KND-bo-sung.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(4096, 'new'),
    });
    // the upload refreshes the checklist in place and says so
    await sec.click('#upload-form button[type="submit"]');
    await sec.waitForSelector('#upload-status.ok', { timeout: 30_000 });
    expect(await sec.textContent('#upload-status')).toContain('2-KND-bo-sung.pdf');
    await sec.waitForSelector('#upload-form button[type="submit"]:not([disabled])', { timeout: 30_000 });
    await sec.click(`a[href="/candidates/${first}/dossier"]`);
    await sec.click('main button[type="submit"]');
    await sec.waitForURL(`${base}/candidates/${first}`);
    expect(await sec.getAttribute('#cand-stage', 'data-stage')).toBe('AWAITING_DECISION');
    expect(await sec.locator('#committee-outcome').count()).toBe(0);
  });

  it('round 2 has its own links, says it is a resubmission, marks the new document, and both approve', async () => {
    const vi = await waitMail(C1, '1 hồ sơ gửi lại sau bổ sung');
    expect(vi.text).toContain('ĐÂY LÀ HỒ SƠ GỬI LẠI');
    expect(vi.text).toContain('Lần xem xét thứ 2');
    await waitMail(C2, '1 resubmitted dossier awaiting decision');
    await openFromOutbox(c1, C1, '1 hồ sơ gửi lại sau bổ sung');
    await c1.waitForSelector('#approval-form'); // still signed in
    expect(await c1.textContent('#h-round')).toContain('Lần xem xét thứ 2');
    expect(await c1.locator('[data-new="1"]').count()).toBe(1);
    await shot(c1, 'committee-05-round-2');
    await answer(c1, 'approve');
    await openFromOutbox(c2, C2, '1 resubmitted dossier awaiting decision');
    await c2.waitForSelector('#approval-form');
    await answer(c2, 'approve');
    expect(await stageOf(first)).toBe('AWAITING_CEREMONY');
    const ok = await waitMail(SEC, 'Cấp ủy đồng ý kết nạp 1 hồ sơ');
    expect(ok.text).toContain('lần xem xét thứ 2');
    await sec.goto(`${base}/candidates/${first}`);
    expect(await sec.getAttribute('#committee-outcome', 'data-outcome')).toBe('approve');
    await shot(sec, 'committee-06-approved');
  });

  it('a withdrawal cancels the open links, which say who withdrew and when; the committee is mailed', async () => {
    second = await toDecision('Vũ Đức Long');
    await expect
      .poll(async () => (await mailsTo(C1, '1 hồ sơ cần quyết định')).length, { timeout: 30_000 })
      .toBe(2);
    // the member's home lists the decision waiting for them, with its deadline
    await c1.goto(`${base}/`);
    const home = await c1.textContent('#waiting-decisions');
    expect(home).toContain('Vũ Đức Long');
    expect(home).toMatch(/\d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)/);
    await shot(c1, 'committee-07-home-waiting');
    await openFromOutbox(c1, C1, '1 hồ sơ cần quyết định');
    await c1.waitForSelector('#approval-form');
    const link = c1.url();
    await sec.goto(`${base}/candidates/${second}/withdraw`);
    await sec.fill('#f-reason', 'Chuyển công tác về địa phương');
    await sec.click('main button[type="submit"]');
    await sec.waitForURL(`${base}/candidates/${second}`);
    await c1.goto(link);
    expect(await c1.textContent('#approval-message')).toMatch(
      /Quần chúng đã rút hồ sơ ngày \d{2}\/\d{2}\/\d{4} \(.+ ghi nhận lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/,
    );
    expect(await c1.locator('#approval-form').count()).toBe(0);
    await shot(c1, 'committee-08-withdrawn-link');
    const vi = await waitMail(C1, '1 hồ sơ đã rút, không cần quyết định');
    expect(vi.text).toContain('Vũ Đức Long');
    await waitMail(C2, '1 dossier withdrawn, no decision needed');
    const overflow = await c1.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
