/**
 * The findings of the attack review, one test each, through the real HTTP API of the embedded stack. Each test
 * failed on the code the review attacked and passes now; the attacks the review saw refused stay in
 * attack.test.ts. Findings 2 and 3 (approval links) are tested with the committee's decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchCell } from '../../bench/lib/driver.ts';
import { type AttackWorld, changes, forgeToken, request, snapshot, startWorld } from './helpers.ts';

let world: AttackWorld;
let cellA: BenchCell;
let dossier: { id: string }; // cell A, collecting its dossier

beforeAll(async () => {
  world = await startWorld();
  const driver = await import('../../bench/lib/driver.ts');
  cellA = await driver.makeBenchCell('hp-kkt');
  await driver.makeBenchCell('cell-2');
  dossier = await driver.driveCandidate(cellA, 1, driver.newStats(), { until: 'DOSSIER', timeoutMs: 90_000 });
}, 240_000);

afterAll(async () => {
  await world?.stop();
});

const call = (method: string, path: string, o: Parameters<typeof request>[3] = {}) =>
  request(world, method, path, o);

describe('8. the page policy', () => {
  it('allows no inline script and no other origin than the documents bucket', async () => {
    const pageReply = await call('GET', `/candidates/${dossier.id}`, { user: 'u-secretary-hp' });
    expect(pageReply.status).toBe(200);
    expect(pageReply.text).toContain('id="upload-form"');
    const csp = Object.fromEntries(
      (pageReply.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    ) as Record<string, string[]>;
    expect(csp['script-src']).toEqual(["'self'"]);
    // every script of the page is a file of the app, served as JavaScript
    const scripts = [...pageReply.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(inline?.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '';
      expect(src.startsWith('/static/')).toBe(true);
      const file = await call('GET', src.replace(/&amp;/g, '&'));
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('text/javascript');
    }
    // the browser posts the file to the presigned URL's origin: exactly that one is allowed, no scheme wildcard
    const presign = await call('POST', `/api/candidates/${dossier.id}/uploads`, {
      user: 'u-secretary-hp',
      json: {
        formCode: '1-KNĐ',
        fileName: 'don.pdf',
        contentType: 'application/pdf',
        size: 100,
        signedOn: '2024-02-20',
      },
    });
    expect(presign.status).toBe(200);
    const bucket = new URL(String(presign.json.url)).origin;
    expect(csp['connect-src']).toEqual(["'self'", bucket]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', bucket]);
    for (const values of Object.values(csp)) {
      expect(values).not.toContain('http:');
      expect(values).not.toContain('https:');
    }
    expect(await call('GET', '/static/..%2Fhttp.ts')).toMatchObject({ status: 404 });
  });
});

/** Runs `attack` and proves that nothing stored changed. */
async function unchanged(attack: () => Promise<void>) {
  const before = await snapshot();
  await attack();
  expect(changes(before, await snapshot())).toEqual({ added: [], removed: [] });
}

describe('5. admins are scoped by their token', () => {
  it('shows an admin of one cell nothing of another, and sets no targets of another or an unknown cell', async () => {
    const admin = (cellIds: string) =>
      forgeToken(world, { sub: 'u-admin-hp', 'cognito:groups': ['admin'], 'custom:cellIds': cellIds });
    const token = await admin('hp-kkt');
    const targets = { period: '2025', sentToCourse: 1, dossiersSubmitted: 1, admitted: 1, recognized: 1 };
    // its own cell is open to it
    expect((await call('GET', '/api/candidates?cellId=hp-kkt', { token })).status).toBe(200);
    await unchanged(async () => {
      const list = await call('GET', '/api/candidates?cellId=cell-2', { token });
      expect([403, 404]).toContain(list.status);
      const csv = await call('GET', '/api/cells/cell-2/register.csv', { token });
      expect([403, 404]).toContain(csv.status);
      expect(csv.text).not.toContain(';');
      const xlsx = await call('GET', '/api/cells/cell-2/register.xlsx', { token });
      expect([403, 404]).toContain(xlsx.status);
      const progress = await call('GET', '/api/cells/cell-2/progress?year=2024', { token });
      expect([403, 404]).toContain(progress.status);
      const put = await call('PUT', '/api/cells/cell-2/targets', { token, json: targets });
      expect([403, 404]).toContain(put.status);
      const unknown = await call('PUT', '/api/cells/no-such-cell/targets', { token, json: targets });
      expect([403, 404]).toContain(unknown.status);
      // even a token that names the unknown cell sets nothing on it
      const named = await call('PUT', '/api/cells/no-such-cell/targets', {
        token: await admin('hp-kkt,no-such-cell'),
        json: targets,
      });
      expect(named.status).toBe(404);
      expect(named.json.error?.message).toMatch(/^Không tìm thấy/);
    });
  });
});
