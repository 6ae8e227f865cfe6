// The cell's papers drafted from a candidate's record, as DOCX to print, sign, scan and upload back
// (docs/rules.md#form-practice). A read: nothing is recorded. Scoped like every candidate route (another cell's
// candidate is a 404); the DOCX library loads on the first request that needs it, never at a cold start.
import { getItem } from '../adapters/repository.ts';
import { keys } from '../adapters/table.ts';
import * as app from '../app/index.ts';
import { DOCX_TYPE, DRAFTS, draftByCode, draftFileName, unavailableReason } from '../drafts/catalogue.ts';
import type { DraftCell } from '../drafts/record.ts';
import { binary, HttpError, notFound } from './http.ts';
import { canSeeCell, scoped, toActor } from './ops.ts';
import type { AnyRoute, AuthedContext } from './router.ts';
import { route } from './router.ts';

const READERS = ['secretary', 'committee', 'admin'] as const;

/** The cell as the papers name it: its name, its members, where it sits (for the list of documents). */
async function draftCell(cellId: string): Promise<DraftCell> {
  const item = await getItem(keys.cell(cellId));
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const official = n(item?.officialMembers);
  const probationary = n(item?.probationaryMembers);
  return {
    cellId,
    name: typeof item?.name === 'string' ? item.name : '',
    ...(official !== undefined ? { officialMembers: official } : {}),
    ...(probationary !== undefined ? { probationaryMembers: probationary } : {}),
    hasSubCommittee: item?.hasSubCommittee === true,
    hasGrassrootsCommittee: item?.hasGrassrootsCommittee === true,
  };
}

export const draftRoutes: AnyRoute[] = [
  route({
    method: 'GET',
    path: '/api/candidates/{id}/drafts/{formCode}',
    kind: 'api',
    roles: READERS,
    summary: `A paper drafted from the candidate's record, as DOCX (${DRAFTS.map((d) => d.code).join(', ')})`,
    tag: 'exports',
    produces: DOCX_TYPE,
    async handler(c) {
      const ctx = c as AuthedContext;
      const record = await scoped(() => app.candidateRecord(toActor(ctx.actor), ctx.params.id as string));
      const cand = record.candidate;
      if (!canSeeCell(ctx.actor, cand.cellId)) throw notFound();
      // the router has decoded the segment and admits ASCII only: the codes are ASCII ('6-KND'; '6-knd' too)
      const spec = draftByCode(ctx.params.formCode ?? '');
      if (!spec) {
        const codes = DRAFTS.map((d) => d.code).join(', ');
        throw new HttpError(404, 'not_found', {
          message: ctx.t('drafts.unknown', { codes }),
        });
      }
      const reason = unavailableReason(spec.id, cand);
      if (reason) throw new HttpError(409, 'wrong_stage', { message: reason[ctx.lang] });
      const cell = await draftCell(cand.cellId);
      const { renderDraft } = await import('../drafts/render.ts');
      const docx = await renderDraft(spec.id, { candidate: cand, cell, documents: record.documents });
      return binary(docx, DOCX_TYPE, draftFileName(spec, cand));
    },
  }),
];
