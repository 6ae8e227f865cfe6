/**
 * Kill -9 the whole embedded stack (a child process: `npm start`'s main.ts) in the middle of two journeys,
 * start it again on the same data folder, and finish both: no step lost, none repeated (the audit timeline
 * and the mail outbox prove it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildStack, startChildStack } from '../../helpers/child-stack.ts';

const REGION = 'ap-southeast-1';
const t0 = Date.now();
const step = (s: string) => console.log(`[restart ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-restart-'));
let current: ChildStack | undefined;
let passed = false;

/** `npm start` as a child, no demo data, no cron; our clients point at it. */
async function start(): Promise<ChildStack> {
  process.env.KETNAP_SEED = '0';
  process.env.KETNAP_CRON = '0';
  const child = await startChildStack(dataDir);
  const e = child.endpoints;
  const arn = (n: string) => `arn:aws:states:${REGION}:000000000000:stateMachine:ketnap-${n}`;
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: e.dynamodb,
    AWS_ENDPOINT_URL_S3: e.s3,
    AWS_ENDPOINT_URL_SFN: e.sfn,
    AWS_ENDPOINT_URL_SESV2: e.sesv2,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    TABLE_NAME: 'ketnap',
    BUCKET_NAME: 'ketnap-documents',
    ADMISSION_STATE_MACHINE_ARN: arn('admission'),
    PROBATION_STATE_MACHINE_ARN: arn('probation'),
    APP_BASE_URL: e.api,
  });
  step(`stack ready in ${(child.readyAfterMs / 1000).toFixed(1)} s`);
  return child;
}

afterAll(async () => {
  await current?.stop();
  // a failed run keeps its data folder (the workflow logs are in logs/, the tables in dynamodb/)
  if (passed) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`[restart] kept the data folder for diagnosis: ${dataDir}`);
});

describe('a killed stack', () => {
  it('finishes both journeys after a restart, with no step lost or repeated', {
    timeout: 240_000,
  }, async () => {
    current = await start();
    const app = await import('../../../shared/app/index.ts');
    const h = await import('./helpers.ts');

    const cell = await h.makeCell();
    const x = await h.refer(cell, 'Lý Thường Kiệt');
    const y = await h.refer(cell, 'Trương Định');
    await h.driveTo(cell, y.id, 'ceremony'); // y waits quietly at the ceremony
    await h.driveTo(cell, x.id, 'cellVote');
    // x's vote is committed and delivered; the stack dies while the workflow sends the decision mails
    await app.recordCellVote(cell.secretary, x.id, {
      meetingOn: '2024-03-10',
      yes: 44,
      no: 1,
      form: 'ballot',
    });
    step('driven');
    await current.killHard();
    step('killed');

    current = await start();

    step('restarted');
    await h.waitingAt(x.id, 'decision');
    step('x waits for the decision');
    const links = await h.until(async () => {
      const l = await h.approvalLinks(dataDir, cell.cellId);
      // y's admission decision (2) + x's (2)
      return l.length >= 4 ? l : undefined;
    }, 'the decision mails after the restart');
    expect(links).toHaveLength(4);
    await app.recordDecision(cell.committee, x.id, { decision: 'approve', decidedOn: '2024-04-15' });
    for (const id of [x.id, y.id]) {
      await h.driveTo(cell, id, 'recognition');
      await app.recordRecognitionVote(cell.secretary, id, {
        meetingOn: '2025-05-20',
        yes: 45,
        no: 0,
        form: 'ballot',
      });
      expect(await h.settled(id)).toEqual({ [id]: 'SUCCEEDED', [`${id}-probation`]: 'SUCCEEDED' });
    }
    // every step exactly once on each timeline; one mail per approver per decision
    for (const id of [x.id, y.id]) {
      const t = (await app.timeline(cell.secretary, id)).map((e) => e.type);
      for (const once of [
        'referred',
        'admissionStarted',
        'courseCertified',
        'dossierSubmitted',
        'cellVotePassed',
        'admissionApproved',
        'ceremonyHeld',
        'probationStarted',
        'memberBiographySubmitted',
        'newMemberCourseCertified',
        'probationEnded',
        'recognised',
        'probationFinished',
      ]) {
        expect(
          t.filter((e) => e === once),
          `${id} ${once}`,
        ).toHaveLength(1);
      }
      expect(t.filter((e) => e === 'committeeNotified').length).toBeLessThanOrEqual(1);
      expect((await app.getCandidate(cell.secretary, id)).stage).toBe('OFFICIAL');
    }
    expect(await h.mailsTo(dataDir, cell.cellId)).toHaveLength(4);
    passed = true;
  });
});
