// The JSON API under /api: parse (zod, by the router) → application service → map the result.
import * as z from 'zod';
import * as app from '../app/index.ts';
import { draftRoutes } from './drafts-route.ts';
import { binary, json, redirect } from './http.ts';
import { todayVn } from './lang.ts';
import { canSeeCell, cellCandidates, loadCandidate, pickCell, scoped, toActor } from './ops.ts';
import type { AnyRoute, AuthedContext } from './router.ts';
import { route } from './router.ts';
import * as S from './schemas.ts';

/** base64 of this many bytes stays under API Gateway / Lambda's 6 MB response limit */
const INLINE_MAX_BYTES = 4 * 1024 * 1024;
const SECRETARY = ['secretary', 'admin'] as const;
const COMMITTEE = ['committee', 'admin'] as const;
const READERS = ['secretary', 'committee', 'admin'] as const;

const authed = <B, Q>(ctx: { actor: unknown }) => ctx as unknown as AuthedContext<B, Q>;

/** Mutation on a candidate: scope-checked read first, then the service (which checks again). */
function candidateMutation<B>(
  path: string,
  summary: string,
  body: z.ZodType<B>,
  call: (ctx: AuthedContext<B>, id: string) => Promise<unknown>,
  roles: readonly ('secretary' | 'committee' | 'admin')[] = SECRETARY,
): AnyRoute {
  return route<B>({
    method: 'POST',
    path,
    kind: 'api',
    roles,
    summary,
    tag: 'steps',
    body,
    response: S.CandidateOut,
    async handler(c) {
      const ctx = authed<B, unknown>(c);
      const id = ctx.params.id as string;
      // the app reads the candidate once, scoped (another cell's is not found), and passes it down
      const result = await scoped(() => call(ctx, id));
      return json(200, result);
    },
  });
}

export const apiRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    path: '/api/me',
    kind: 'api',
    roles: READERS,
    summary: 'The signed-in user',
    tag: 'session',
    response: z.object({ userId: z.string(), role: z.string(), cellIds: z.array(z.string()) }),
    async handler(ctx) {
      const a = authed(ctx).actor;
      return json(200, { userId: a.userId, role: a.role, cellIds: a.cellIds });
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates',
    kind: 'api',
    roles: READERS,
    summary: 'Candidates of a cell: all, by stage, or a name search without diacritics',
    tag: 'candidates',
    query: S.ListQuery,
    response: z.object({ items: z.array(S.CandidateOut) }),
    async handler(c) {
      const ctx = authed<unknown, z.infer<typeof S.ListQuery>>(c);
      const cellId = pickCell(ctx.actor, ctx.query.cellId);
      const items = await cellCandidates(ctx.actor, cellId, { stage: ctx.query.stage, q: ctx.query.q });
      return json(200, { items });
    },
  }),
  route({
    method: 'POST',
    path: '/api/candidates',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Refer a candidate (starts the admission workflow)',
    tag: 'candidates',
    body: S.ReferBody,
    response: S.CandidateOut,
    async handler(c) {
      const ctx = authed<z.infer<typeof S.ReferBody>, unknown>(c);
      pickCell(ctx.actor, ctx.body.cellId);
      const cand = await scoped(() => app.referCandidate(toActor(ctx.actor), ctx.body));
      return json(201, cand, { location: `/api/candidates/${cand.id}` });
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates/{id}',
    kind: 'api',
    roles: READERS,
    summary: 'A candidate',
    tag: 'candidates',
    response: S.CandidateOut,
    async handler(c) {
      const ctx = authed(c);
      return json(200, await loadCandidate(ctx.actor, ctx.params.id as string));
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates/{id}/timeline',
    kind: 'api',
    roles: READERS,
    summary: "A candidate's audit timeline",
    tag: 'candidates',
    async handler(c) {
      const ctx = authed(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      return json(200, { items: await scoped(() => app.timeline(toActor(ctx.actor), id)) });
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates/{id}/documents',
    kind: 'api',
    roles: READERS,
    summary: "A candidate's dossier documents",
    tag: 'documents',
    response: z.object({ items: z.array(S.DocumentOut) }),
    async handler(c) {
      const ctx = authed(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      return json(200, { items: await scoped(() => app.listDocuments(toActor(ctx.actor), id)) });
    },
  }),
  route({
    method: 'POST',
    path: '/api/candidates/{id}/uploads',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Presigned POST to upload a document straight to S3',
    tag: 'documents',
    body: S.UploadBody,
    response: S.PresignOut,
    async handler(c) {
      const ctx = authed<z.infer<typeof S.UploadBody>, unknown>(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      return json(200, await scoped(() => app.presignUpload(toActor(ctx.actor), id, ctx.body)));
    },
  }),
  route({
    method: 'POST',
    path: '/api/candidates/{id}/uploads/{docId}/confirm',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Verify an uploaded document (size, type by magic bytes, SHA-256)',
    tag: 'documents',
    async handler(c) {
      const ctx = authed(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      const r = await scoped(() =>
        app.confirmUpload(toActor(ctx.actor), id, ctx.params.docId as string, ctx.lang),
      );
      if (!r.accepted)
        return json(422, { error: { code: 'upload_invalid', message: r.reason[ctx.lang], reason: r.code } });
      return json(200, r.document);
    },
  }),
  route({
    method: 'POST',
    path: '/api/candidates/{id}/documents/{docId}/withdraw',
    kind: 'api',
    roles: SECRETARY,
    summary: 'Withdraw a wrongly filed document before the dossier moves on (the file is kept)',
    tag: 'documents',
    response: S.DocumentOut,
    async handler(c) {
      const ctx = authed(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      return json(
        200,
        await scoped(() => app.withdrawDocument(toActor(ctx.actor), id, ctx.params.docId as string)),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates/{id}/documents/{docId}/download',
    kind: 'api',
    roles: READERS,
    summary: 'Redirect to a short-lived download link (inline=1: shown in the browser, PDF and images only)',
    query: z.object({ inline: z.enum(['0', '1']).optional() }),
    tag: 'documents',
    async handler(c) {
      const ctx = authed(c);
      const id = ctx.params.id as string;
      // scoped by the app: another cell's candidate is not found
      const r = await scoped(() =>
        app.presignDownload(toActor(ctx.actor), id, ctx.params.docId as string, {
          inline: (ctx.query as { inline?: string }).inline === '1',
        }),
      );
      return redirect(r.url);
    },
  }),
  route({
    method: 'GET',
    path: '/api/candidates/{id}/dossier.zip',
    kind: 'api',
    roles: READERS,
    summary: "A candidate's whole dossier as ZIP",
    tag: 'exports',
    produces: 'application/zip',
    async handler(c) {
      const ctx = authed(c);
      const cand = await loadCandidate(ctx.actor, ctx.params.id as string);
      const { candidateZip, largeDownload } = await import('./exports.ts');
      const zip = await candidateZip(ctx.actor, cand, ctx.lang);
      // named by the candidate, in ASCII (no diacritics: every mail client and file system takes it)
      const ascii = cand.fullName
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase();
      const name = `ho-so-${ascii || 'ung-vien'}.zip`;
      // a Lambda response carries at most 6 MB: a bigger archive goes through the bucket and a short-lived link
      if (zip.length > INLINE_MAX_BYTES) return redirect(await largeDownload(cand.cellId, name, zip));
      return binary(zip, 'application/zip', name);
    },
  }),
  ...draftRoutes,
  candidateMutation(
    '/api/candidates/{id}/course',
    'Record the awareness course certificate',
    S.CertificateBody,
    (ctx, id) => app.recordCourseCertificate(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/dossier',
    'Submit the dossier (checked for completeness)',
    S.DossierBody,
    (ctx, id) => app.submitDossier(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/vote',
    "Record the cell's vote (2/3 of official members)",
    S.CellVoteBody,
    (ctx, id) => app.recordCellVote(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/decision',
    "Record the committee's decision",
    S.DecisionBody,
    (ctx, id) => app.recordDecision(toActor(ctx.actor), id, ctx.body),
    COMMITTEE,
  ),
  candidateMutation(
    '/api/candidates/{id}/ceremony',
    'Record the admission ceremony',
    S.CeremonyBody,
    (ctx, id) => app.recordCeremony(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/appraisal',
    "Record the sub-committee's appraisal (cells with a sub-committee)",
    S.AppraisalBody,
    (ctx, id) => app.recordAppraisal(toActor(ctx.actor), id, ctx.body),
    READERS,
  ),
  candidateMutation(
    '/api/candidates/{id}/biography',
    'Record the verified party-member biography (probation)',
    S.BiographyBody,
    (ctx, id) => app.recordBiography(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/new-member-course',
    'Record the new-member course certificate (probation)',
    S.CertificateBody,
    (ctx, id) => app.recordNewMemberCourse(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation(
    '/api/candidates/{id}/probation-end',
    "Close the 12 months of probation (refused before the end date, by the server's day)",
    S.ProbationEndBody,
    (ctx, id) => app.completeProbationEnd(toActor(ctx.actor), id, { ...ctx.body, today: todayVn() }),
  ),
  candidateMutation(
    '/api/candidates/{id}/recognition',
    "Record the cell's recognition vote (2/3 of official members; at most 3 rounds)",
    S.RecognitionVoteBody,
    (ctx, id) => app.recordRecognitionVote(toActor(ctx.actor), id, ctx.body),
  ),
  candidateMutation('/api/candidates/{id}/withdraw', 'Withdraw the candidate', S.WithdrawBody, (ctx, id) =>
    app.withdraw(toActor(ctx.actor), id, ctx.body),
  ),
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/register.csv',
    kind: 'api',
    roles: READERS,
    summary: "The cell's register as CSV",
    tag: 'exports',
    produces: 'text/csv',
    async handler(c) {
      const ctx = authed(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const { registerCsv } = await import('./exports.ts');
      const csv = await registerCsv(ctx.actor, cellId, ctx.lang);
      return binary(Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8', `so-theo-doi-${cellId}.csv`);
    },
  }),
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/register.xlsx',
    kind: 'api',
    roles: READERS,
    summary: "The cell's register as XLSX",
    tag: 'exports',
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    async handler(c) {
      const ctx = authed(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const { registerXlsx } = await import('./exports.ts');
      const buf = await registerXlsx(ctx.actor, cellId, ctx.lang);
      return binary(
        buf,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        `so-theo-doi-${cellId}.xlsx`,
      );
    },
  }),
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/targets',
    kind: 'api',
    roles: READERS,
    summary: "A cell's targets for a period",
    tag: 'targets',
    query: S.PeriodQuery,
    async handler(c) {
      const ctx = authed<unknown, z.infer<typeof S.PeriodQuery>>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const period = ctx.query.period ?? String(new Date().getUTCFullYear());
      return json(200, await scoped(() => app.getTargets(toActor(ctx.actor), cellId, period)));
    },
  }),
  route({
    method: 'PUT',
    path: '/api/cells/{cellId}/targets',
    kind: 'api',
    roles: ['admin'],
    summary: "Set a cell's targets for a period",
    tag: 'targets',
    body: S.TargetsBody,
    async handler(c) {
      const ctx = authed<z.infer<typeof S.TargetsBody>, unknown>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      return json(200, await scoped(() => app.setTargets(toActor(ctx.actor), { ...ctx.body, cellId })));
    },
  }),
  route({
    method: 'GET',
    path: '/api/cells/{cellId}/progress',
    kind: 'api',
    roles: READERS,
    summary: "A cell's progress counters for a year",
    tag: 'targets',
    query: z.object({
      year: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
    }),
    async handler(c) {
      const ctx = authed<unknown, { year?: string }>(c);
      const cellId = pickCell(ctx.actor, ctx.params.cellId);
      const year = ctx.query.year ?? String(new Date().getUTCFullYear());
      return json(200, { items: await scoped(() => app.getProgress(toActor(ctx.actor), cellId, year)) });
    },
  }),
];

export { canSeeCell };
