import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

useStack();
const app = await import('../../../shared/app/index.ts');
const h = await import('./helpers.ts');

describe('smoke', () => {
  it('referral waits for the course', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell);
    await h.waitingAt(c.id, 'course');
    const after = await app.recordCourseCertificate(cell.secretary, c.id, {
      certificateNo: 'CN-1',
      issuedOn: '2024-02-10',
    });
    expect(after.stage).toBe('DOSSIER');
    await h.waitingAt(c.id, 'dossier');
    console.log(await app.timeline(cell.secretary, c.id));
  });
});
