/** The other paths of the workflows, each on real executions of the embedded stack. */
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

const stack = useStack();
const app = await import('../../../shared/app/index.ts');
const repo = await import('../../../shared/adapters/repository.ts');
const h = await import('./helpers.ts');

const types = async (cell: { secretary: Parameters<typeof app.timeline>[0] }, id: string) =>
  (await app.timeline(cell.secretary, id)).map((e) => e.type);

describe('workflow paths', () => {
  it('returns an incomplete dossier with its findings, then accepts it complete', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell);
    await h.driveTo(cell, c.id, 'dossier');
    await h.uploadDossier(cell, c.id, ['1-KNĐ', '3-KNĐ']);
    const first = await app.submitDossier(cell.secretary, c.id, { submittedOn: '2024-03-05' });
    expect(first.accepted).toBe(false);
    if (first.accepted) return;
    const missing = first.findings.filter((f) => f.code === 'DOC_MISSING').map((f) => f.formCode);
    expect(missing.sort()).toEqual(['2-KNĐ', '4A-KNĐ', '5-KNĐ']);
    expect(first.findings[0]?.message.vi).toMatch(/Thiếu/);
    expect(first.candidate.stage).toBe('DOSSIER');
    // the workflow went back to wait for the dossier (a new task), with the findings on the timeline
    await h.waitingAt(c.id, 'dossier');
    await h.uploadDossier(cell, c.id, ['2-KNĐ', '4A-KNĐ', '5-KNĐ']);
    const second = await app.submitDossier(cell.secretary, c.id, { submittedOn: '2024-03-06' });
    expect(second.accepted).toBe(true);
    await h.waitingAt(c.id, 'cellVote');
    const t = await app.timeline(cell.secretary, c.id);
    expect(t.find((e) => e.type === 'dossierReturned')?.details?.findings).toContain('DOC_MISSING:2-KNĐ');
    expect(t.filter((e) => e.type === 'dossierSubmitted')).toHaveLength(1);
  });

  it('reports a failed vote up; the committee then decides', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Trần Thị Bích Ngọc');
    await h.driveTo(cell, c.id, 'cellVote');
    // 32 of 49 is below 2/3 (33 needed)
    const v = await app.recordCellVote(cell.secretary, c.id, {
      meetingOn: '2024-03-10',
      yes: 32,
      no: 17,
      form: 'ballot',
    });
    expect(v).toMatchObject({
      stage: 'AWAITING_DECISION',
      cellVote: { passed: false, denominator: 49, required: 33 },
    });
    await h.waitingAt(c.id, 'decision');
    const mails = await h.until(async () => {
      const m = await h.mailsTo(stack.dataDir, cell.cellId);
      return m.length >= 2 ? m : undefined;
    }, 'the report mails');
    expect(mails).toHaveLength(2);
    expect(mails[0]?.text).toMatch(/KHÔNG ĐẠT 2\/3: 32\/49 tán thành, cần ít nhất 33/);
    // admitting against the cell's vote needs the reason
    await expect(
      app.recordDecision(cell.committee, c.id, { decision: 'approve', decidedOn: '2024-04-02' }),
    ).rejects.toMatchObject({ code: 'BLOCKED' });
    const decided = await app.recordDecision(cell.committee, c.id, {
      decision: 'approve',
      decidedOn: '2024-04-02',
      note: 'Cấp ủy xét thấy đủ tiêu chuẩn; chi bộ vắng nhiều đảng viên công tác xa',
    });
    expect(decided.stage).toBe('AWAITING_CEREMONY');
    await h.waitingAt(c.id, 'ceremony');
    expect(await types(cell, c.id)).toEqual(
      expect.arrayContaining(['cellVoteFailedReportedUp', 'reportedUp', 'admissionApproved']),
    );
    // the secretary cannot record the committee's decision
    const other = await h.refer(cell, 'Lê Văn Tám');
    await h.driveTo(cell, other.id, 'decision');
    await expect(
      app.recordDecision(cell.secretary, other.id, { decision: 'approve', decidedOn: '2024-04-02' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('goes back to the dossier when the committee returns it, then admits', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Phạm Đức Anh');
    await h.driveTo(cell, c.id, 'decision');
    await expect(
      app.recordDecision(cell.committee, c.id, { decision: 'return', decidedOn: '2024-04-01' }),
    ).rejects.toMatchObject({ code: 'BLOCKED' }); // a return needs a comment
    const back = await app.recordDecision(cell.committee, c.id, {
      decision: 'return',
      decidedOn: '2024-04-01',
      note: 'Bổ sung bản tổng hợp ý kiến nơi cư trú',
    });
    expect(back.stage).toBe('DOSSIER');
    await h.waitingAt(c.id, 'dossier');
    await h.uploadDossier(cell, c.id, ['5-KNĐ']);
    expect((await app.submitDossier(cell.secretary, c.id, { submittedOn: '2024-04-05' })).accepted).toBe(
      true,
    );
    // the resubmission goes straight back to the committee, without a new cell vote
    await h.waitingAt(c.id, 'decision');
    const ok = await app.recordDecision(cell.committee, c.id, {
      decision: 'approve',
      decidedOn: '2024-04-20',
    });
    expect(ok.stage).toBe('AWAITING_CEREMONY');
    await h.waitingAt(c.id, 'ceremony');
    const t = await types(cell, c.id);
    expect(t.filter((e) => e === 'returnedForChanges')).toHaveLength(1);
    expect(t.filter((e) => e === 'cellVotePassed')).toHaveLength(1);
    expect(t.filter((e) => e === 'dossierResubmitted')).toHaveLength(1);
  });

  it('ends the admission when the committee refuses', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Hoàng Minh Châu');
    await h.driveTo(cell, c.id, 'decision');
    const r = await app.recordDecision(cell.committee, c.id, {
      decision: 'refuse',
      decidedOn: '2024-04-01',
      note: 'Chưa đủ tiêu chuẩn',
    });
    expect(r).toMatchObject({ stage: 'REFUSED', waitingFor: null });
    expect(await h.settled(c.id)).toEqual({ [c.id]: 'SUCCEEDED' });
    expect(await repo.openDeadlines(c.id)).toEqual([]);
  });

  it('blocks the cell vote when the awareness-course certificate has expired, changing nothing', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Đỗ Thu Hà', '1990-01-01', '2021-09-06');
    await h.waitingAt(c.id, 'course');
    await app.recordCourseCertificate(cell.secretary, c.id, {
      certificateNo: 'CN-2019',
      issuedOn: '2019-01-10',
    });
    await h.waitingAt(c.id, 'dossier');
    await h.uploadDossier(cell, c.id, undefined, 2023);
    expect((await app.submitDossier(cell.secretary, c.id, { submittedOn: '2023-12-20' })).accepted).toBe(
      true,
    );
    const before = await h.waitingAt(c.id, 'cellVote');
    // valid until 2024-01-10: a vote on 2024-02-01 is blocked
    const err = await app
      .recordCellVote(cell.secretary, c.id, { meetingOn: '2024-02-01', yes: 45, no: 0, form: 'ballot' })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'BLOCKED' });
    expect(err.messages.vi).toMatch(/60 tháng|hết hạn|quá/i);
    const after = await repo.getCandidateItem(c.id);
    expect(after).toMatchObject({
      stage: 'AWAITING_CELL_VOTE',
      version: before.version,
      cursor: before.cursor,
    });
    expect(after?.awaiting?.token).toBe(before.awaiting?.token);
  });

  it('needs a second recognition round, then recognises', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Vũ Quốc Bảo');
    await h.driveTo(cell, c.id, 'recognition');
    const r1 = await app.recordRecognitionVote(cell.secretary, c.id, {
      meetingOn: '2025-05-20',
      yes: 30,
      no: 15,
      form: 'ballot',
    });
    expect(r1).toMatchObject({ stage: 'AWAITING_RECOGNITION', waitingFor: 'recognition' });
    await h.waitingAt(c.id, 'recognition');
    const r2 = await app.recordRecognitionVote(cell.secretary, c.id, {
      meetingOn: '2025-06-17',
      yes: 41,
      no: 4,
      form: 'ballot',
    });
    expect(r2).toMatchObject({ stage: 'OFFICIAL', officialOn: '2025-05-06' });
    expect(r2.recognitionRounds?.map((r) => [r.round, r.passed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(await h.settled(c.id)).toEqual({ [c.id]: 'SUCCEEDED', [`${c.id}-probation`]: 'SUCCEEDED' });
  });

  it('after three rounds without 2/3 the superior committee decides', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Bùi Thanh Tùng');
    await h.driveTo(cell, c.id, 'superior');
    const links = await h.until(async () => {
      const l = await h.approvalLinks(stack.dataDir, cell.cellId);
      return l.length >= 4 ? l : undefined; // 2 for the admission decision, 2 for the superior decision
    }, 'the escalation mails');
    const view = await app.getApprovalLink(links[0] as string);
    expect(view.step).toBe('superior');
    // the superior committee's two members both agree (2/3 of two)
    for (const id of links.slice(0, 4)) {
      const v = await app.getApprovalLink(id);
      if (v.step !== 'superior' || v.used) continue;
      await app.consumeApprovalLink(id, { decision: 'approve', decidedOn: '2025-08-01' }, app.linkActor(v));
    }
    const done = (await app.getApprovalLink(links[0] as string)).candidate;
    expect(done).toMatchObject({ stage: 'OFFICIAL', officialOn: '2025-05-06' });
    expect(await h.settled(c.id)).toEqual({ [c.id]: 'SUCCEEDED', [`${c.id}-probation`]: 'SUCCEEDED' });
  });

  it('withdraws during every wait, and each execution ends', async () => {
    const cell = await h.makeCell({ hasSubCommittee: true });
    const results = await Promise.all(
      h.STEP_ORDER.map(async (step, i) => {
        const c = await h.refer(cell, `Ứng viên ${'ABCDEFGHIJKLMNOP'[i]} ${step}`);
        await h.driveTo(cell, c.id, step, { sub: true });
        const w = await app.withdraw(cell.secretary, c.id, { on: '2025-08-01', reason: 'Xin rút' });
        return { step, c, w, status: await h.settled(c.id) };
      }),
    );
    for (const { step, c, w, status } of results) {
      const probation = ['biography', 'newMemberCourse', 'probationEnd', 'recognition', 'superior'].includes(
        step,
      );
      expect(w.stage, step).toBe(probation ? 'NAME_REMOVED' : 'WITHDRAWN');
      expect(Object.values(status), step).toEqual(probation ? ['SUCCEEDED', 'SUCCEEDED'] : ['SUCCEEDED']);
      expect(
        (await types(cell, c.id)).filter((t) => t === 'withdrawn'),
        step,
      ).toHaveLength(1);
      expect(await repo.openDeadlines(c.id), step).toEqual([]);
      await expect(
        app.withdraw(cell.secretary, c.id, { on: '2025-08-02', reason: 'again' }),
      ).rejects.toMatchObject({
        code: 'WRONG_STAGE',
      });
    }
  });
});
