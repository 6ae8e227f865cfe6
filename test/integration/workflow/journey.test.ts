/**
 * One candidate through every step, referral to official member, on the embedded stack: real executions,
 * real documents uploaded by presigned POST, the decision through an approval link from the mail outbox.
 */
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

const stack = useStack();
const app = await import('../../../shared/app/index.ts');
const repo = await import('../../../shared/adapters/repository.ts');
const { keys } = await import('../../../shared/adapters/table.ts');
const h = await import('./helpers.ts');

describe('admission and probation, end to end', () => {
  it('takes one candidate from referral to official member', async () => {
    const cell = await h.makeCell();
    const sec = cell.secretary;
    const c = await app.referCandidate(sec, {
      cellId: cell.cellId,
      fullName: 'Nguyễn Hồng Quang',
      birthDate: '1995-03-12',
      referredOn: '2024-01-08',
      introduction: {
        path: 'union-plus-member',
        introducerMemberIds: [cell.members[0] as string],
        togetherSince: together([cell.members[0] as string]),
      },
    });
    expect(c.stage).toBe('AWAITING_COURSE');
    // another cell sees nothing of it
    await expect(app.getCandidate(cell.otherCell, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // searchable without diacritics
    const found = await app.searchCandidates(sec, { cellId: cell.cellId, q: 'nguyen hong quang' });
    expect(found.map((f) => f.id)).toEqual([c.id]);
    expect((await app.searchCandidates(sec, { cellId: cell.cellId, q: 'Quang' })).map((f) => f.id)).toEqual([
      c.id,
    ]);

    await h.waitingAt(c.id, 'course');
    // the token is stored beside the candidate, never in a view
    const stored = await repo.getCandidateItem(c.id);
    expect(stored?.awaiting?.token).toBeTruthy();
    expect(JSON.stringify(await app.getCandidate(sec, c.id))).not.toContain(String(stored?.awaiting?.token));

    await app.recordCourseCertificate(sec, c.id, { certificateNo: 'CN-2024-017', issuedOn: '2024-02-10' });
    await h.waitingAt(c.id, 'dossier');
    await h.uploadDossier(cell, c.id);
    const sub = await app.submitDossier(sec, c.id, { submittedOn: '2024-03-05' });
    expect(sub.accepted).toBe(true);

    await h.waitingAt(c.id, 'cellVote');
    const voted = await app.recordCellVote(sec, c.id, {
      meetingOn: '2024-03-10',
      yes: 40,
      no: 5,
      form: 'ballot',
    });
    expect(voted.stage).toBe('AWAITING_DECISION');
    expect(voted.cellVote).toMatchObject({ denominator: 49, passed: true });

    // the committee is asked by mail, one link per approver
    await h.waitingAt(c.id, 'decision');
    const links = await h.until(async () => {
      const l = await h.approvalLinks(stack.dataDir, cell.cellId);
      return l.length >= 2 ? l : undefined;
    }, 'the decision mails');
    expect(links).toHaveLength(2);
    const [first, second] = links as [string, string];
    const view = await app.getApprovalLink(first);
    expect(view).toMatchObject({ candidateId: c.id, used: false, step: 'decision' });
    expect(view.documents.map((d) => d.formCode).sort()).toEqual([
      '1-KNĐ',
      '2-KNĐ',
      '3-KNĐ',
      '4A-KNĐ',
      '5-KNĐ',
    ]);
    // the committee decides as a committee: with two members, 2/3 needs both answers
    const one = await app.consumeApprovalLink(
      first,
      { decision: 'approve', decidedOn: '2024-04-15' },
      app.linkActor(view),
    );
    expect(one).toMatchObject({ kind: 'answer', candidate: { stage: 'AWAITING_DECISION' } });
    await expect(
      app.consumeApprovalLink(first, { decision: 'refuse', note: 'x' }, app.linkActor(view)),
    ).rejects.toMatchObject({ code: 'LINK_USED' });
    const secondView = await app.getApprovalLink(second);
    expect(secondView.round?.answers.map((a) => a.decision)).toEqual(['approve']);
    // nobody but the link's own member can answer through it
    await expect(
      app.consumeApprovalLink(second, { decision: 'approve' }, app.linkActor(view)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const approved = await app.consumeApprovalLink(
      second,
      { decision: 'approve', decidedOn: '2024-04-15' },
      app.linkActor(secondView),
    );
    expect(approved).toMatchObject({ kind: 'decided', outcome: 'approve' });
    expect(approved.candidate.stage).toBe('AWAITING_CEREMONY');
    expect((await app.getApprovalLink(second)).used).toBe(true);

    await h.waitingAt(c.id, 'ceremony');
    await app.recordCeremony(sec, c.id, { heldOn: '2024-05-06', helperMemberId: cell.members[1] as string });
    // probation goes on in its own execution
    await h.waitingAt(c.id, 'biography');
    await app.recordBiography(sec, c.id, { submittedOn: '2024-06-03' });
    await h.waitingAt(c.id, 'newMemberCourse');
    await app.recordNewMemberCourse(sec, c.id, { certificateNo: 'ĐVM-88', issuedOn: '2024-09-20' });
    await h.waitingAt(c.id, 'probationEnd');
    await expect(app.completeProbationEnd(sec, c.id, { today: '2025-05-05' })).rejects.toMatchObject({
      code: 'BLOCKED',
    });
    await app.completeProbationEnd(sec, c.id, { today: '2025-05-06' });
    await h.waitingAt(c.id, 'recognition');
    const official = await app.recordRecognitionVote(sec, c.id, {
      meetingOn: '2025-05-20',
      yes: 44,
      no: 1,
      form: 'cards',
    });
    expect(official.stage).toBe('OFFICIAL');
    expect(official.officialOn).toBe('2025-05-06'); // the end of probation, not the vote

    expect(await h.settled(c.id)).toEqual({ [c.id]: 'SUCCEEDED', [`${c.id}-probation`]: 'SUCCEEDED' });

    const events = (await app.timeline(sec, c.id)).map((e) => e.type);
    expect(events).toEqual([
      'referred',
      'admissionStarted',
      'courseCertified',
      'documentUploaded',
      'documentUploaded',
      'documentUploaded',
      'documentUploaded',
      'documentUploaded',
      'dossierSubmitted',
      'cellVotePassed',
      'committeeNotified',
      'committeeAnswer',
      'committeeAnswer',
      'admissionApproved',
      'ceremonyHeld',
      'probationStarted',
      'memberBiographySubmitted',
      'newMemberCourseCertified',
      'probationEnded',
      'recognised',
      'probationFinished',
    ]);
    const y2024 = await repo.getItem(keys.progress(cell.cellId, '2024'));
    expect(y2024).toMatchObject({ sentToCourse: 1, introductions: 1, dossiersSubmitted: 1, admitted: 1 });
    expect(await repo.getItem(keys.progress(cell.cellId, '2024-05'))).toMatchObject({ admitted: 1 });
    expect(await repo.getItem(keys.progress(cell.cellId, '2025'))).toMatchObject({ recognized: 1 });
    expect(await repo.openDeadlines(c.id)).toEqual([]);
    const final = await repo.getCandidateItem(c.id);
    expect(final).toMatchObject({ stage: 'OFFICIAL', domainStage: 'OFFICIAL', waitingFor: null });
    expect(final?.callbackPending).toBeUndefined();
  });
});
