// Demo data (seed.ts): each demo candidate is referred and driven through the application services the web
// app calls, step by step, until it waits at its target stage; its dossier documents are written directly.
import { createHash, randomBytes } from 'node:crypto';
import { documentKey, putObject } from '../../shared/adapters/documents.ts';
import { getCandidateItem, put } from '../../shared/adapters/repository.ts';
import { keys } from '../../shared/adapters/table.ts';
import * as app from '../../shared/app/index.ts';
import type { Actor } from '../../shared/app/types.ts';
import { addDays, addMonths } from '../../shared/domain/date.ts';
import type { DemoCandidate } from './seed-candidates.ts';
import { actorOf, DEMO_CELLS, memberId } from './seed-cells.ts';

const PDF = () => Buffer.from(`%PDF-1.4\n% ketnap demo document ${randomBytes(16).toString('hex')}\n%%EOF\n`);

/**
 * A dossier document as the upload path leaves it (object in the bucket under the server-fixed key, accepted
 * item with its SHA-256), written directly: the seed is the server, and 40 browser-style round trips would
 * make start-up slow. The upload path itself is tested in test/integration/workflow/uploads.test.ts.
 */
async function upload(actor: Actor, candidateId: string, formCode: string, meta: Record<string, string>) {
  const body = PDF();
  const cand = await getCandidateItem(candidateId);
  if (!cand) return;
  const docId = `d-demo-${createHash('sha256').update(`${candidateId}${formCode}`).digest('hex').slice(0, 16)}`;
  const key = documentKey(cand.cellId, candidateId, formCode, docId);
  await putObject(key, body, 'application/pdf');
  await put({
    ...keys.document(candidateId, formCode, docId),
    type: 'document',
    status: 'accepted',
    docId,
    candidateId,
    cellId: cand.cellId,
    formCode,
    s3Key: key,
    fileName: `${formCode}.pdf`,
    contentType: 'application/pdf',
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    signedOn: meta.signedOn,
    ...(meta.introducerMemberId ? { introducerMemberId: meta.introducerMemberId } : {}),
    ...(meta.verifiedOn ? { verifiedOn: meta.verifiedOn } : {}),
    uploadedAt: new Date().toISOString(),
    uploadedBy: actor.userId,
  });
}

/** Refer the candidate (idempotent by request id) and complete its steps until it waits at its target. */
export async function drive(c: DemoCandidate, today: string): Promise<void> {
  const sec = actorOf(c.cellId === DEMO_CELLS.founding ? 'u-secretary-hp' : 'u-secretary-2');
  const committee = actorOf('u-committee-1');
  const day = (offset: number) => addDays(today, offset - c.referredDaysAgo);
  const view = await app.referCandidate(sec, {
    cellId: c.cellId,
    fullName: c.fullName,
    birthDate: c.birthDate,
    referredOn: day(0),
    introduction: {
      path: 'union-plus-member',
      introducerMemberIds: [memberId(1 + (Number(c.key.slice(1)) % 12))],
      togetherSince: { [memberId(1 + (Number(c.key.slice(1)) % 12))]: addMonths(day(0), -30) },
    },
    requestId: `demo-${c.key}-referral`,
  });
  const id = view.id;
  const introducer = memberId(1 + (Number(c.key.slice(1)) % 12));
  const item = await getCandidateItem(id);
  if (!item || ['OFFICIAL', 'WITHDRAWN', 'REFUSED', 'NAME_REMOVED'].includes(String(item.stage))) return;

  const ceremonyOn = day(90);
  // no event after today (the server refuses future dates)
  const past = (d: string) => (d > today ? today : d);
  const probationEnd = addMonths(ceremonyOn, 12);
  const steps: { step: string; run: () => Promise<unknown> }[] = [
    {
      step: 'course',
      run: () =>
        app.recordCourseCertificate(sec, id, {
          certificateNo: `CN-${c.key}`,
          issuedOn: day(30),
          issuer: 'Trung tâm Chính trị',
        }),
    },
    {
      step: 'dossier',
      run: async () => {
        const docs = await app.listDocuments(sec, id);
        const have = new Set(docs.map((d) => d.formCode));
        const all: [string, Record<string, string>][] = [
          ['1-KNĐ', { signedOn: day(40) }],
          ['2-KNĐ', { signedOn: day(41), verifiedOn: day(50) }],
          ['3-KNĐ', { signedOn: day(42), introducerMemberId: introducer }],
          ['4A-KNĐ', { signedOn: day(42) }],
          ['5-KNĐ', { signedOn: day(44) }],
        ];
        for (const [form, meta] of all) if (!have.has(form)) await upload(sec, id, form, meta);
        return app.submitDossier(sec, id, { submittedOn: day(55) });
      },
    },
    {
      step: 'cellVote',
      run: () =>
        app.recordCellVote(sec, id, {
          meetingOn: day(60),
          // the second cell has 15 official members
          yes: c.cellId === DEMO_CELLS.founding ? 41 : 12,
          no: c.cellId === DEMO_CELLS.founding ? 3 : 2,
          form: 'ballot',
          resolutionNo: `${c.key}-NQ/CB`,
        }),
    },
    {
      step: 'appraisal',
      run: () => app.recordAppraisal(sec, id, { appraisedOn: day(65), opinion: 'agree' }),
    },
    {
      step: 'decision',
      run: () =>
        app.recordDecision(committee, id, {
          decision: c.target === 'refused' ? 'refuse' : 'approve',
          decidedOn: day(75),
          ...(c.target === 'refused' ? { note: 'Chưa đủ tiêu chuẩn chính trị theo kết quả thẩm tra' } : {}),
        }),
    },
    {
      step: 'ceremony',
      run: () => app.recordCeremony(sec, id, { heldOn: ceremonyOn, helperMemberId: memberId(2) }),
    },
    {
      step: 'biography',
      run: () => app.recordBiography(sec, id, { submittedOn: day(110) }),
    },
    {
      step: 'newMemberCourse',
      run: () =>
        app.recordNewMemberCourse(sec, id, { certificateNo: `DVM-${c.key}`, issuedOn: past(day(200)) }),
    },
    {
      step: 'probationEnd',
      run: () => app.completeProbationEnd(sec, id, { today }),
    },
    {
      step: 'recognition',
      run: async () => {
        // three rounds short of 2/3 send it to the superior committee; otherwise one round that passes
        if (c.target === 'superior') {
          for (const n of [1, 2, 3]) {
            const item = await getCandidateItem(id);
            if (item?.waitingFor !== 'recognition') break;
            await app.recordRecognitionVote(sec, id, {
              meetingOn: addDays(probationEnd, 5 * n),
              yes: 30,
              no: 19,
              form: 'cards',
            });
          }
          return;
        }
        return app.recordRecognitionVote(sec, id, {
          meetingOn: addDays(probationEnd, 10),
          yes: 44,
          no: 1,
          form: 'cards',
          motion: c.target === 'nameRemoved' ? 'remove' : 'recognise',
        });
      },
    },
  ];
  const final = ['official', 'superior', 'nameRemoved', 'refused'].includes(c.target);
  const stopAt = c.target === 'withdrawn' ? 'dossier' : final ? undefined : c.target;
  const at = String((await getCandidateItem(id))?.waitingFor ?? 'course');
  // No waiting for the workflow between steps: each outcome is recorded at the workflow's cursor and the
  // execution picks it up when it gets there (shared/app/engine.ts), so the seed is fast and needs no
  // running Step Functions service.
  for (const s of steps.slice(
    Math.max(
      0,
      steps.findIndex((x) => x.step === at),
    ),
  )) {
    if (s.step === stopAt) {
      if (c.target === 'withdrawn') {
        await app.withdraw(sec, id, { on: addDays(today, -3), reason: 'Chuyển công tác' });
      }
      return;
    }
    // a step this candidate does not take (the appraisal without a sub-committee), or a final outcome reached
    const waiting = (await getCandidateItem(id))?.waitingFor;
    if (!waiting) return;
    if (waiting !== s.step) continue;
    await s.run();
  }
}
