// A cell secretary's whole day on a 360 px phone, through the UI only, against the embedded stack with the demo
// data (`seed: true`): she searches without diacritics with the default filters, refers a candidate with her
// introducers and their dates (a too-recent one is refused and nothing is stored), records the course, uploads
// every document, files one wrongly, withdraws it and files it right, sees one checklist line per introducer,
// completes the dossier, records the vote in one press, adds the cell's resolution it asks for; a committee
// member approves from the outbox; she adds the admission decision and records the ceremony; then, on a seeded
// candidate whose 12 months ended yesterday, confirms the end of probation and records the recognition vote.
// Each page is screenshotted at 360 px and 1280 px (test-results/screenshots/day-*) and checked with axe-core
// (no serious or critical violation) and for horizontal scrolling at 360 px.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/local/stack.ts';
import { daysAgo, pdf } from '../integration/api/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const NAME = 'Hoàng Thị Thu Hà';

let stack: Stack;
let base: string;
let dataDir: string;
let browser: Browser;
let page: Page;
let candidatePath = '';
const problems: string[] = [];

/** Screenshots at 360 px and 1280 px, axe-core and the 360 px overflow, on the page as it is now. */
async function look(name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page
      .screenshot({ path: join(SHOTS, `day-${name}-${width}.png`), fullPage: true, timeout: 15_000 })
      .catch((e: Error) => console.warn(`screenshot ${name} skipped: ${e.message.split('\n')[0]}`));
  }
  // a full-page capture leaves headless Chromium scrolled out of step with its layout: the next click then
  // focuses a button without pressing it; start again from the top as a person opening the page would
  await page.evaluate(() => window.scrollTo(0, 0));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) problems.push(`${name}: ${overflow}px wider than the 360 px screen`);
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; impact: string }[]).map((v) => `${v.id} (${v.impact})`);
  });
  for (const v of violations) if (/serious|critical/.test(v)) problems.push(`${name}: ${v}`);
}

const stageOf = async () => (await page.getAttribute('#cand-stage', 'data-stage')) ?? '';

async function save(): Promise<void> {
  await page.click('main form[method="post"] button[type="submit"]');
  await page.waitForURL(`${base}${candidatePath}`).catch(async (e) => {
    const invalid = await page
      .$$eval('main form :invalid', (els) =>
        els.map((e) => `${(e as HTMLInputElement).name}: ${(e as HTMLInputElement).validationMessage}`),
      )
      .catch(() => []);
    const why =
      (invalid.length ? `invalid fields: ${invalid.join('; ')}` : '') ||
      (await page.textContent('#form-errors', { timeout: 1000 }).catch(() => '')) ||
      (await page.textContent('[role="alert"]', { timeout: 1000 }).catch(() => '')) ||
      (await page.textContent('main', { timeout: 1000 }).catch(() => ''));
    await page.screenshot({ path: join(SHOTS, 'day-not-saved.png'), fullPage: true }).catch(() => undefined);
    throw new Error(
      `not saved at ${page.url()} (test-results/screenshots/day-not-saved.png): ${why?.replace(/\s+/g, ' ').slice(0, 400)}`,
      {
        cause: e,
      },
    );
  });
}

async function upload(
  formCode: string,
  signedOn: string,
  o: { introducer?: string; verifiedOn?: string } = {},
) {
  await page.selectOption('#f-formCode', formCode);
  await page.fill('#f-signedOn', signedOn);
  if (o.introducer) await page.selectOption('#f-introducerMemberId', o.introducer);
  if (await page.$('#f-verifiedOn')) await page.fill('#f-verifiedOn', o.verifiedOn ?? '');
  await page.setInputFiles('#f-file', {
    name: `${formCode}-scan.pdf`,
    mimeType: 'application/pdf',
    buffer: pdf(3000, `${formCode}${signedOn}`),
  });
  await page.click('#upload-form button[type="submit"]');
  await page.waitForSelector('#upload-status.ok', { timeout: 30_000 });
  // the checklist is refreshed in place; the button comes back once it is
  await page.waitForSelector('#upload-form button[type="submit"]:not([disabled])', { timeout: 30_000 });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ketnap-day-'));
  stack = await startStack({ dataDir, seed: true, cron: true });
  base = stack.endpoints.api;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  const ctx = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 360, height: 740 },
    // axe-core is injected as a script: the page policy (script-src 'self') would refuse it
    bypassCSP: true,
  });
  page = await ctx.newPage();
}, 300_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
  if (dataDir && !process.env.KETNAP_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
});

describe("a secretary's day on a phone", () => {
  it('searches, refers with introducers and their dates, builds the dossier, puts a wrong filing right', async () => {
    await page.goto(`${base}/login`);
    await page.click('button[data-user="u-secretary-hp"]');
    await page.waitForURL(`${base}/`);
    await look('01-home');

    // search without diacritics, the stage filter left at "all stages"
    await page.click('nav a[href="/candidates"]');
    await page.fill('#f-q', 'nguyen hong');
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForSelector('#list-count');
    expect(await page.textContent('main')).toContain('Nguyễn Hồng Quang');
    expect(await page.textContent('#list-count')).toMatch(/^Tìm thấy \d+ quần chúng$/);
    await look('02-search');

    // refer: an introducer together for only five months is refused, in the Party's words, nothing stored
    await page.click('nav a[href="/candidates/new"]');
    await page.fill('#f-fullName', NAME);
    await page.fill('#f-birthDate', '1996-04-02');
    await page.fill('#f-referredOn', daysAgo(40));
    await page.check('input[name="path"][value="two-members"]');
    await page.selectOption('#f-introducer1', 'm03');
    await page.fill('#f-together1', '2021-01-10');
    await page.selectOption('#f-introducer2', 'm04');
    await page.fill('#f-together2', daysAgo(190));
    await look('03-refer-form');
    await page.click('main button[type="submit"]');
    await page.waitForSelector('#form-errors');
    const refusal = (await page.textContent('#form-errors')) ?? '';
    expect(refusal).toMatch(/mới cùng công tác với người vào Đảng \d+ tháng \(cần ít nhất 12 tháng\)/);
    expect(refusal).not.toMatch(/introduction|togetherSince|m04/);
    await look('04-refer-refused');
    await page.fill('#f-together2', '2022-02-01');
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/candidates\/c[0-9a-z]+$/);
    candidatePath = new URL(page.url()).pathname;
    expect(await stageOf()).toBe('AWAITING_COURSE');

    await page.click(`a[href="${candidatePath}/course"]`);
    await page.fill('#f-certificateNo', 'CN-214/2026');
    await page.fill('#f-issuedOn', daysAgo(30));
    await look('05-course-form');
    await save();
    expect(await stageOf()).toBe('DOSSIER');

    // every document; the application by mistake dated after the biography
    await upload('CN-NTVĐ', daysAgo(30));
    await upload('1-KNĐ', daysAgo(1));
    await upload('2-KNĐ', daysAgo(20), { verifiedOn: daysAgo(10) });
    await upload('3-KNĐ', daysAgo(20), { introducer: 'm03' });
    // one letter of two: one line per introducer, by name
    const letters = await page.$$eval('#admission-checklist tr[data-form="3-KNĐ"]', (rows) =>
      rows.map((r) => `${r.getAttribute('data-introducer')}:${r.querySelector('.status')?.className}`),
    );
    expect(letters).toEqual(['m03:status status-uploaded', 'm04:status status-missing']);
    await upload('3-KNĐ', daysAgo(19), { introducer: 'm04' });
    await upload('5-KNĐ', daysAgo(18));
    await look('06-dossier-uploaded');

    // the dossier is refused for the application's date; she withdraws the wrong file and files it right
    await page.click(`a[href="${candidatePath}/dossier"]`);
    expect(await page.textContent('main')).toContain('Chờ chi bộ biểu quyết');
    await look('07-dossier-form');
    await page.click('main form[method="post"] button[type="submit"]');
    await page.waitForSelector('#form-errors');
    expect(await page.textContent('#form-errors')).toContain('phải có trước lý lịch');
    await page.goto(`${base}${candidatePath}`);
    await page.click('#admission-checklist tr[data-form="1-KNĐ"] a[href$="/withdraw"]');
    expect(await page.textContent('main')).toContain('Tệp vẫn được lưu trong lịch sử');
    await look('08-withdraw-document');
    await page.click('main form[method="post"] button[type="submit"]');
    await page.waitForURL(new RegExp(`${candidatePath}#h-checklist$`));
    expect(await page.$('#admission-checklist tr[data-form="1-KNĐ"] .doc-withdrawn')).not.toBeNull();
    expect(await page.textContent('#timeline')).toContain('Rút tài liệu nộp nhầm (1-KNĐ · 1-KNĐ-scan.pdf)');
    await upload('1-KNĐ', daysAgo(25));
    expect(await page.textContent('#admission-checklist tr[data-form="1-KNĐ"]')).toContain('Tệp được tính');
    await page.click(`a[href="${candidatePath}/dossier"]`);
    await save();
    expect(await stageOf()).toBe('AWAITING_CELL_VOTE');
  });

  it('records the vote in one press, then the cell resolution it asks for', async () => {
    await page.click(`a[href="${candidatePath}/vote"]`);
    // nothing typed yet: no red "invalid"
    expect(await page.getAttribute('#vote-check', 'class')).toBe('muted');
    await page.fill('#f-meetingOn', daysAgo(0));
    await page.fill('#f-yes', '33');
    await page.fill('#f-no', '16');
    await expect
      .poll(() => page.textContent('#vote-check'))
      .toContain('Đạt: 33/49 tán thành, cần ít nhất 33');
    expect(await page.isHidden('#vote-confirm')).toBe(true);
    await page.fill('#f-resolutionNo', '12-NQ/CB');
    await look('09-vote-form');
    await save();
    expect(await stageOf()).toBe('AWAITING_DECISION');
    expect(await page.textContent('#next-docs')).toContain('6-KNĐ');
    await upload('6-KNĐ', daysAgo(0));
    await page.waitForSelector('#next-docs', { state: 'detached' });
    await look('10-after-vote');
  });

  it('the committee approves from the outbox', async () => {
    // each member on their own phone: opens the mail in the outbox, follows the link, signs in where the page
    // asks (as the member the mail was sent to) and approves; the quorum (2/3 of the two members) admits
    const USERS: Record<string, string> = {
      'capuy1@example.vn': 'u-committee-1',
      'capuy2@example.vn': 'u-committee-2',
    };
    const id = candidatePath.split('/').pop() as string;
    const decided = async () =>
      (await (await page.request.get(`${base}/api/candidates/${id}`)).json()) as { stage: string };
    const seen = new Set<string>();
    const answered = new Set<string>();
    const end = Date.now() + 90_000;
    while ((await decided()).stage === 'AWAITING_DECISION' && Date.now() < end) {
      const mails = (await (await fetch(`${base}/outbox.json`)).json()) as {
        id: string;
        to: string[];
        text: string;
      }[];
      const fresh = mails.find(
        (m) => !seen.has(m.id) && /\/a\/[A-Za-z0-9_-]+/.test(m.text) && USERS[m.to[0] ?? ''],
      );
      if (!fresh) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      seen.add(fresh.id);
      const user = USERS[fresh.to[0] ?? ''] as string;
      const phone = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 } });
      const member = await phone.newPage();
      await member.goto(`${base}/outbox/${encodeURIComponent(fresh.id)}`);
      await member.click('pre a[href*="/a/"]');
      await member.waitForSelector('#approval-signin');
      await member.click('main a.button[href^="/auth/login"]');
      await member.click(`button[data-user="${user}"]`);
      const form = await member.waitForSelector('#approval-form', { timeout: 10_000 }).catch(() => null);
      if (form && (await member.textContent('main'))?.includes(NAME)) {
        await member.check('input[name="decision"][value="approve"]');
        await member.click('#approval-form button[type="submit"]');
        await member.waitForURL(/\?done=1$/);
        answered.add(user);
      }
      await phone.close();
    }
    expect([...answered].sort()).toEqual(['u-committee-1', 'u-committee-2']);
    expect((await decided()).stage).toBe('AWAITING_CEREMONY');
  });

  it('adds the admission decision and records the ceremony', async () => {
    await page.goto(`${base}${candidatePath}`);
    expect(await page.textContent('#next-docs')).toContain('9-KNĐ');
    await upload('9-KNĐ', daysAgo(0));
    await page.click(`a[href="${candidatePath}/ceremony"]`);
    await page.fill('#f-heldOn', daysAgo(0));
    await look('11-ceremony-form');
    await save();
    expect(await stageOf()).toBe('AWAITING_BIOGRAPHY');
    await look('12-candidate-admitted');
  });

  it('on a seeded candidate whose 12 months ended yesterday: end of probation, recognition, official member', async () => {
    await page.goto(`${base}/candidates`);
    await page.fill('#f-q', 'truong minh tuan');
    await page.click('form[role="search"] button[type="submit"]');
    await page.click('main table a:has-text("Trương Minh Tuấn")');
    candidatePath = new URL(page.url()).pathname;
    expect(await stageOf()).toBe('PROBATION');
    await page.click(`a[href="${candidatePath}/probation-end"]`);
    await look('13-probation-end');
    await save();
    expect(await stageOf()).toBe('AWAITING_RECOGNITION');
    await page.click(`a[href="${candidatePath}/recognition"]`);
    await page.fill('#f-meetingOn', daysAgo(0));
    await page.fill('#f-yes', '40');
    await page.fill('#f-no', '9');
    await expect.poll(() => page.textContent('#vote-check')).toContain('Đạt: 40/49');
    await look('14-recognition-form');
    await save();
    expect(await stageOf()).toBe('OFFICIAL');
    await look('15-official');
    expect(problems).toEqual([]);
  });
});
