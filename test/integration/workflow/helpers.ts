/** Helpers of the workflow integration tests: a cell to work in, uploads by presigned POST, waiting. */
import { randomBytes } from 'node:crypto';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { sfn as sfnClient } from '../../../shared/adapters/clients.ts';
import { getCandidateItem } from '../../../shared/adapters/repository.ts';
import * as app from '../../../shared/app/index.ts';
import type { Actor } from '../../../shared/app/types.ts';
import { writeCell } from '../../helpers/cell.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

export type TestCell = {
  cellId: string;
  secretary: Actor;
  committee: Actor;
  members: string[];
  otherCell: Actor;
};

/** A fresh cell (unique id per call) with 49 official members, a secretary and two committee members. */
export async function makeCell(
  opts: { hasSubCommittee?: boolean; officialMembers?: number } = {},
): Promise<TestCell> {
  const cellId = `t${randomBytes(4).toString('hex')}`;
  return {
    ...(await writeCell(cellId, { ...opts, name: `Chi bộ thử ${cellId}` })),
    otherCell: { userId: 'intruder', role: 'secretary', cellIds: ['some-other-cell'] },
  };
}

export const PDF = () => Buffer.from(`%PDF-1.4\n${randomBytes(64).toString('hex')}\n%%EOF\n`);
export const JPEG = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200)]);

/** Upload through the browser's path: presign, POST multipart straight to S3, confirm. */
export async function upload(
  actor: Actor,
  candidateId: string,
  formCode: string,
  body: Buffer,
  opts: {
    contentType?: 'application/pdf' | 'image/jpeg' | 'image/png';
    fileName?: string;
    declaredSize?: number;
    signedOn?: string;
    introducerMemberId?: string;
    verifiedOn?: string;
    /** S3's refusal expected of the POST (its policy's conditions), e.g. 'EntityTooSmall'. */
    s3Refuses?: string;
  } = {},
) {
  const contentType = opts.contentType ?? 'application/pdf';
  const presigned = await app.presignUpload(actor, candidateId, {
    formCode,
    fileName: opts.fileName ?? `${formCode}.pdf`,
    contentType,
    size: opts.declaredSize ?? Math.max(body.length, 1),
    ...(opts.signedOn ? { signedOn: opts.signedOn } : {}),
    ...(opts.introducerMemberId ? { introducerMemberId: opts.introducerMemberId } : {}),
    ...(opts.verifiedOn ? { verifiedOn: opts.verifiedOn } : {}),
  });
  const form = new FormData();
  for (const [k, v] of Object.entries(presigned.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(body)], { type: contentType }), opts.fileName ?? 'upload.bin');
  const res = await fetch(presigned.url, { method: 'POST', body: form });
  const text = await res.text();
  if (opts.s3Refuses) expect(text).toContain(`<Code>${opts.s3Refuses}</Code>`);
  else expect(res.status, text).toBeLessThan(300);
  return { presigned, result: await app.confirmUpload(actor, candidateId, presigned.docId) };
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Wait until the workflow waits at `step` for the candidate's current cursor (its token is stored). */
export function waitingAt(candidateId: string, step: string) {
  return until(async () => {
    const c = await getCandidateItem(candidateId);
    return c?.awaiting?.step === step && c.awaiting.cursor === c.cursor && !c.callbackPending ? c : undefined;
  }, `the workflow to wait at ${step}`);
}

export async function executions(candidateId: string) {
  const { client: sfn } = await sfnClient();
  const out = [];
  for (const arn of [process.env.ADMISSION_STATE_MACHINE_ARN, process.env.PROBATION_STATE_MACHINE_ARN]) {
    const res = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1000 }));
    out.push(...(res.executions ?? []).filter((e) => e.name?.startsWith(candidateId)));
  }
  return out;
}

/** Wait until every execution of the candidate has ended; returns their statuses by name. */
export async function settled(candidateId: string) {
  return until(async () => {
    const ex = await executions(candidateId);
    const { client: sfn } = await sfnClient();
    const described = await Promise.all(
      ex.map((e) => sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }))),
    );
    if (described.length === 0 || described.some((d) => d.status === 'RUNNING')) return undefined;
    return Object.fromEntries(described.map((d) => [d.name, d.status]));
  }, 'the executions to end');
}

export const refer = (
  cell: TestCell,
  name = 'Nguyễn Hồng Quang',
  birthDate = '1995-03-12',
  referredOn = '2024-01-08',
) =>
  app.referCandidate(cell.secretary, {
    cellId: cell.cellId,
    fullName: name,
    birthDate,
    referredOn,
    introduction: {
      path: 'union-plus-member',
      introducerMemberIds: [cell.members[0] as string],
      togetherSince: together([cell.members[0] as string]),
    },
  });

/** The documents the cell_vote checklist needs (trade-union path, one member introducer). */
export async function uploadDossier(
  cell: TestCell,
  candidateId: string,
  forms = ['1-KNĐ', '2-KNĐ', '3-KNĐ', '4A-KNĐ', '5-KNĐ'],
  year = 2024,
) {
  const all: [string, Record<string, string>][] = [
    ['1-KNĐ', { signedOn: `${year}-02-20` }],
    ['2-KNĐ', { signedOn: `${year}-02-21`, verifiedOn: `${year}-03-01` }],
    ['3-KNĐ', { signedOn: `${year}-03-02`, introducerMemberId: cell.members[0] as string }],
    ['4A-KNĐ', { signedOn: `${year}-03-02` }],
    ['5-KNĐ', { signedOn: `${year}-03-03` }],
  ];
  const docs = all.filter(([f]) => forms.includes(f));
  for (const [form, meta] of docs) {
    const { result } = await upload(cell.secretary, candidateId, form, PDF(), meta);
    expect(result.accepted, form).toBe(true);
  }
}

/** Mails in the local SES outbox whose recipients include an address containing `addressPart`. */
export async function mailsTo(dataDir: string, addressPart: string) {
  const { readOutbox } = await import('../../../infra/local/outbox.ts');
  return readOutbox(dataDir).filter((m) => m.to.some((t) => t.includes(addressPart)));
}

/** The approval link ids in mails to the cell's committee about `candidateName`. */
export async function approvalLinks(dataDir: string, cellId: string) {
  const mails = await mailsTo(dataDir, cellId);
  return [
    ...new Set(
      mails.flatMap((m) => [...m.text.matchAll(/\/a\/([A-Za-z0-9_-]+)/g)].map((x) => x[1] as string)),
    ),
  ];
}

export const STEP_ORDER = [
  'course',
  'dossier',
  'cellVote',
  'appraisal',
  'decision',
  'ceremony',
  'biography',
  'newMemberCourse',
  'probationEnd',
  'recognition',
  'superior',
] as const;
export type StepName = (typeof STEP_ORDER)[number];

/**
 * From where the candidate is, complete the steps in order (each once the workflow waits for it) until the
 * workflow waits at `target`.
 */
export async function driveTo(cell: TestCell, id: string, target: StepName, opts: { sub?: boolean } = {}) {
  const sec = cell.secretary;
  const actions: Record<StepName, () => Promise<unknown>> = {
    course: () => app.recordCourseCertificate(sec, id, { certificateNo: 'CN-1', issuedOn: '2024-02-10' }),
    dossier: async () => {
      await uploadDossier(cell, id);
      return app.submitDossier(sec, id, { submittedOn: '2024-03-05' });
    },
    cellVote: () => app.recordCellVote(sec, id, { meetingOn: '2024-03-10', yes: 40, no: 2, form: 'ballot' }),
    appraisal: () => app.recordAppraisal(cell.committee, id, { appraisedOn: '2024-03-20', opinion: 'agree' }),
    decision: () => app.recordDecision(cell.committee, id, { decision: 'approve', decidedOn: '2024-04-15' }),
    ceremony: () => app.recordCeremony(sec, id, { heldOn: '2024-05-06' }),
    biography: () => app.recordBiography(sec, id, { submittedOn: '2024-06-03' }),
    newMemberCourse: () =>
      app.recordNewMemberCourse(sec, id, { certificateNo: 'M-1', issuedOn: '2024-09-20' }),
    probationEnd: () => app.completeProbationEnd(sec, id, { today: '2025-05-06' }),
    recognition: async () => {
      for (const day of ['2025-05-20', '2025-06-20', '2025-07-18']) {
        await waitingAt(id, 'recognition');
        await app.recordRecognitionVote(sec, id, { meetingOn: day, yes: 20, no: 25, form: 'ballot' });
      }
    },
    superior: async () => {},
  };
  const at = (await getCandidateItem(id))?.waitingFor as StepName;
  for (const step of STEP_ORDER.slice(STEP_ORDER.indexOf(at))) {
    if (step === 'appraisal' && !opts.sub) continue;
    if (step !== 'recognition') await waitingAt(id, step);
    if (step === target) return;
    await actions[step]();
  }
}
