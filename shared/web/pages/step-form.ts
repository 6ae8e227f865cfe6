// The frame of a step's form: the candidate, the errors, CSRF, the expected version, Save and Cancel.
import type * as z from 'zod';
import type { CandidateItem } from '../../adapters/repository.ts';
import type { CandidateView } from '../../app/types.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { h, type Raw } from '../http.ts';
import { todayVn } from '../lang.ts';
import { loadForStep, SECRETARY_ROLES, scoped } from '../ops.ts';
import type { AnyRoute, AuthedContext } from '../router.ts';
import { csrfField, errorBox, type FormValues, formRoutes, intOf, val } from './common.ts';

const SECRETARY = SECRETARY_ROLES;
const _READERS = ['secretary', 'committee', 'admin'] as const;

// ---- forms ------------------------------------------------------------------------------------------------------

/** What a step's form read for this request: the candidate's view and item, and the form's own extra. */
export type StepRead = { cand: CandidateView; item: CandidateItem; extra: unknown };

const back = (ctx: AuthedContext, id: string) => h`<a href="/candidates/${id}">${ctx.t('form.cancel')}</a>`;

export function stepForm<I>(o: {
  action: string;
  titleKey: MessageKey | ((cand: CandidateView) => MessageKey);
  schema: z.ZodType<I>;
  fields: (ctx: AuthedContext, cand: CandidateView, v: FormValues, extra: unknown) => Raw | Promise<Raw>;
  toInput: (v: FormValues, cand: CandidateView, extra: unknown) => unknown;
  /**
   * Takes the step. `read` is the candidate as this request read it: `read.item` goes down to the step
   * function (its `from`), which then does not read it again.
   */
  call: (ctx: AuthedContext, id: string, input: I, read: StepRead) => Promise<unknown>;
  extra?: (cand: CandidateView) => Promise<unknown>;
  scripts?: Raw;
  roles?: readonly ('secretary' | 'committee' | 'admin')[];
  /** the submit button's label (default: Save) */
  submitKey?: MessageKey;
}): AnyRoute[] {
  return formRoutes<I>({
    path: `/candidates/{id}/${o.action}`,
    roles: o.roles ?? SECRETARY,
    summary: `Form: ${o.action}`,
    schema: o.schema,
    async load(ctx): Promise<StepRead> {
      const { view: cand, item } = await loadForStep(ctx.actor, ctx.params.id as string);
      return { cand, item, extra: o.extra ? await o.extra(cand) : undefined };
    },
    async render(ctx, data, values, err) {
      const { cand, extra } = data as { cand: CandidateView; extra: unknown };
      const title = ctx.t(typeof o.titleKey === 'function' ? o.titleKey(cand) : o.titleKey);
      return {
        title,
        body: h`<p><a href="/candidates/${cand.id}">${cand.fullName}</a> · ${ctx.t.dyn(`stage.${cand.stage}`)}</p>
${errorBox(ctx, err)}
<form method="post" class="card" novalidate>${csrfField(ctx)}
<input type="hidden" name="expectedVersion" value="${cand.version}">
${await o.fields(ctx, cand, values, extra)}
<div><button type="submit">${ctx.t(o.submitKey ?? 'form.save')}</button> ${back(ctx, cand.id)}</div></form>`,
        ...(o.scripts ? { scripts: o.scripts } : {}),
      };
    },
    toInput(values, _ctx, data) {
      const { cand, extra } = data as { cand: CandidateView; extra: unknown };
      const input = o.toInput(values, cand, extra) as Record<string, unknown>;
      const ev = intOf(val(values, 'expectedVersion'));
      return typeof ev === 'number' ? { ...input, expectedVersion: ev } : input;
    },
    async submit(ctx, input, data) {
      const id = ctx.params.id as string;
      await scoped(() => o.call(ctx, id, input, data as StepRead));
      return `/candidates/${id}`;
    },
  });
}

/** The superior committee decides after three recognition rounds without 2/3. */
export const isSuperior = (cand: CandidateView) => cand.waitingFor === 'superior';

export const today = () => todayVn();
