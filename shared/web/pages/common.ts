// Helpers of the server-rendered pages: the page response, form fields, form routes with CSRF and errors.
import type * as z from 'zod';
import type { Role } from '../auth.ts';
import { csrfToken, csrfValid, sessionCsrfSubject } from '../auth.ts';
import { toHttpError } from '../errors.ts';
import { type ApiResult, HttpError, h, html, type Raw, raw, redirect } from '../http.ts';
import { layout } from '../layout.ts';
import type { AnyRoute, AuthedContext, RouteContext } from '../router.ts';
import { parseWith, route } from '../router.ts';

export function page(
  ctx: RouteContext,
  title: string,
  body: Raw,
  opts: { status?: number; scripts?: Raw } = {},
): ApiResult {
  return html(
    opts.status ?? 200,
    layout({
      lang: ctx.lang,
      title,
      actor: ctx.actor,
      path: ctx.path,
      body,
      ...(opts.scripts ? { scripts: opts.scripts } : {}),
    }),
  );
}

export const sessionCsrf = (ctx: AuthedContext) => csrfToken('session', sessionCsrfSubject(ctx.actor));
export const csrfField = (ctx: AuthedContext) =>
  h`<input type="hidden" name="_csrf" value="${sessionCsrf(ctx)}">`;

export interface FieldOpts {
  type?: string;
  required?: boolean;
  value?: string | undefined;
  min?: string;
  max?: string;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
}

export function field(name: string, label: string, o: FieldOpts = {}): Raw {
  const id = `f-${name}`;
  return h`<label for="${id}">${label}${o.required ? raw(' <span aria-hidden="true">*</span>') : ''}</label>
<input id="${id}" name="${name}" type="${o.type ?? 'text'}"${raw(o.required ? ' required' : '')} value="${o.value ?? ''}"${o.min !== undefined ? h` min="${o.min}"` : ''}${o.max !== undefined ? h` max="${o.max}"` : ''}${o.autocomplete ? h` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? h` inputmode="${o.inputmode}"` : ''}>`;
}

export function select(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  value?: string,
  required = false,
): Raw {
  const id = `f-${name}`;
  return h`<label for="${id}">${label}</label><select id="${id}" name="${name}"${raw(required ? ' required' : '')}>
${options.map((o) => h`<option value="${o.value}"${raw(o.value === value ? ' selected' : '')}>${o.label}</option>`)}
</select>`;
}

export function radios(
  name: string,
  legend: string,
  options: { value: string; label: string }[],
  value?: string,
): Raw {
  return h`<fieldset class="radio"><legend>${legend}</legend>
${options.map(
  (o, i) =>
    h`<div><input type="radio" id="f-${name}-${i}" name="${name}" value="${o.value}"${raw(o.value === value ? ' checked' : '')}><label for="f-${name}-${i}">${o.label}</label></div>`,
)}</fieldset>`;
}

export function errorBox(ctx: RouteContext, err: HttpError | undefined): Raw {
  if (!err) return raw('');
  const t = ctx.t;
  const d = (err.details ?? {}) as { message?: string; issues?: { path: string; message: string }[] };
  const message = d.message ?? t(`err.${err.code}` as Parameters<typeof t>[0]);
  return h`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p><strong>${t('form.errors')}</strong> ${message}</p>
${d.issues?.length ? h`<ul>${d.issues.map((i) => h`<li>${i.message}</li>`)}</ul>` : ''}</div>`;
}

/** dd/mm/yyyy or yyyy-mm-dd → yyyy-mm-dd (anything else is passed through for zod to refuse). */
export function dayOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  // an empty date field is a missing one ("required"), not a badly written one
  if (s === '') return undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
  return s;
}
export function intOf(v: unknown): unknown {
  if (typeof v !== 'string' || v.trim() === '') return v === '' ? undefined : v;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}
export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export type FormValues = Record<string, string | string[]>;

/**
 * A GET page with a form and its POST: CSRF check, map the form fields to the API input, validate with the
 * API's zod schema, call, then redirect (PRG). A refused input re-renders the form with the errors.
 */
export function formRoutes<I>(o: {
  path: string;
  roles: readonly Role[];
  summary: string;
  schema: z.ZodType<I>;
  /** load what the form needs (and check the scope) */
  load?: (ctx: AuthedContext) => Promise<unknown>;
  render: (
    ctx: AuthedContext,
    data: unknown,
    values: FormValues,
    err?: HttpError,
  ) => Promise<{ title: string; body: Raw; scripts?: Raw }>;
  toInput: (values: FormValues, ctx: AuthedContext, data: unknown) => unknown;
  /** returns where to go next; may throw HttpError/AppError for a refused input */
  submit: (ctx: AuthedContext, input: I, data: unknown) => Promise<string | ApiResult>;
}): AnyRoute[] {
  const show = async (ctx: AuthedContext, data: unknown, values: FormValues, err?: HttpError) => {
    const r = await o.render(ctx, data, values, err);
    return page(ctx, r.title, r.body, {
      status: err ? err.status : 200,
      ...(r.scripts ? { scripts: r.scripts } : {}),
    });
  };
  return [
    route({
      method: 'GET',
      path: o.path,
      kind: 'page',
      roles: o.roles,
      summary: o.summary,
      async handler(c) {
        const ctx = c as AuthedContext;
        const data = o.load ? await o.load(ctx) : undefined;
        return show(ctx, data, {});
      },
    }),
    route({
      method: 'POST',
      path: o.path,
      kind: 'page',
      roles: o.roles,
      summary: o.summary,
      form: true,
      async handler(c) {
        const ctx = c as AuthedContext;
        // scope first (another cell's candidate is 404 whatever the token), then the CSRF token
        const data = o.load ? await o.load(ctx) : undefined;
        if (!csrfValid(ctx.form._csrf, 'session', sessionCsrfSubject(ctx.actor)))
          throw new HttpError(403, 'csrf_invalid');
        try {
          const input = parseWith(o.schema, o.toInput(ctx.form, ctx, data));
          const next = await o.submit(ctx, input, data);
          return typeof next === 'string' ? redirect(next) : next;
        } catch (e) {
          const err = toHttpError(e, ctx.lang);
          if (err.status >= 500 || err.status === 404 || err.status === 401) throw e;
          return show(ctx, data, ctx.form, err);
        }
      },
    }),
  ];
}

export const val = (values: FormValues, k: string): string | undefined => {
  const v = values[k];
  return Array.isArray(v) ? v[0] : v;
};
