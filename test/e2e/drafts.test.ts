// The drafted papers in a real Chromium (Debian's /usr/bin/chromium, playwright-core) against its own embedded
// stack: the secretary records a passing vote through the vote form, lands on the candidate's page, finds the
// minutes and the 6-KNĐ offered (on the card and on the checklist line, at 1280 px and 360 px) and downloads the
// 6-KNĐ; the file is a DOCX naming the candidate, the cell and the vote. Then LibreOffice renders its first page
// (DOCX → PDF → PNG) into test-results/screenshots, the picture a secretary would print. Without LibreOffice
// that one test says how to install it and is skipped.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../infra/local/stack.ts';
import { daysAgo, driveToVote, type Fixture, http, makeFixture } from '../integration/api/fixtures.ts';
import { readDocx } from '../unit/drafts/read-docx.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const NAME = 'Trần Thị Minh Châu';
const INSTALL = 'apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation2';
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

let stack: Stack;
let f: Fixture;
let base: string;
let dataDir: string;
let browser: Browser;
let page: Page;
let candidateId = '';
let downloaded = '';

async function shot(p: Page, name: string): Promise<void> {
  // evidence, not an assertion
  await p
    .screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, timeout: 15_000 })
    .catch((e: Error) => {
      console.warn(`screenshot ${name} skipped: ${e.message.split('\n')[0]}`);
    });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ketnap-e2e-drafts-'));
  stack = await startStack({ dataDir, seed: false, cron: false });
  base = stack.endpoints.api;
  f = await makeFixture(stack.env, dataDir, base, true);
  // the steps before the vote go through the JSON API: this test is about what follows the vote
  candidateId = await driveToVote(http(base), f, NAME);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=vi-VN'],
  });
  const ctx = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await ctx.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('papers drafted after the vote, in a browser', () => {
  it('after a passing vote the page offers the minutes and the 6-KNĐ, and the 6-KNĐ downloads as a DOCX', async () => {
    await page.goto(`${base}/login`);
    await page.click(`button[data-user="${f.users.secA.userId}"]`);
    await page.waitForURL(`${base}/`);
    const path = `/candidates/${candidateId}`;
    await page.goto(`${base}${path}/vote`);
    await page.fill('#f-meetingOn', daysAgo(0));
    await page.fill('#f-officialMembers', '9');
    await page.fill('#f-exempt', '0');
    await page.fill('#f-yes', '7');
    await page.fill('#f-no', '2');
    await page.fill('#f-resolutionNo', '15');
    // a passing vote (7/9) saves in one press
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}${path}`);
    expect(await page.getAttribute('#cand-stage', 'data-stage')).toBe('AWAITING_DECISION');

    // the card says what the vote produced and offers it
    expect(await page.textContent('#drafts-vote')).toContain('biên bản và nghị quyết 6-KNĐ');
    const offered = await page.$$eval('#draft-links a', (as) => as.map((a) => a.getAttribute('data-draft')));
    expect(offered).toEqual(['BIA-HS', 'BB-KND', '6-KND', '9-KND']);
    // the 6-KNĐ line of the checklist links its drafts beside the upload
    const line = page.locator('#admission-checklist tr[data-form="6-KNĐ"]');
    expect(
      await line.locator('a[data-draft]').evaluateAll((as) => as.map((a) => a.getAttribute('data-draft'))),
    ).toEqual(['BB-KND', '6-KND']);
    await shot(page, 'drafts-01-candidate-after-vote');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#draft-links a[data-draft="6-KND"]'),
    ]);
    expect(download.suggestedFilename()).toBe('6-KND-nghi-quyet-Tran-Thi-Minh-Chau.docx');
    downloaded = join(dataDir, download.suggestedFilename());
    await download.saveAs(downloaded);
    const { text } = await readDocx(readFileSync(downloaded));
    expect(text).toContain(NAME);
    expect(text).toContain('CHI BỘ THỬ NGHIỆM A');
    expect(text).toContain('là 7/9 đồng chí, đạt 77,78%');
    // the number typed in the vote form heads the resolution
    expect(text).toContain('Số 15-NQ/CB');
    expect(text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b/);

    // on a phone: the card and the line stay usable at 360 px
    await page.setViewportSize({ width: 360, height: 780 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await page.isVisible('#draft-links a[data-draft="6-KND"]')).toBe(true);
    await shot(page, 'drafts-02-candidate-after-vote-360');
  });

  it('LibreOffice renders the first page of the downloaded 6-KNĐ', async (ctx) => {
    if (!has('soffice') || !has('pdftoppm')) {
      console.warn(`LibreOffice or poppler is missing: the 6-KNĐ is not rendered. Install them: ${INSTALL}`);
      ctx.skip(`needs LibreOffice and poppler: ${INSTALL}`);
    }
    expect(downloaded, 'the download test ran first').not.toBe('');
    const out = mkdtempSync(join(tmpdir(), 'ketnap-render-'));
    try {
      // its own profile: a LibreOffice already open on this machine is left alone
      const pdf = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${join(out, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          out,
          downloaded,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      const pdfFile = join(out, '6-KND-nghi-quyet-Tran-Thi-Minh-Chau.pdf');
      expect(existsSync(pdfFile), pdf.stderr || pdf.stdout).toBe(true);
      const png = spawnSync(
        'pdftoppm',
        ['-png', '-r', '60', '-f', '1', '-l', '1', pdfFile, join(out, 'page')],
        {
          encoding: 'utf8',
        },
      );
      expect(png.status, png.stderr).toBe(0);
      const first = join(out, 'page-1.png');
      expect(existsSync(first)).toBe(true);
      // an A4 page (210 × 297 mm) at 60 dpi: about 496 × 702 pixels, portrait, not blank
      const bytes = readFileSync(first);
      expect(Math.abs(bytes.readUInt32BE(16) - 496)).toBeLessThanOrEqual(2);
      expect(Math.abs(bytes.readUInt32BE(20) - 702)).toBeLessThanOrEqual(2);
      expect(bytes.length).toBeGreaterThan(10_000);
      copyFileSync(first, join(SHOTS, 'drafts-03-6-KND-first-page.png'));
      // the text LibreOffice laid out is the paper's: the name and the vote on the first page
      const txt = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdfFile, '-'], { encoding: 'utf8' });
      if (txt.status === 0) {
        expect(txt.stdout).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
        expect(txt.stdout).toContain(NAME);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
