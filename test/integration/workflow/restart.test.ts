/**
 * Kill -9 the whole embedded stack (a child process: `npm start`'s main.ts) in the middle of two journeys,
 * start it again on the same data folder, and finish both: no step lost, none repeated (the audit timeline
 * and the mail outbox prove it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/functions.ts';

type Child = { proc: ChildProcess; env: Record<string, string> };

const REGION = 'ap-southeast-1';
const t0 = Date.now();
const step = (s: string) => console.log(`[restart ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);
const dataDir = mkdtempSync(join(tmpdir(), 'ketnap-restart-'));
let current: Child | undefined;

/** Start `infra/local/main.ts` in its own process group; resolve with the env its services answer on. */
function startChild(): Promise<Child> {
  const proc = spawn(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(REPO_ROOT, 'infra', 'local', 'main.ts')],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME,
        KETNAP_DATA_DIR: dataDir,
        KETNAP_PORT: '0',
        KETNAP_SEED: '0',
        KETNAP_CRON: '0',
      },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`stack did not start:\n${out}`)), 90_000);
    proc.on('exit', (code) => reject(new Error(`stack exited (${code}):\n${out}`)));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /services: dynamodb (\S+)\s+s3 (\S+)\s+stepfunctions (\S+)\s+sesv2 (\S+)/.exec(out);
      const api = /ketnap is running: (\S+)/.exec(out);
      if (!m || !api) return;
      clearTimeout(timer);
      const arn = (n: string) => `arn:aws:states:${REGION}:000000000000:stateMachine:ketnap-${n}`;
      resolve({
        proc,
        env: {
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_DYNAMODB: m[1] as string,
          AWS_ENDPOINT_URL_S3: m[2] as string,
          AWS_ENDPOINT_URL_SFN: m[3] as string,
          AWS_ENDPOINT_URL_SESV2: m[4] as string,
          AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
          AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
          TABLE_NAME: 'ketnap',
          BUCKET_NAME: 'ketnap-documents',
          ADMISSION_STATE_MACHINE_ARN: arn('admission'),
          PROBATION_STATE_MACHINE_ARN: arn('probation'),
          APP_BASE_URL: api[1] as string,
        },
      });
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
  });
}

/** SIGKILL the process group: Node, its tsx child, DynamoDB Local's JVM. No shutdown hook runs. */
async function killChild(c: Child): Promise<void> {
  c.proc.removeAllListeners('exit');
  const exited = new Promise((r) => c.proc.once('exit', r));
  process.kill(-(c.proc.pid as number), 'SIGKILL');
  await exited;
}

afterAll(async () => {
  if (current) {
    current.proc.removeAllListeners('exit');
    const exited = new Promise((r) => current?.proc.once('exit', r));
    try {
      process.kill(-(current.proc.pid as number), 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    } catch {
      // already gone
    }
    try {
      process.kill(-(current.proc.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a killed stack', () => {
  it('finishes both journeys after a restart, with no step lost or repeated', {
    timeout: 240_000,
  }, async () => {
    current = await startChild();
    step('started');
    Object.assign(process.env, current.env);
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
    await killChild(current);
    step('killed');

    current = await startChild();
    Object.assign(process.env, current.env);

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
  });
});
