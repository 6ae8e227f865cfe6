/**
 * Demo data of the embedded stack (`npm start`): the founding cell of the design notes, a second cell, the
 * sign-in users, the 2024 targets, and eighteen candidates, one at each of the fifteen stages (two in probation: one
 * with months to go, one whose 12 months ended yesterday), each one a real workflow execution
 * driven through the same application services the web app calls (so their waits, deadlines and mails are live).
 *
 * Idempotent: the base items are plain puts of fixed ids, and every candidate is referred with a fixed request id
 * (the app service derives the candidate id from it), then driven from wherever it already is. A seed interrupted
 * by a kill simply continues on the next start.
 *
 * The cells and users are in seed-cells.ts, the candidates in seed-candidates.ts (who) and seed-drive.ts (how they
 * are driven to their stage), the pool in seed-pool.ts.
 */
import { getItem, put } from '../../shared/adapters/repository.ts';
import { keys } from '../../shared/adapters/table.ts';
import * as app from '../../shared/app/index.ts';
import { dateInVietnam } from '../../shared/domain/date.ts';
import { FOUNDING_CELL } from '../../shared/domain/targets.ts';
import { demoCandidates } from './seed-candidates.ts';
import { actorOf, DEMO_CELLS, seedCell, USERS } from './seed-cells.ts';
import { drive } from './seed-drive.ts';
import { seedPool } from './seed-pool.ts';

/** Load the demo data (idempotent). */
export async function seed(_env: Record<string, string>): Promise<void> {
  const done = await getItem({ PK: 'SEED#demo', SK: 'META#2' });
  if (done?.status === 'done') return;

  await seedCell(
    DEMO_CELLS.founding,
    FOUNDING_CELL.name,
    FOUNDING_CELL.officialMembers,
    FOUNDING_CELL.probationaryMembers,
  );
  await seedCell(DEMO_CELLS.second, 'Chi bộ Phòng Kỹ thuật – Công ty Cảng Đình Vũ', 15, 4);
  await Promise.all(
    USERS.map((u) =>
      put({
        ...keys.user(u.userId),
        type: 'user',
        userId: u.userId,
        role: u.role,
        cellIds: u.cellIds,
        email: u.email,
        displayName: u.displayName,
        lang: u.lang,
      }),
    ),
  );

  // The founding cell's 2024 plan (design notes): 180 sent to the course and 60 admitted in the year; in
  // January at least 15 dossiers sent up and one introduction per member (49 official members). The same
  // yearly plan for the current year, so the home page shows live progress.
  const admin = actorOf('u-admin');
  const year = dateInVietnam(new Date()).slice(0, 4);
  await app.setTargets(admin, {
    cellId: DEMO_CELLS.founding,
    period: '2024',
    sentToCourse: 180,
    admitted: 60,
  });
  await app.setTargets(admin, {
    cellId: DEMO_CELLS.founding,
    period: '2024-01',
    dossiersSubmitted: 15,
    introductions: FOUNDING_CELL.officialMembers,
  });
  if (year !== '2024') {
    await app.setTargets(admin, {
      cellId: DEMO_CELLS.founding,
      period: year,
      sentToCourse: 180,
      admitted: 60,
    });
  }
  await app.setTargets(admin, { cellId: DEMO_CELLS.second, period: year, sentToCourse: 20, admitted: 6 });

  // the pool before the referral: January 2024's introductions, this month's people with helpers and tasks
  await seedPool(actorOf('u-secretary-hp'), DEMO_CELLS.founding);

  const today = dateInVietnam(new Date());
  await Promise.all(demoCandidates(today).map((c) => drive(c, today)));
  await put({ PK: 'SEED#demo', SK: 'META#2', status: 'done', at: new Date().toISOString() });
}
