/**
 * Demo data of the embedded stack (`npm start`): the founding cell of the design notes, a second cell, the
 * sign-in users, the 2024 targets, and eighteen candidates, one at each of the fifteen stages (two in probation: one
 * with months to go, one whose 12 months ended yesterday), each one a real workflow execution
 * driven through the same application services the web app calls (so their waits, deadlines and mails are live).
 *
 * Idempotent: the base items are plain puts of fixed ids, and every candidate is referred with a fixed request id
 * (the app service derives the candidate id from it), then driven from wherever it already is. A seed interrupted
 * by a kill simply continues on the next start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { documentKey, putObject } from '../../shared/adapters/documents.ts';
import { getCandidateItem, getItem, put, transact, txPut } from '../../shared/adapters/repository.ts';
import { keys } from '../../shared/adapters/table.ts';
import * as app from '../../shared/app/index.ts';
import type { Actor } from '../../shared/app/types.ts';
import { addDays, addMonths, dateInVietnam } from '../../shared/domain/date.ts';
import { FOUNDING_CELL } from '../../shared/domain/targets.ts';
import { LOCAL_USERS } from './identity.ts';
import { seedPool } from './seed-pool.ts';

/** Cell ids the local identity stand-in (identity.ts) signs its users in with. */
export const DEMO_CELLS = { founding: 'hp-kkt', second: 'cell-2' } as const;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hồng', 'Minh', 'Thu', 'Quốc', 'Ngọc', 'Thanh', 'Đức', 'Hải'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hiếu', 'Khánh', 'Linh', 'Nam', 'Phương', 'Sơn'];

/** A stable Vietnamese name for the n-th member (no real person). */
const memberName = (n: number) =>
  `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 7) % MIDDLE.length]} ${GIVEN[(n * 5 + 3) % GIVEN.length]}`;

const memberId = (n: number) => `m${String(n).padStart(2, '0')}`;

/** The sign-in users are the identity stand-in's (who they are, their role and cells); the seed adds how to reach them. */
const CONTACT: Record<string, { email: string; lang: 'vi' | 'en' }> = {
  'u-secretary-hp': { email: 'bithu.kkt-hp@example.vn', lang: 'vi' },
  'u-secretary-2': { email: 'bithu.cb2@example.vn', lang: 'vi' },
  'u-committee-1': { email: 'capuy1@example.vn', lang: 'vi' },
  'u-committee-2': { email: 'capuy2@example.vn', lang: 'en' },
  'u-admin': { email: 'quantri@example.vn', lang: 'vi' },
};

const USERS = LOCAL_USERS.map((u) => {
  const contact = CONTACT[u.userId];
  if (!contact) throw new Error(`demo data: no contact for ${u.userId}`);
  return { ...u, ...contact };
});

const actorOf = (userId: string): Actor => {
  const u = USERS.find((x) => x.userId === userId);
  if (!u) throw new Error(`no demo user ${userId}`);
  return { userId: u.userId, role: u.role, cellIds: u.cellIds };
};

async function seedCell(cellId: string, name: string, official: number, probationary: number) {
  await put({
    ...keys.cell(cellId),
    type: 'cell',
    cellId,
    name,
    officialMembers: official,
    probationaryMembers: probationary,
    hasSubCommittee: cellId === DEMO_CELLS.second,
    hasGrassrootsCommittee: true,
    meetsOnline: cellId === DEMO_CELLS.founding,
    committeeUserIds: USERS.filter((u) => u.role === 'committee' && u.cellIds.includes(cellId)).map(
      (u) => u.userId,
    ),
    secretaryUserIds: USERS.filter((u) => u.role === 'secretary' && u.cellIds.includes(cellId)).map(
      (u) => u.userId,
    ),
  });
  const members = [];
  for (let n = 1; n <= official + probationary; n++) {
    members.push({
      ...keys.member(cellId, memberId(n)),
      type: 'member',
      memberId: memberId(n),
      fullName: memberName(n + (cellId === DEMO_CELLS.founding ? 0 : 100)),
      status: n <= official ? 'official' : 'probationary',
    });
  }
  // 25 puts per request (a few requests instead of 72 concurrent ones)
  for (let i = 0; i < members.length; i += 25) {
    await transact(members.slice(i, i + 25).map((m) => txPut(m)));
  }
}

// ---- candidates ------------------------------------------------------------------------------------------------

/** The step a demo candidate waits at, or the final outcome it reached. */
type Target =
  | 'course'
  | 'dossier'
  | 'cellVote'
  | 'appraisal'
  | 'decision'
  | 'ceremony'
  | 'biography'
  | 'newMemberCourse'
  | 'probationEnd'
  | 'recognition'
  | 'superior'
  | 'official'
  | 'nameRemoved'
  | 'refused'
  | 'withdrawn';

type DemoCandidate = {
  key: string;
  cellId: string;
  fullName: string;
  birthDate: string;
  /** days before today of the referral */
  referredDaysAgo: number;
  target: Target;
};

function demoCandidates(today: string): DemoCandidate[] {
  // the ceremony falls 90 days after the referral (see drive()); probation then lasts 12 months
  const ceremonyAgo = (monthsAndDays: { months: number; days: number }) => {
    const ceremony = addDays(addMonths(today, -monthsAndDays.months), -monthsAndDays.days);
    return Math.round((Date.parse(today) - Date.parse(addDays(ceremony, -90))) / 86_400_000);
  };
  const f = DEMO_CELLS.founding;
  return [
    {
      key: 'd01',
      cellId: f,
      fullName: 'Nguyễn Hồng Quang',
      birthDate: '1995-03-12',
      referredDaysAgo: 10,
      target: 'course',
    },
    {
      key: 'd02',
      cellId: f,
      fullName: 'Trần Thị Mai',
      birthDate: '1998-07-02',
      referredDaysAgo: 35,
      target: 'dossier',
    },
    {
      key: 'd03',
      cellId: f,
      fullName: 'Lê Văn Hùng',
      birthDate: '1992-11-20',
      referredDaysAgo: 57,
      target: 'cellVote',
    },
    {
      key: 'd04',
      cellId: f,
      fullName: 'Phạm Thu Trang',
      birthDate: '1997-01-15',
      referredDaysAgo: 62,
      target: 'decision',
    },
    {
      key: 'd05',
      cellId: f,
      fullName: 'Hoàng Minh Đức',
      birthDate: '1990-05-30',
      referredDaysAgo: 80,
      target: 'ceremony',
    },
    {
      key: 'd06',
      cellId: f,
      fullName: 'Vũ Ngọc Anh',
      birthDate: '1999-09-09',
      referredDaysAgo: 140,
      target: 'biography',
    },
    {
      key: 'd07',
      cellId: f,
      fullName: 'Đặng Quốc Bảo',
      birthDate: '1993-04-04',
      referredDaysAgo: ceremonyAgo({ months: 12, days: 15 }),
      target: 'recognition',
    },
    {
      key: 'd08',
      cellId: f,
      fullName: 'Bùi Thị Hạnh',
      birthDate: '1994-12-01',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'official',
    },
    {
      key: 'd09',
      cellId: f,
      fullName: 'Đỗ Thanh Tùng',
      birthDate: '1996-02-28',
      referredDaysAgo: 40,
      target: 'withdrawn',
    },
    {
      key: 'd12',
      cellId: f,
      fullName: 'Lý Thị Thanh Hương',
      birthDate: '1997-06-21',
      referredDaysAgo: 150,
      target: 'newMemberCourse',
    },
    {
      // in probation, the 12 months still running
      key: 'd13',
      cellId: f,
      fullName: 'Ngô Quốc Khánh',
      birthDate: '1995-10-03',
      referredDaysAgo: ceremonyAgo({ months: 4, days: 0 }),
      target: 'probationEnd',
    },
    {
      // in probation, the 12 months ended yesterday: the end can be confirmed and recognition voted
      key: 'd14',
      cellId: f,
      fullName: 'Trương Minh Tuấn',
      birthDate: '1992-08-14',
      referredDaysAgo: ceremonyAgo({ months: 12, days: 1 }),
      target: 'probationEnd',
    },
    {
      key: 'd15',
      cellId: f,
      fullName: 'Phan Thị Diệu Linh',
      birthDate: '1993-01-25',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'superior',
    },
    {
      key: 'd16',
      cellId: f,
      fullName: 'Mạc Văn Thành',
      birthDate: '1991-05-11',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'nameRemoved',
    },
    {
      key: 'd17',
      cellId: f,
      fullName: 'Tạ Thị Bích Ngọc',
      birthDate: '1996-12-30',
      referredDaysAgo: 85,
      target: 'refused',
    },
    {
      // the second cell has a sub-committee: its dossiers are appraised before the committee decides
      key: 'd18',
      cellId: DEMO_CELLS.second,
      fullName: 'Kiều Văn Phúc',
      birthDate: '1994-04-17',
      referredDaysAgo: 70,
      target: 'appraisal',
    },
    {
      key: 'd10',
      cellId: DEMO_CELLS.second,
      fullName: 'Ngô Văn Long',
      birthDate: '2000-08-18',
      referredDaysAgo: 5,
      target: 'course',
    },
    {
      key: 'd11',
      cellId: DEMO_CELLS.second,
      fullName: 'Dương Thị Lan',
      birthDate: '1991-10-10',
      referredDaysAgo: 70,
      target: 'cellVote',
    },
  ];
}

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
async function drive(c: DemoCandidate, today: string): Promise<void> {
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
