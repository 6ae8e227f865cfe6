// The web app in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against its own
// embedded stack: a secretary refers a candidate, uploads the dossier (the progress bar moves), records the
// course and the vote; a "mail scanner" opens every link of every mail and records nothing; a committee
// member opens the link from the outbox and approves; the candidate's page shows the new stage; on a 360 px
// phone the secretary records the ceremony and the party-member biography. Plus axe-core
// on the main pages (no serious or critical violation), 360 px layout, and screenshots.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/local/stack.ts';
import { daysAgo, type Fixture, makeFixture, pdf } from '../integration/api/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=vi-VN',
];

let stack: Stack;
let f: Fixture;
let base: string;
let dataDir: string;
const contexts: BrowserContext[] = [];
let secretary: Page;
let candidatePath = '';

let browser: Browser;

/** One Chromium (Playwright gives it a fresh temporary user-data-dir); one isolated context per person. */
async function browserContext(): Promise<BrowserContext> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const ctx = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1024, height: 800 },
  });
  contexts.push(ctx);
  return ctx;
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  // evidence, not an assertion: a slow screenshot on a loaded machine must not fail the flow
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage, timeout: 15_000 }).catch((e: Error) => {
    console.warn(`screenshot ${name} skipped: ${e.message.split('\n')[0]}`);
  });
}

/** Serious or critical axe-core violations of the current page. */
async function axeProblems(page: Page, name: string): Promise<string[]> {
  // evaluated through the DevTools protocol: the page policy allows no inline script, and this is not one
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; impact: string; nodes: unknown[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      n: v.nodes.length,
    }));
  });
  return violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}, ${v.n})`);
}

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.click(`button[data-user="${userId}"]`);
  await page.waitForURL(`${base}/`);
}

async function stageOf(page: Page): Promise<string> {
  return (await page.getAttribute('#cand-stage', 'data-stage')) ?? '';
}

async function candidateState() {
  const id = candidatePath.split('/').pop();
  const r = await secretary.request.get(`${base}/api/candidates/${id}`);
  const tl = await secretary.request.get(`${base}/api/candidates/${id}/timeline`);
  const c = (await r.json()) as { stage: string; version: number };
  return {
    stage: c.stage,
    version: c.version,
    events: ((await tl.json()) as { items: unknown[] }).items.length,
  };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ketnap-e2e-'));
  stack = await startStack({ dataDir, seed: false, cron: false });
  base = stack.endpoints.api;
  f = await makeFixture(stack.env, dataDir, base, true);
  secretary = await (await browserContext()).newPage();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('secretary and committee in a browser', () => {
  it('a secretary refers a candidate, records the course, uploads the dossier with a moving progress bar, and records the vote', async () => {
    const page = secretary;
    await page.goto(`${base}/`);
    await page.waitForURL(/\/oauth2\/authorize/);
    await shot(page, '01-login');
    await signIn(page, f.users.secA.userId);
    await shot(page, '02-home');

    await page.click('nav a[href="/candidates/new"]');
    await page.fill('#f-fullName', 'Nguyễn Hồng Quang');
    await page.fill('#f-birthDate', '1995-03-14');
    await page.fill('#f-referredOn', daysAgo(40));
    await page.check('input[name="path"][value="two-members"]');
    await page.selectOption('#f-introducer1', f.membersA[0] as string);
    await page.selectOption('#f-introducer2', f.membersA[1] as string);
    await page.fill('#f-together1', '2020-03-01');
    await page.fill('#f-together2', '2021-09-15');
    await shot(page, '03-refer-form');
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/candidates\/c[0-9a-z]+$/);
    candidatePath = new URL(page.url()).pathname;
    expect(await stageOf(page)).toBe('AWAITING_COURSE');

    await page.click(`a[href="${candidatePath}/course"]`);
    await page.fill('#f-certificateNo', 'CN-123/2024');
    await page.fill('#f-issuedOn', daysAgo(30));
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${candidatePath}`);
    expect(await stageOf(page)).toBe('DOSSIER');

    const docs = [
      { formCode: 'CN-NTVĐ', signedOn: daysAgo(30), size: 1_500_000 },
      { formCode: '1-KNĐ', signedOn: daysAgo(25) },
      { formCode: '2-KNĐ', signedOn: daysAgo(20), verifiedOn: daysAgo(10) },
      { formCode: '3-KNĐ', signedOn: daysAgo(20), introducer: f.membersA[0] },
      { formCode: '3-KNĐ', signedOn: daysAgo(20), introducer: f.membersA[1] },
      { formCode: '5-KNĐ', signedOn: daysAgo(20) },
    ];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    for (const [i, d] of docs.entries()) {
      const slow = i === 0;
      if (slow)
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: 600 * 1024,
        });
      await page.selectOption('#f-formCode', d.formCode);
      await page.fill('#f-signedOn', d.signedOn);
      await page.selectOption('#f-introducerMemberId', d.introducer ?? '');
      await page.fill('#f-verifiedOn', d.verifiedOn ?? '');
      await page.setInputFiles('#f-file', {
        name: `${d.formCode}.pdf`,
        mimeType: 'application/pdf',
        buffer: pdf(d.size ?? 4096, `${i}`),
      });
      await page.click('#upload-form button[type="submit"]');
      if (slow) {
        // the bar is seen between 0 and 100 while the file goes to S3, then reaches 100
        const seen = new Set<number>();
        let shotTaken = false;
        const end = Date.now() + 20_000;
        while (Date.now() < end) {
          const v = await page.evaluate(
            () => (document.getElementById('upload-bar') as HTMLProgressElement | null)?.value ?? -1,
          );
          if (v > 0) seen.add(Math.round(v));
          if (v < 100 && !shotTaken && [...seen].filter((x) => x > 0 && x < 100).length >= 2) {
            shotTaken = true;
            await shot(page, '04-upload-progress', false);
          }
          if (v >= 100) break;
          await page.waitForTimeout(50);
        }
        const between = [...seen].filter((v) => v > 0 && v < 100);
        expect(between.length, `progress values seen: ${[...seen].join(',')}`).toBeGreaterThanOrEqual(2);
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
      }
      // once the file is in S3 and checked, the checklist is refreshed in place (the form stays)
      await page.waitForSelector(`#upload-status.ok`, { timeout: 30_000 });
      await page.waitForSelector(`tr[data-form="${d.formCode}"] .status-uploaded`, { timeout: 10_000 });
    }
    const listed = await page.request.get(`${base}/api${candidatePath}/documents`);
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(docs.length);
    await shot(page, '05-candidate-dossier');

    await page.click(`a[href="${candidatePath}/dossier"]`);
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${candidatePath}`);
    expect(await stageOf(page)).toBe('AWAITING_CELL_VOTE');

    await page.click(`a[href="${candidatePath}/vote"]`);
    await page.fill('#f-meetingOn', daysAgo(0));
    await page.fill('#f-officialMembers', '9');
    await page.fill('#f-exempt', '0');
    await page.fill('#f-yes', '5');
    await page.fill('#f-no', '4');
    // the 2/3 check is shown before saving, live
    await expect.poll(() => page.textContent('#vote-check')).toContain('Chưa đạt: 5/9');
    await page.fill('#f-yes', '8');
    await page.fill('#f-no', '1');
    await expect.poll(() => page.textContent('#vote-check')).toContain('Đạt: 8/9 tán thành, cần ít nhất 6');
    await shot(page, '06-vote-form');
    // a passing vote saves in one press
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${candidatePath}`).catch(async (e) => {
      throw new Error(`vote not saved: ${(await page.textContent('#form-errors').catch(() => '')) ?? ''}`, {
        cause: e,
      });
    });
    expect(await stageOf(page)).toBe('AWAITING_DECISION');
  });

  it('a mail scanner opening every link of every mail (running the pages’ scripts) records no decision', async () => {
    const mails = (await (await fetch(`${base}/outbox.json`)).json()) as { text: string; html: string }[];
    const until = Date.now() + 20_000;
    let all = mails;
    while (!all.some((m) => m.text.includes('/a/')) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      all = (await (await fetch(`${base}/outbox.json`)).json()) as typeof mails;
    }
    const links = [
      ...new Set(all.flatMap((m) => `${m.text}\n${m.html}`.match(/https?:\/\/[^\s<>"']+/g) ?? [])),
    ];
    expect(links.some((l) => l.includes('/a/'))).toBe(true);
    // the notify task records its event after sending the mails: let the workflow settle first
    const id = candidatePath.split('/').pop();
    await expect
      .poll(
        async () =>
          JSON.stringify(await (await secretary.request.get(`${base}/api/candidates/${id}/timeline`)).json()),
        {
          timeout: 20_000,
        },
      )
      .toContain('committeeNotified');
    const before = await candidateState();
    const scanner = await (await browserContext()).newPage();
    for (const link of links) {
      const r = await scanner.goto(link, { waitUntil: 'load' });
      expect(r?.status()).toBeLessThan(500);
      // a scanner that also follows every link on the page it opened (GET only)
      const hrefs = await scanner.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const h of hrefs.filter((x) => x.startsWith(base) && !x.includes('/logout')).slice(0, 10))
        await scanner.request.get(h);
    }
    expect(await candidateState()).toEqual(before);
    expect(before.stage).toBe('AWAITING_DECISION');
  });

  it('a committee member opens the link from the outbox and approves; the candidate page shows the new stage', async () => {
    const committee = await (await browserContext()).newPage();
    await committee.goto(`${base}/outbox`);
    await shot(committee, '07-outbox');
    await committee.click(`tr:has-text("${f.users.comA.userId}@example.test") a`);
    await committee.click('pre a[href*="/a/"]');
    // answering needs the link's member signed in; sign-in comes back to the same page
    const linkPath = new URL(committee.url()).pathname;
    await committee.click('a[href^="/auth/login?next="]');
    await committee.click(`button[data-user="${f.users.comA.userId}"]`);
    await committee.waitForURL(`${base}${linkPath}`);
    await committee.waitForSelector('#approval-form');
    expect(await committee.textContent('main')).toContain('Nguyễn Hồng Quang');
    await shot(committee, '08-approval');
    expect(await axeProblems(committee, 'approval')).toEqual([]);
    await committee.check('input[name="decision"][value="approve"]');
    await committee.click('#approval-form button[type="submit"]');
    await committee.waitForSelector('text=Đã ghi nhận ý kiến của đồng chí');
    await shot(committee, '09-approval-recorded');

    await secretary.goto(`${base}${candidatePath}`);
    expect(await stageOf(secretary)).toBe('AWAITING_CEREMONY');
    expect(await secretary.textContent('#cand-stage')).toContain('Chờ tổ chức lễ kết nạp');
    await shot(secretary, '10-candidate-approved');
  });

  it('on a phone, the secretary records the ceremony and the party-member biography through their forms', async () => {
    const page = secretary;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}${candidatePath}`);
    await page.click(`a[href="${candidatePath}/ceremony"]`);
    await page.fill('#f-heldOn', daysAgo(0));
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${candidatePath}`);
    expect(await stageOf(page)).toBe('AWAITING_BIOGRAPHY');
    await page.click(`a[href="${candidatePath}/biography"]`);
    expect(await page.getAttribute('#f-submittedOn', 'min')).toBe(daysAgo(0));
    const problems = await axeProblems(page, 'biography');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot(page, '10b-mobile-biography-form');
    await page.fill('#f-submittedOn', daysAgo(0));
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${candidatePath}`);
    await page.setViewportSize({ width: 1024, height: 800 });
    expect(await stageOf(page)).toBe('AWAITING_NEW_MEMBER_COURSE');
    expect(problems).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(1);
  });

  it('an admin sets the targets; the home page charts progress against them; the jobs page lists runs', async () => {
    const admin = await (await browserContext()).newPage();
    await signIn(admin, f.users.admin.userId);
    await admin.click('nav a[href="/targets"]');
    await admin.selectOption('#f-cellId', f.cellA);
    await admin.fill('#f-period', new Date().toISOString().slice(0, 4));
    await admin.fill('#f-sentToCourse', '180');
    await admin.fill('#f-dossiersSubmitted', '15');
    await admin.fill('#f-admitted', '60');
    await admin.click('main button[type="submit"]');
    await admin.waitForSelector('text=Đã lưu chỉ tiêu.');
    expect(await axeProblems(admin, 'targets')).toEqual([]);
    await admin.goto(`${base}/jobs`);
    expect(await axeProblems(admin, 'jobs')).toEqual([]);
    await shot(admin, '12-jobs');
    await secretary.goto(`${base}/`);
    // the year's pipeline against the targets, with per cents (text at the page's size: legible at 360 px)
    const course = secretary.locator('#year-progress [data-metric="sentToCourse"] .figures');
    await expect.poll(() => course.count()).toBe(1);
    expect(await course.textContent()).toMatch(/^\d+\/180 \(\d+ %\)$/);
    expect(
      await secretary.textContent('#year-progress [data-metric="dossiersSubmitted"] .figures'),
    ).toContain('/15');
    await shot(secretary, '13-home-targets');
  });

  it('the main pages have no serious or critical axe violation, and fit 360 px without sideways scrolling', async () => {
    const page = secretary;
    const id = candidatePath.split('/').pop();
    const pages = [
      ['home', '/'],
      ['list', '/candidates?q=nguyen%20hong'],
      ['candidate', candidatePath],
      ['refer', '/candidates/new'],
      ['exports', '/exports'],
      ['sign-in', '/login'],
    ] as const;
    const problems: string[] = [];
    for (const [name, path] of pages) {
      await page.setViewportSize({ width: 1024, height: 800 });
      await page.goto(`${base}${path}`);
      problems.push(...(await axeProblems(page, name)));
      await page.setViewportSize({ width: 360, height: 740 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${name}: ${overflow}px wider than 360`);
      if (name === 'home' || name === 'candidate') await shot(page, `11-mobile-${name}`);
    }
    await page.setViewportSize({ width: 1024, height: 800 });
    expect(problems).toEqual([]);
    // the list found the candidate without diacritics
    await page.goto(`${base}/candidates?q=nguyen%20hong`);
    expect(await page.textContent('main')).toContain('Nguyễn Hồng Quang');
    // the ZIP of the dossier downloads
    const zip = await page.request.get(`${base}/api/candidates/${id}/dossier.zip`);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
  });
});
