import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextFire, startCron } from '../../../infra/local/cron.ts';
import type { FunctionResolver } from '../../../infra/local/functions.ts';

// The EventBridge Scheduler stand-in: 07:00 Asia/Ho_Chi_Minh (UTC+7) daily, event { time }, one catch-up.
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-cron-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('local cron', () => {
  it('computes fire times in Asia/Ho_Chi_Minh', () => {
    const at = (iso: string) =>
      new Date(nextFire('0 7 * * *', 'Asia/Ho_Chi_Minh', Date.parse(iso))).toISOString();
    expect(at('2026-01-04T23:59:00Z')).toBe('2026-01-05T00:00:00.000Z'); // 06:59 ICT -> 07:00 ICT
    expect(at('2026-01-05T00:00:00Z')).toBe('2026-01-06T00:00:00.000Z');
    expect(
      new Date(
        nextFire('30 8 * * 1-5', 'Asia/Ho_Chi_Minh', Date.parse('2026-01-09T02:00:00Z')),
      ).toISOString(),
    ).toBe(
      '2026-01-12T01:30:00.000Z', // Friday 09:00 ICT -> Monday 08:30 ICT
    );
    expect(
      new Date(
        nextFire('0 7 * * *', 'Asia/Ho_Chi_Minh', Date.parse('2026-01-05T03:00:00Z'), -1),
      ).toISOString(),
    ).toBe('2026-01-05T00:00:00.000Z');
    expect(() => nextFire('61 7 * * *', 'Asia/Ho_Chi_Minh', 0)).toThrow(/Invalid cron/);
  });

  it('invokes ketnap-reminders with { time } at 07:00, once; after downtime catches up one missed run only', async () => {
    const calls: unknown[] = [];
    const resolver: FunctionResolver = async (name) =>
      name === 'ketnap-reminders'
        ? async (event: unknown) => {
            calls.push(event);
          }
        : undefined;
    let now = Date.parse('2026-01-04T23:59:00Z');
    const cron = startCron({ dataDir, resolver, now: () => now });
    await cron.tick();
    expect(calls).toEqual([]); // first start on this data folder: nothing in the past runs
    now = Date.parse('2026-01-05T00:00:30Z');
    await cron.tick();
    await cron.tick();
    expect(calls).toEqual([{ time: '2026-01-05T00:00:00.000Z' }]);
    cron.stop();

    now = Date.parse('2026-01-08T03:00:00Z'); // three days down
    const again = startCron({ dataDir, resolver, now: () => now });
    await again.tick();
    again.stop();
    expect(calls).toEqual([{ time: '2026-01-05T00:00:00.000Z' }, { time: '2026-01-08T00:00:00.000Z' }]);
  });
});
