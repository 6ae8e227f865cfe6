// Maps any thrown error to a safe HttpError: our own, zod's, or the application services' errors.
// Anything unknown becomes `internal` (500) and is logged with an error id, never shown.
import * as z from 'zod';
import { formatZodError } from '../schemas/errors.ts';
import { type ErrorCode, HttpError } from './http.ts';
import type { Lang } from './lang.ts';

export interface SafeIssue {
  path: string;
  message: string;
}

/** Known error names/codes from shared/app and shared/domain, mapped to a status and a stable code. */
const BY_NAME: Record<string, [number, ErrorCode]> = {
  NotFoundError: [404, 'not_found'],
  // a cell never learns that another cell's candidate exists: forbidden-by-scope answers 404
  ScopeError: [404, 'not_found'],
  OutOfScopeError: [404, 'not_found'],
  ForbiddenError: [403, 'forbidden'],
  AccessDeniedError: [403, 'forbidden'],
  ConflictError: [409, 'conflict'],
  VersionConflictError: [409, 'conflict'],
  ConcurrencyError: [409, 'conflict'],
  TransactionCanceledException: [409, 'conflict'],
  ConditionalCheckFailedException: [409, 'conflict'],
  RuleViolationError: [422, 'rule_violation'],
  RuleViolation: [422, 'rule_violation'],
  DomainError: [422, 'rule_violation'],
  InvalidTransitionError: [422, 'rule_violation'],
  StageError: [422, 'rule_violation'],
  ValidationError: [400, 'validation_failed'],
  UploadRejectedError: [422, 'upload_invalid'],
  UploadError: [422, 'upload_invalid'],
  LinkExpiredError: [410, 'link_expired'],
  LinkConsumedError: [409, 'link_used'],
  LinkUsedError: [409, 'link_used'],
  LinkNotFoundError: [404, 'link_invalid'],
};

const BY_CODE: Record<string, [number, ErrorCode]> = {
  // shared/app AppError codes
  INVALID: [400, 'validation_failed'],
  WRONG_STAGE: [409, 'wrong_stage'],
  BLOCKED: [422, 'blocked'],
  NOT_FOUND: [404, 'not_found'],
  not_found: [404, 'not_found'],
  FORBIDDEN: [403, 'forbidden'],
  forbidden: [403, 'forbidden'],
  OUT_OF_SCOPE: [404, 'not_found'],
  CONFLICT: [409, 'conflict'],
  conflict: [409, 'conflict'],
  VERSION_CONFLICT: [409, 'conflict'],
  RULE_VIOLATION: [422, 'rule_violation'],
  rule_violation: [422, 'rule_violation'],
  INVALID_TRANSITION: [422, 'rule_violation'],
  VALIDATION: [400, 'validation_failed'],
  validation_failed: [400, 'validation_failed'],
  LINK_EXPIRED: [410, 'link_expired'],
  link_expired: [410, 'link_expired'],
  LINK_USED: [409, 'link_used'],
  LINK_CONSUMED: [409, 'link_used'],
  link_used: [409, 'link_used'],
  LINK_NOT_FOUND: [404, 'link_invalid'],
  UPLOAD_INVALID: [422, 'upload_invalid'],
  upload_invalid: [422, 'upload_invalid'],
};

/** zod issues with messages in the request's language: ours (vi/en JSON) or the team's catalogue (shared/schemas). */
export function zodIssues(err: z.ZodError, lang: Lang): SafeIssue[] {
  const formatted = formatZodError(err, lang).details;
  return err.issues.slice(0, 20).map((i, n) => ({
    path: i.path.map(String).join('.'),
    message: i.message.startsWith('{') ? localizeMessage(i.message, lang) : (formatted[n]?.message ?? ''),
  }));
}

/**
 * A message may be a plain string, or carry both languages as "vi message | en message" or a JSON
 * object {"vi": ..., "en": ...}; pick the request's language.
 */
export function localizeMessage(message: unknown, lang: Lang): string {
  if (message && typeof message === 'object') {
    const m = message as Record<string, unknown>;
    const v = m[lang] ?? m.vi;
    return typeof v === 'string' ? v : '';
  }
  const s = String(message ?? '');
  if (s.startsWith('{')) {
    try {
      return localizeMessage(JSON.parse(s), lang);
    } catch {
      /* plain text */
    }
  }
  return s;
}

/** A localized, user-safe message that a domain/app error may carry. */
function safeMessage(err: Record<string, unknown>, lang: Lang): string | undefined {
  const m = err.messages ?? err.i18n ?? err.localized;
  if (m && typeof m === 'object') {
    const s = (m as Record<string, unknown>)[lang] ?? (m as Record<string, unknown>).vi;
    if (typeof s === 'string') return s;
  }
  const byLang = err[lang === 'en' ? 'messageEn' : 'messageVi'];
  if (typeof byLang === 'string') return byLang;
  return undefined;
}

export function toHttpError(err: unknown, lang: Lang): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof z.ZodError)
    return new HttpError(400, 'validation_failed', { issues: zodIssues(err, lang) }, { cause: err });
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name : '';
    const code = typeof e.code === 'string' ? e.code : '';
    const mapped = BY_NAME[name] ?? BY_CODE[code];
    if (mapped) {
      const message = mapped[0] < 500 ? safeMessage(e, lang) : undefined;
      const det = (e.details ?? {}) as Record<string, unknown>;
      const issues = Array.isArray(e.issues)
        ? (e.issues as unknown[])
        : Array.isArray(det.issues)
          ? (det.issues as unknown[])
          : Array.isArray(e.details)
            ? (e.details as unknown[])
            : undefined;
      const details =
        message || issues
          ? {
              ...(message ? { message } : {}),
              ...(issues
                ? {
                    issues: issues.slice(0, 20).map((i) => {
                      const o = (i ?? {}) as Record<string, unknown>;
                      return {
                        path: Array.isArray(o.path) ? o.path.map(String).join('.') : String(o.path ?? ''),
                        message: localizeMessage(o.message, lang),
                      };
                    }),
                  }
                : {}),
            }
          : undefined;
      return new HttpError(mapped[0], mapped[1], details, { cause: err });
    }
  }
  return new HttpError(500, 'internal', undefined, { cause: err });
}
