// The journey driver: takes candidates from referral to official member through the application services,
// completing each human step as soon as the previous one is committed (the workflow catches up by itself:
// a waiting task finds an outcome already recorded for its cursor). Used by the benchmark and the chaos runs.
//
// Every step is idempotent from the driver's side: it acts on the stage the candidate is in, re-reads the
// candidate after any error, uploads only the documents that are missing, and refers with a request id.
// So a stack killed mid-call, or a fault the SDK's retries did not absorb, never makes the driver do a step
// twice: whatever happens twice in the data is the system's doing.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { UNCOUNTED_AGENT } from '../../infra/local/wire.ts';
import { keys } from '../../shared/adapters/table.ts';
import * as app from '../../shared/app/index.ts';
import { type CandidateView, FINAL_STAGES } from '../../shared/app/types.ts';
import { type CellFixture, writeCell } from '../../test/helpers/cell.ts';

/** Each introducer has worked with the candidate since 2020 (more than the 12 months the rules ask). */
const together = (ids: (string | undefined)[]) =>
  Object.fromEntries(ids.map((m) => [String(m), '2020-01-01']));

export type BenchCell = CellFixture;

/** A number as letters (12 → 'BC'): a person's name holds no digit, and each driven candidate has its own. */
export const nameSuffix = (n: number): string =>
  String(n).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)] as string);

/** A cell with 49 official members, a secretary and two committee members (who get the decision mails). */
export const makeBenchCell = (cellId: string): Promise<BenchCell> => writeCell(cellId);

/** The documents of the dossier (trade-union path, one member introducer) with their metadata. */
const DOSSIER: [string, Record<string, string>][] = [
  ['1-KNĐ', { signedOn: '2024-02-20' }],
  ['2-KNĐ', { signedOn: '2024-02-21', verifiedOn: '2024-03-01' }],
  ['3-KNĐ', { signedOn: '2024-03-02', introducerMemberId: 'm1' }],
  ['4A-KNĐ', { signedOn: '2024-03-02' }],
  ['5-KNĐ', { signedOn: '2024-03-03' }],
];
export const DOCUMENTS_PER_CANDIDATE = DOSSIER.length;

/** The audit events of one candidate's journey, each exactly once. */
export const EXPECTED_EVENTS = [
  'referred',
  'admissionStarted',
  'courseCertified',
  ...DOSSIER.map(() => 'documentUploaded'),
  'dossierSubmitted',
  'cellVotePassed',
  'committeeNotified',
  'admissionApproved',
  'ceremonyHeld',
  'probationStarted',
  'memberBiographySubmitted',
  'newMemberCourseCertified',
  'probationEnded',
  'recognised',
  'probationFinished',
].sort();

export interface DriverStats {
  /** stage changes committed by the driver's calls */
  stageChanges: number;
  /** presigned POSTs straight to S3 (no SDK call: the browser's path) */
  s3Posts: number;
  /** calls that failed and were retried */
  retries: number;
  errors: Record<string, number>;
  /** what the driver is doing now (a stage's step, an upload, a nudge): the cost bench attributes calls by it */
  phase?: string;
}

export function newStats(): DriverStats {
  return { stageChanges: 0, s3Posts: 0, retries: 0, errors: {} };
}

const pdf = () => Buffer.from(`%PDF-1.4\n${randomBytes(64).toString('hex')}\n%%EOF\n`);

async function uploadMissing(cell: BenchCell, candidateId: string, stats: DriverStats) {
  stats.phase = 'upload';
  const have = new Set((await app.listDocuments(cell.secretary, candidateId)).map((d) => d.formCode));
  for (const [formCode, meta] of DOSSIER) {
    if (have.has(formCode)) continue;
    const body = pdf();
    const presigned = await app.presignUpload(cell.secretary, candidateId, {
      formCode,
      fileName: `${formCode}.pdf`,
      contentType: 'application/pdf',
      size: body.length,
      ...meta,
    } as never);
    const form = new FormData();
    for (const [k, v] of Object.entries(presigned.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(body)], { type: 'application/pdf' }), `${formCode}.pdf`);
    const res = await fetch(presigned.url, { method: 'POST', body: form });
    stats.s3Posts++;
    if (res.status >= 300) throw new Error(`S3 POST answered ${res.status}`);
    const result = await app.confirmUpload(cell.secretary, candidateId, presigned.docId);
    if (!result.accepted) throw new Error(`document ${formCode} refused: ${result.code}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an undelivered outcome may wait before the driver re-delivers it as the daily job would. */
const NUDGE_AFTER_MS = 5000;

let pollClient: DynamoDBDocumentClient | undefined;
let pollEndpoint: string | undefined;
function poller(): DynamoDBDocumentClient {
  if (!pollClient || pollEndpoint !== process.env.AWS_ENDPOINT_URL_DYNAMODB) {
    pollEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    pollClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({ customUserAgent: UNCOUNTED_AGENT, maxAttempts: 1 }),
    );
  }
  return pollClient;
}

/**
 * Waits (uncounted reads) until the workflow waits at the candidate's current step with its token stored and
 * no earlier outcome still to deliver: a person acts on a step the workflow has reached. (Acting earlier is
 * refused further on: wf-notify fails with WRONG_STAGE when the decision was recorded before it ran.)
 */
async function workflowReady(c: CandidateView, deadline: number, stats?: DriverStats) {
  if (!c.waitingFor) return;
  let nudgeAt = Date.now() + NUDGE_AFTER_MS;
  for (let delay = 10; ; delay = Math.min(250, delay * 1.5)) {
    try {
      const { Item } = await poller().send(
        new GetCommand({
          TableName: process.env.TABLE_NAME ?? 'ketnap',
          Key: keys.candidate(c.id),
          ProjectionExpression: 'awaiting, #c, callbackPending',
          ExpressionAttributeNames: { '#c': 'cursor' },
        }),
      );
      const aw = Item?.awaiting as { step?: string; cursor?: number } | undefined;
      const pending = Item?.callbackPending as { cursor?: number } | undefined;
      // An outcome pending for an EARLIER cursor than the one the workflow waits at was consumed already
      // (the waiting task found it recorded and completed itself) and only its marker was left behind.
      const delivered = !pending || (pending.cursor ?? -1) < (aw?.cursor ?? -1);
      if (aw?.step === c.waitingFor && aw.cursor === Item?.cursor && delivered) return;
      if (!delivered && Date.now() > nudgeAt) {
        // an outcome committed but not delivered (the stack died in between): what the daily job does
        nudgeAt = Date.now() + NUDGE_AFTER_MS;
        const phase = stats?.phase;
        if (stats) stats.phase = 'nudge';
        await app.resumePendingCallbacks(c.id).finally(() => {
          if (stats) stats.phase = phase;
        });
      }
    } catch {
      // the stack may be restarting: keep waiting
    }
    if (Date.now() > deadline) throw new Error(`the workflow never reached ${c.waitingFor}`);
    await sleep(delay);
  }
}

/** One step from the stage the candidate is in, once the workflow waits for it; returns the candidate after it. */
async function step(
  cell: BenchCell,
  c: CandidateView,
  stats: DriverStats,
  deadline: number,
): Promise<CandidateView> {
  const sec = cell.secretary;
  await workflowReady(c, deadline, stats);
  stats.phase = c.stage;
  const done = (v: CandidateView) => {
    stats.stageChanges++;
    return v;
  };
  switch (c.stage) {
    case 'AWAITING_COURSE':
      return done(
        await app.recordCourseCertificate(sec, c.id, {
          certificateNo: `CN-${c.id.slice(0, 6)}`,
          issuedOn: '2024-02-10',
        }),
      );
    case 'DOSSIER': {
      await uploadMissing(cell, c.id, stats);
      stats.phase = c.stage;
      const r = await app.submitDossier(sec, c.id, { submittedOn: '2024-03-05' });
      if (!r.accepted) throw new Error(`dossier refused: ${r.findings.map((f) => f.code).join(',')}`);
      return done(r.candidate);
    }
    case 'AWAITING_CELL_VOTE':
      return done(
        await app.recordCellVote(sec, c.id, { meetingOn: '2024-03-10', yes: 40, no: 5, form: 'ballot' }),
      );
    case 'AWAITING_DECISION':
      return done(
        await app.recordDecision(cell.committee, c.id, { decision: 'approve', decidedOn: '2024-04-15' }),
      );
    case 'AWAITING_CEREMONY':
      return done(await app.recordCeremony(sec, c.id, { heldOn: '2024-05-06', helperMemberId: 'm2' }));
    case 'AWAITING_BIOGRAPHY':
      return done(await app.recordBiography(sec, c.id, { submittedOn: '2024-06-03' }));
    case 'AWAITING_NEW_MEMBER_COURSE':
      return done(
        await app.recordNewMemberCourse(sec, c.id, { certificateNo: 'ĐVM-88', issuedOn: '2024-09-20' }),
      );
    case 'PROBATION':
      return done(await app.completeProbationEnd(sec, c.id, { today: '2025-05-06' }));
    case 'AWAITING_RECOGNITION':
      return done(
        await app.recordRecognitionVote(sec, c.id, {
          meetingOn: '2025-05-20',
          yes: 44,
          no: 1,
          form: 'cards',
        }),
      );
    default:
      if (FINAL_STAGES.includes(c.stage)) return c;
      throw new Error(`the journey never reaches stage ${c.stage}`);
  }
}

async function withRetry<T>(what: () => Promise<T>, stats: DriverStats, deadline: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      const name = (error as { code?: string; name?: string }).code ?? (error as Error).name ?? 'Error';
      stats.errors[name] = (stats.errors[name] ?? 0) + 1;
      if (Date.now() > deadline) throw error;
      stats.retries++;
      await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  }
}

/**
 * Refers candidate `index` of the cell and drives it to a final stage (or to the stage `until`, with the
 * workflow waiting there). With `resilient`, any failure is
 * followed by a fresh read of the candidate and another try (for chaos runs); otherwise the first failure
 * ends the journey with an error (for the benchmark, where nothing should fail).
 */
export async function driveCandidate(
  cell: BenchCell,
  index: number,
  stats: DriverStats,
  options: { resilient?: boolean; timeoutMs?: number; until?: CandidateView['stage'] } = {},
): Promise<CandidateView> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const guard = <T>(f: () => Promise<T>) => (options.resilient ? withRetry(f, stats, deadline) : f());
  stats.phase = 'referral';
  let c: CandidateView = await guard(async () =>
    app.referCandidate(cell.secretary, {
      cellId: cell.cellId,
      fullName: `Nguyễn Văn Thử ${nameSuffix(index)}`,
      birthDate: '1995-03-12',
      referredOn: '2024-01-08',
      introduction: {
        path: 'union-plus-member',
        introducerMemberIds: ['m1'],
        togetherSince: together(['m1']),
      },
      requestId: `journey-${cell.cellId}-${index}`,
    }),
  );
  stats.stageChanges++;
  while (!FINAL_STAGES.includes(c.stage)) {
    if (c.stage === options.until) {
      await workflowReady(c, deadline, stats);
      break;
    }
    const seen = c;
    let retry = false;
    c = await guard(async () => {
      // after a failure the stage may have moved on anyway (a lost response): act on what is stored
      const current = retry ? await app.getCandidate(cell.secretary, seen.id) : seen;
      retry = true;
      return step(cell, current, stats, deadline);
    });
  }
  return c;
}

/** Polls (uncounted) until both executions of every candidate have ended; returns their statuses. */
export async function waitSettled(candidateIds: string[], timeoutMs: number) {
  const sfn = new SFNClient({ customUserAgent: UNCOUNTED_AGENT });
  const arn = (machine: 'admission' | 'probation', id: string) => {
    const sm =
      (machine === 'admission'
        ? process.env.ADMISSION_STATE_MACHINE_ARN
        : process.env.PROBATION_STATE_MACHINE_ARN) ?? '';
    return `${sm.replace(':stateMachine:', ':execution:')}:${machine === 'admission' ? id : `${id}-probation`}`;
  };
  const statuses = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  let pending = candidateIds.flatMap((id) => [arn('admission', id), arn('probation', id)]);
  while (pending.length > 0) {
    const still: string[] = [];
    for (const executionArn of pending) {
      try {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (d.status === 'RUNNING') still.push(executionArn);
        else statuses.set(executionArn, d.status ?? 'UNKNOWN');
      } catch {
        still.push(executionArn); // not started yet, or the stack is restarting
      }
    }
    pending = still;
    if (pending.length === 0) break;
    if (Date.now() > deadline)
      throw new Error(`${pending.length} executions still running after ${timeoutMs} ms`);
    await sleep(500);
  }
  sfn.destroy();
  return statuses;
}
