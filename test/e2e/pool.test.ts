// Before the referral, in a real Chromium at 360 px through the UI only: the admin sets the year's and the
// month's targets (and sees the list of what is set); a member's introduction is recorded in the pool by the
// secretary; she assigns a helper and gives a task; the daily job runs from the outbox page and the task's reminder is in the
// local outbox, with a link to the person's page; the person is sent to the course, which opens the referral
// filled in from the pool record; the dashboard's per-member view and the targets move. axe-core on each page
// (no serious or critical violation), no horizontal scroll at 360 px, screenshots in test-results/screenshots.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/local/stack.ts';
import { type Fixture, makeFixture, todayIso } from '../integration/api/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let stack: Stack;
let f: Fixture;
let base: string;
let dataDir: string;
let browser: Browser;
const problems: string[] = [];
const PERSON = 'Tạ Quỳnh Như';
const TASK = 'Tổ chức giải bóng đá công nhân khu kinh tế';

async function phone(): Promise<Page> {
  const ctx = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
  });
  return ctx.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  await page
    .screenshot({ path: join(SHOTS, `pool-${name}.png`), fullPage: true, timeout: 15_000 })
    .catch(() => {});
}

/** axe (serious/critical) and the 360 px width, collected for one assertion at the end. */
async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; impact: string }[]).map((v) => `${v.id} (${v.impact})`);
  });
  for (const v of violations) if (/serious|critical/.test(v)) problems.push(`${name}: ${v}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${name}: ${width}px wide at 360px`);
}

/** Click and wait for the next page; on a refusal, fail with the message the page shows. */
async function submit(page: Page, selector: string, url: RegExp): Promise<void> {
  await page.click(selector);
  await page.waitForURL(url, { timeout: 15_000 }).catch(async (e: Error) => {
    const shown = (
      (await page
        .locator('main')
        .textContent()
        .catch(() => '')) ?? ''
    ).replace(/\s+/g, ' ');
    throw new Error(`${e.message.split('\n')[0]} at ${page.url()}: ${shown.slice(0, 600)}`);
  });
}

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.click(`button[data-user="${userId}"]`);
  await page.waitForURL(`${base}/`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ketnap-e2e-pool-'));
  stack = await startStack({ dataDir, seed: false, cron: true });
  base = stack.endpoints.api;
  f = await makeFixture(stack.env, dataDir, base, true);
  // the cell's secretary receives its reminders; one probationary member, who cannot introduce
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: stack.env.AWS_REGION, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  const TableName = stack.env.TABLE_NAME ?? 'ketnap';
  await doc.send(
    new UpdateCommand({
      TableName,
      Key: { PK: `CELL#${f.cellA}`, SK: 'META' },
      UpdateExpression: 'SET secretaryUserIds = :s',
      ExpressionAttributeValues: { ':s': [f.users.secA.userId] },
    }),
  );
  await doc.send(
    new PutCommand({
      TableName,
      Item: {
        PK: `CELL#${f.cellA}`,
        SK: 'MEMBER#p1',
        type: 'member',
        memberId: 'p1',
        fullName: 'Lưu Thị Dự Bị',
        status: 'probationary',
      },
    }),
  );
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=vi-VN'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the pool before the referral, on a phone', () => {
  const year = todayIso().slice(0, 4);
  const month = todayIso().slice(0, 7);

  it('the admin sets the year and the month targets and sees them listed', async () => {
    const page = await phone();
    await signIn(page, f.users.admin.userId);
    await page.click('nav a[href="/targets"]');
    for (const [period, values] of [
      [year, { introductions: '40', sentToCourse: '12', dossiersSubmitted: '8', admitted: '4' }],
      [month, { introductions: '4', sentToCourse: '2' }],
    ] as const) {
      await page.selectOption('#f-cellId', f.cellA);
      await page.fill('#f-period', period);
      for (const [k, v] of Object.entries(values)) await page.fill(`#f-${k}`, v);
      await page.click('main form.card button[type="submit"]');
      await page.waitForURL(/saved=1/);
    }
    const list = page.locator(`table.targets-set[data-cell="${f.cellA}"]`);
    await expect.poll(() => list.locator('tbody tr').count()).toBe(2);
    expect(await list.textContent()).toContain(month);
    await shot(page, '01-targets-admin');
    await check(page, 'targets');
    await page.context().close();
  });

  it('a member introduces a person; the secretary assigns a helper and a task; the reminder arrives; the person is sent to the course from the pool record; the dashboard moves', async () => {
    const page = await phone();
    await signIn(page, f.users.secA.userId);
    const summary = page.locator('#intro-summary');
    expect(await summary.textContent()).toContain('0/4');
    expect(
      await page.locator('#year-progress [data-metric="introductions"] .figures').textContent(),
    ).toContain('0/40 (0 %)');
    await shot(page, '02-home-before');

    // the pool: the form says why probationary members are not offered
    await page.click('nav a[href="/pool"]');
    expect(await page.locator('#probationary-note').textContent()).toContain('dự bị (1 đồng chí)');
    expect(await page.locator('#f-foundByMemberId option').allTextContents()).not.toContain('Lưu Thị Dự Bị');
    await page.fill('#f-fullName', PERSON);
    await page.fill('#f-birthDate', '2000-02-29');
    await page.fill('#f-workplace', 'Công ty CP Cảng Đình Vũ');
    await page.selectOption('#f-foundByMemberId', f.membersA[0] as string);
    await shot(page, '03-pool-form');
    await check(page, 'pool');
    await submit(
      page,
      'main form[action^="/pool"] button[type="submit"]',
      /\/cells\/hp-kkt\/pool\/p[0-9a-z]+\?saved=added/,
    );
    const personUrl = page.url().split('?')[0] as string;
    expect(await page.locator('#person-name').textContent()).toBe(PERSON);

    // helper and task
    await page.selectOption('#f-helperMemberId', f.membersA[1] as string);
    await submit(page, 'form[action$="/helper"] button', /saved=helper/);
    expect(await page.locator('#helper-name').textContent()).toBe('Đảng viên 2 A');
    await page.fill('#f-title', TASK);
    // due today: within this week's deadlines whatever the weekday
    await page.fill('#f-dueOn', todayIso());
    await submit(page, 'form[action$="/tasks"] button', /saved=task/);
    expect(await page.locator('#tasks').textContent()).toContain(TASK);
    await shot(page, '04-person-helper-task');
    await check(page, 'person');
    // the task is among the week's deadlines on the home page, linking the person's page
    await page.click('nav a[href="/"]');
    const due = page.locator('#h-due + ul');
    expect(await due.textContent()).toContain(`${PERSON} — Thử thách: ${TASK}`);
    expect(await due.locator(`a[href="${new URL(personUrl).pathname}"]`).count()).toBe(1);

    // the daily job, run now from the local outbox page (through the scheduler, as at 07:00)
    await page.goto(`${base}/outbox`);
    await page.click('form[action="/outbox/run-daily"] button');
    await page.waitForURL(/\/outbox\?ran=1/);
    const mail = page.locator('a[href^="/outbox/"]').first();
    await mail.click();
    const text = (await page.locator('main, body').first().textContent()) ?? '';
    expect(text).toContain(`Thử thách: ${TASK}`);
    expect(text).toContain(PERSON);
    await shot(page, '05-outbox-reminder');
    const link = page.locator(`a[href="${personUrl}"]`).first();
    await link.click();
    await page.waitForURL(personUrl);

    // send to the course: the referral opens filled in from the pool record
    await page.click('#refer-from-pool');
    await page.waitForURL(/\/candidates\/new\?pool=/);
    expect(await page.locator('#from-pool').isVisible()).toBe(true);
    expect(await page.inputValue('#f-fullName')).toBe(PERSON);
    expect(await page.inputValue('#f-birthDate')).toBe('2000-02-29');
    expect(await page.inputValue('#f-introducer1')).toBe(f.membersA[0]);
    expect(await page.inputValue('#f-introducer2')).toBe(f.membersA[1]);
    await page.check('input[name="path"][value="two-members"]');
    // each introducer's "worked together since" (the 12-month rule): not in the pool record, the secretary adds it
    await page.fill('#f-together1', '2015-01-01');
    await page.fill('#f-together2', '2016-06-01');
    await shot(page, '06-referral-from-pool');
    await check(page, 'referral');
    await submit(page, 'main form.card button[type="submit"]', /\/candidates\/c[0-9a-z]+$/);
    expect(await page.locator('#helper-name').textContent()).toBe('Đảng viên 2 A');
    expect(await page.locator('#tasks').textContent()).toContain(TASK);
    await shot(page, '07-candidate-support');

    // the person left the pool; the dashboard moved
    await page.click('nav a[href="/pool"]');
    expect(await page.locator('main').textContent()).toContain('Chưa có ai trong nguồn.');
    await page.click('nav a[href="/"]');
    expect(await page.locator('#intro-summary').textContent()).toContain('1/4');
    expect(await page.locator('#intro-done').textContent()).toContain('Đảng viên 1 A');
    expect(await page.locator('#intro-not-yet').textContent()).not.toContain('Đảng viên 1 A');
    expect(await page.locator('#intro-probationary').textContent()).toContain('1 đảng viên dự bị');
    expect(
      await page.locator('#year-progress [data-metric="introductions"] .figures').textContent(),
    ).toContain('1/40 (2 %)');
    expect(
      await page.locator('#year-progress [data-metric="sentToCourse"] .figures').textContent(),
    ).toContain('1/12 (8 %)');
    expect(
      await page.locator('#month-progress [data-metric="introductions"] .figures').textContent(),
    ).toContain('1/4 (25 %)');
    expect(await page.locator(`#month-table tr[data-period="${month}"]`).textContent()).toContain(
      '1/2 (50 %)',
    );
    await shot(page, '08-home-after');
    await check(page, 'home');
    // and at 1280 px: the dashboard and the pool
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, '09-home-1280');
    await page.goto(`${base}/pool`);
    await shot(page, '10-pool-1280');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
