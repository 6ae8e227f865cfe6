/**
 * A crash between the app's commit and its SendTaskSuccess loses nothing: the outcome is kept on the
 * candidate (`callbackPending`) and re-sent once; a late or repeated send changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();
const app = await import('../../../shared/app/index.ts');
const repo = await import('../../../shared/adapters/repository.ts');
const { keys } = await import('../../../shared/adapters/table.ts');
const { completeTask } = await import('../../../shared/adapters/callbacks.ts');
const h = await import('./helpers.ts');

describe('completing a human step', () => {
  it('runs through steps recorded faster than the workflow moves, mails included', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Kiều Văn Sáng');
    const sec = cell.secretary;
    // no waiting at all: every outcome is recorded before the workflow gets to its step
    await app.recordCourseCertificate(sec, c.id, { certificateNo: 'CN-11', issuedOn: '2024-02-10' });
    await h.uploadDossier(cell, c.id);
    await app.submitDossier(sec, c.id, { submittedOn: '2024-03-05' });
    await app.recordCellVote(sec, c.id, { meetingOn: '2024-03-10', yes: 45, no: 0, form: 'ballot' });
    await app.recordDecision(cell.committee, c.id, { decision: 'approve', decidedOn: '2024-04-01' });
    await app.recordCeremony(sec, c.id, { heldOn: '2024-05-06' });
    await h.waitingAt(c.id, 'biography');
    const t = (await app.timeline(sec, c.id)).map((e) => e.type);
    expect(t).not.toContain('workflowFailed');
    expect(t.filter((e) => e === 'probationStarted')).toHaveLength(1);
    expect(await h.executions(c.id)).toHaveLength(2);
  });

  it('recovers when Step Functions cannot be reached after the commit', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Đinh Công Tráng');
    const waiting = await h.waitingAt(c.id, 'course');
    // the workflow service goes away between the commit and the callback (a real refused connection)
    process.env.AWS_ENDPOINT_URL_SFN = 'http://127.0.0.1:9';
    try {
      const moved = await app.recordCourseCertificate(cell.secretary, c.id, {
        certificateNo: 'CN-9',
        issuedOn: '2024-02-10',
      });
      expect(moved.stage).toBe('DOSSIER');
    } finally {
      process.env.AWS_ENDPOINT_URL_SFN = stack.env.AWS_ENDPOINT_URL_SFN;
    }
    const pending = await repo.getCandidateItem(c.id);
    expect(pending?.callbackPending).toMatchObject({ cursor: waiting.cursor, output: { outcome: 'done' } });
    expect(pending?.awaiting?.cursor).toBe(waiting.cursor); // the workflow still waits at the old step
    expect(await app.resumePendingCallbacks(c.id)).toBe(1);
    const next = await h.waitingAt(c.id, 'dossier');
    expect(next.callbackPending).toBeUndefined();
    // re-sending the same token is harmless: it is gone (AWS answers TaskTimedOut for a completed token)
    expect(await completeTask(String(waiting.awaiting?.token), { cursor: 1, outcome: 'done' })).toBe('gone');
    expect(await app.resumePendingCallbacks(c.id)).toBe(0);
    const t = (await app.timeline(cell.secretary, c.id)).map((e) => e.type);
    expect(t.filter((e) => e === 'courseCertified')).toHaveLength(1);
  });

  it('records an outcome that arrives before the workflow waits, and the workflow picks it up', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Mai Anh Tuấn');
    // no wait for the workflow: the certificate may be recorded before the course task stored its token
    await app.recordCourseCertificate(cell.secretary, c.id, {
      certificateNo: 'CN-10',
      issuedOn: '2024-02-10',
    });
    await h.waitingAt(c.id, 'dossier');
    await h.uploadDossier(cell, c.id);
    await app.submitDossier(cell.secretary, c.id, { submittedOn: '2024-03-05' });
    // and again, right away
    await app.recordCellVote(cell.secretary, c.id, {
      meetingOn: '2024-03-10',
      yes: 45,
      no: 0,
      form: 'ballot',
    });
    await h.waitingAt(c.id, 'decision');
    // two people record the same step at once: one wins, the other is told, nothing doubles
    const results = await Promise.allSettled([
      app.recordDecision(cell.committee, c.id, { decision: 'approve', decidedOn: '2024-04-01' }),
      app.recordDecision(cell.committee, c.id, { decision: 'approve', decidedOn: '2024-04-01' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['CONFLICT', 'WRONG_STAGE']).toContain(failed.reason.code);
    await h.waitingAt(c.id, 'ceremony');
    const t = (await app.timeline(cell.secretary, c.id)).map((e) => e.type);
    expect(t.filter((e) => e === 'admissionApproved')).toHaveLength(1);
    const y = await repo.getItem({ PK: `CELL#${cell.cellId}`, SK: 'PROGRESS#2024' });
    expect(y?.dossiersSubmitted).toBe(1);
  });

  it('the daily chores end the probation of those whose 12 months are over, and only theirs', async () => {
    const cell = await h.makeCell();
    const due = await h.refer(cell, 'Tạ Quang Bửu');
    const notYet = await h.refer(cell, 'Nguyễn Thị Định');
    await h.driveTo(cell, due.id, 'probationEnd'); // ceremony 2024-05-06: ends 2025-05-06
    await h.driveTo(cell, notYet.id, 'probationEnd');
    // the entry into probation left a dated chore for its last day (GSI3, CHORE partition)
    const chore = keys.chore(due.id, 'probationEnd');
    expect((await repo.getItem(chore))?.GSI3SK).toBe(`2025-05-06#${due.id}#probationEnd`);
    const r = await app.runWorkflowChores('2025-05-05');
    expect(r.errors).toBe(0);
    expect((await app.getCandidate(cell.secretary, due.id)).stage).toBe('PROBATION');
    const r2 = await app.runWorkflowChores('2025-05-06');
    expect(r2.probationsEnded).toBeGreaterThanOrEqual(2);
    await h.waitingAt(due.id, 'recognition');
    expect((await repo.getItem(chore))?.GSI3PK).toBeUndefined(); // done: out of the index
    const t = await app.timeline(cell.secretary, due.id);
    expect(t.filter((e) => e.type === 'probationEnded').map((e) => e.actorId)).toEqual(['system']);
    // a second run the same day finds nothing more to do for them
    await app.runWorkflowChores('2025-05-06');
    expect(
      (await app.timeline(cell.secretary, due.id)).filter((e) => e.type === 'probationEnded'),
    ).toHaveLength(1);
  });

  it('continues a stage in a fresh execution after a timeout, once', async () => {
    const { continueWorkflow } = await import('../../../shared/app/workflow-tasks.ts');
    const { StopExecutionCommand } = await import('@aws-sdk/client-sfn');
    const { sfn } = await import('../../../shared/adapters/clients.ts');
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Phan Bội Châu');
    const before = await h.waitingAt(c.id, 'course');
    const [old] = await h.executions(c.id);
    // what the ContinueInFreshExecution state does after States.Timeout; the old execution then ends
    const args = {
      candidateId: c.id,
      cellId: cell.cellId,
      machine: 'admission',
      reason: 'States.Timeout',
      cursor: 0,
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    const first = await continueWorkflow(args);
    expect(first.started).toBe(true);
    expect(await continueWorkflow(args)).toMatchObject({ started: false }); // a retried task starts nothing
    await (await sfn()).client.send(new StopExecutionCommand({ executionArn: old?.executionArn }));
    const fresh = await h.until(async () => {
      const x = await h.waitingAt(c.id, 'course');
      return x.awaiting?.token !== before.awaiting?.token ? x : undefined;
    }, 'the fresh execution to wait at the course');
    expect(fresh.cursor).toBe(before.cursor);
    await app.recordCourseCertificate(cell.secretary, c.id, {
      certificateNo: 'CN-12',
      issuedOn: '2024-02-10',
    });
    await h.waitingAt(c.id, 'dossier');
    const t = await app.timeline(cell.secretary, c.id);
    expect(t.filter((e) => e.type === 'workflowContinued').map((e) => e.step)).toEqual(['course']);
    expect(t.filter((e) => e.type === 'admissionStarted')).toHaveLength(1);
  });

  it('records the committee notification once when a crash fell between the last mail and its event', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Lạc Thị Bình');
    await h.driveTo(cell, c.id, 'decision');
    const sec = cell.secretary;
    const notified = async () =>
      (await app.timeline(sec, c.id)).filter((e) => e.type === 'committeeNotified').length;
    await h.until(async () => (await notified()) === 1, 'the committee notification');
    const cursor = Number((await repo.getCandidateItem(c.id))?.cursor);
    const mailsBefore = (await h.mailsTo(stack.dataDir, cell.cellId)).length;
    // the crash: every mail was sent, but neither the event nor its marker was written
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { clients, config } = await import('../../../shared/adapters/clients.ts');
    const doomed = (await repo.queryPrefix(`CAND#${c.id}`, 'EVT#')).filter(
      (e) => e.type === 'committeeNotified',
    );
    doomed.push({ PK: `CAND#${c.id}`, SK: `NOTIFIED#${cursor}` });
    for (const it of doomed) {
      await clients().ddb.send(
        new DeleteCommand({ TableName: config().tableName, Key: { PK: it.PK, SK: it.SK } }),
      );
    }
    expect(await notified()).toBe(0);
    const { notifyCommittee } = await import('../../../shared/app/workflow-tasks.ts');
    // the retry, then a second one: the event comes back once, and no mail goes out again
    expect(await notifyCommittee({ candidateId: c.id, kind: 'passed', cursor })).toEqual({ sent: 0 });
    await notifyCommittee({ candidateId: c.id, kind: 'passed', cursor });
    expect(await notified()).toBe(1);
    expect((await h.mailsTo(stack.dataDir, cell.cellId)).length).toBe(mailsBefore);
  });
  it('claims the first committee mail with the round: SES refusing it frees it for the retry; a crash before SES took it loses that mail, never sends it twice', async () => {
    const { notifyCommittee } = await import('../../../shared/app/workflow-tasks.ts');
    const { clients } = await import('../../../shared/adapters/clients.ts');
    const { getRound } = await import('../../../shared/app/committee.ts');
    const cell = await h.makeCell();
    const sec = cell.secretary;
    /** `name` set to `value` while `fn` runs (a real refused connection when it is an endpoint). */
    const withEnv = async <T>(name: string, value: string, fn: () => Promise<T>) => {
      const before = process.env[name];
      process.env[name] = value;
      try {
        return await fn();
      } finally {
        process.env[name] = before;
      }
    };
    const NOWHERE = 'http://127.0.0.1:9';
    /** A candidate whose cell vote is committed while its workflow still waits for it: nobody asked the committee. */
    const votedUnasked = async (name: string) => {
      const c = await h.refer(cell, name);
      await h.driveTo(cell, c.id, 'cellVote');
      await withEnv('AWS_ENDPOINT_URL_SFN', NOWHERE, () =>
        app.recordCellVote(sec, c.id, { meetingOn: '2024-03-10', yes: 45, no: 0, form: 'ballot' }),
      );
      const cand = await repo.getCandidateItem(c.id);
      expect(cand?.waitingFor).toBe('decision');
      return { id: c.id, cursor: Number(cand?.cursor) };
    };
    const claimOf = (id: string, cursor: number, approverId: string) =>
      repo.getItem(keys.mail(`decision:${id}:${cursor}:${approverId}`));
    /** The mails about the candidate named `name` (the outbox is not in the order of sending). */
    const mails = async (name: string) =>
      (await h.mailsTo(stack.dataDir, cell.cellId)).filter((m) => m.text.includes(name));
    const notified = async (id: string) =>
      (await app.timeline(sec, id)).filter((e) => e.type === 'committeeNotified');

    // SES refuses: the round and its links are written, the first mail's claim is released, nothing is sent
    const a = await votedUnasked('Phan Đình Giót');
    await expect(
      withEnv('AWS_ENDPOINT_URL_SESV2', NOWHERE, () =>
        notifyCommittee({ candidateId: a.id, kind: 'passed', cursor: a.cursor }),
      ),
    ).rejects.toThrow();
    const roundA = await getRound(a.id, a.cursor);
    const [firstA, secondA] = roundA?.memberIds ?? [];
    expect(Object.keys(roundA?.links ?? {}).sort()).toEqual([firstA, secondA].sort());
    expect(await claimOf(a.id, a.cursor, String(firstA))).toBeUndefined();
    expect(await mails('Phan Đình Giót')).toHaveLength(0);
    // the retry sends both, once
    expect(await notifyCommittee({ candidateId: a.id, kind: 'passed', cursor: a.cursor })).toEqual({
      sent: 2,
    });
    expect(await mails('Phan Đình Giót')).toHaveLength(2);
    expect(await notified(a.id)).toHaveLength(1);

    // the function dies after the round's transaction, before SES took the first mail (here: SES refuses and
    // the claim cannot be released, which leaves the same state)
    const b = await votedUnasked('Cù Chính Lan');
    const failDeletes = 'failClaimRelease';
    await expect(
      withEnv('AWS_ENDPOINT_URL_SESV2', NOWHERE, async () => {
        clients().ddb.middlewareStack.add(
          (next, context) => async (args) => {
            if (/^Delete(Item)?Command$/.test(String(context.commandName)))
              throw Object.assign(new Error('injected'), { name: 'ServiceUnavailable', $fault: 'server' });
            return next(args);
          },
          { step: 'initialize', name: failDeletes },
        );
        try {
          return await notifyCommittee({ candidateId: b.id, kind: 'passed', cursor: b.cursor });
        } finally {
          clients().ddb.middlewareStack.remove(failDeletes);
        }
      }),
    ).rejects.toMatchObject({ name: 'MailClaimNotReleased' });
    const roundB = await getRound(b.id, b.cursor);
    const [firstB, secondB] = roundB?.memberIds ?? [];
    expect((await claimOf(b.id, b.cursor, String(firstB)))?.status).toBe('sending');
    // the retry sends the second member's mail only: the first is lost rather than sent twice (its link
    // is on the candidate's page)
    expect(await notifyCommittee({ candidateId: b.id, kind: 'passed', cursor: b.cursor })).toEqual({
      sent: 1,
    });
    const sentB = await mails('Cù Chính Lan');
    expect(sentB).toHaveLength(1);
    const users = await repo.getItems([keys.user(String(firstB)), keys.user(String(secondB))]);
    const email = (id: string) => String(users.find((u) => u.PK === keys.user(id).PK)?.email);
    expect(sentB[0]?.to).toEqual([email(String(secondB))]);
    expect((await notified(b.id))[0]?.details).toMatchObject({ approvers: 2 });

    // the workflows get their outcomes, and ask the committee nothing more
    for (const { id } of [a, b]) {
      expect(await app.resumePendingCallbacks(id)).toBe(1);
      await h.waitingAt(id, 'decision');
    }
    expect(await mails('Phan Đình Giót')).toHaveLength(2);
    expect(await mails('Cù Chính Lan')).toHaveLength(1);
  });
});
