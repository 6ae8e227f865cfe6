/** Turn a ZodError into one clear, translated error: { code, message, fields, details }. */
import type * as z from 'zod';
import { hasMessage, type Lang, message, t } from '../i18n/lookup.ts';
// the validation texts only: the workflow functions start without the pages' catalogue
import '../i18n/messages/validation.ts';

export interface FieldError {
  field: string;
  message: string;
}

export interface ValidationError {
  code: 'VALIDATION_FAILED';
  /** All problems in one sentence, Vietnamese by default. */
  message: string;
  /** Dotted paths of the fields involved, e.g. 'introducers.0.signedOn'. */
  fields: string[];
  details: FieldError[];
}

type Issue = z.core.$ZodIssue;

function issueMessage(issue: Issue, lang: Lang): string {
  if (hasMessage(issue.message)) {
    const params = (issue as { params?: Record<string, string | number> }).params ?? {};
    return message(lang, issue.message, { max: 20, ...params });
  }
  switch (issue.code) {
    case 'invalid_type':
      if (('input' in issue && issue.input === undefined) || / received undefined$/.test(issue.message)) {
        return t(lang, 'v.required');
      }
      return issue.expected === 'int' ? t(lang, 'v.int') : t(lang, 'v.type');
    case 'too_small':
      return t(
        lang,
        `v.${issue.origin === 'array' ? 'array' : issue.origin === 'string' ? 'string' : 'number'}.min`,
        {
          min: Number(issue.minimum),
        },
      );
    case 'too_big':
      return t(
        lang,
        `v.${issue.origin === 'array' ? 'array' : issue.origin === 'string' ? 'string' : 'number'}.max`,
        {
          max: Number(issue.maximum),
        },
      );
    case 'invalid_value':
      return t(lang, 'v.enum', { values: issue.values.map(String).join(', ') });
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return t(lang, 'v.enum', { values: (issue.options as unknown[]).map(String).join(', ') });
      }
      return t(lang, 'v.invalid');
    case 'invalid_format':
      return t(lang, 'v.format');
    case 'unrecognized_keys':
      return t(lang, 'v.unknown_keys', { keys: issue.keys.join(', ') });
    default:
      return t(lang, 'v.invalid');
  }
}

function label(path: readonly PropertyKey[], lang: Lang): string {
  const named = [...path].reverse().find((p) => typeof p === 'string' && hasMessage(`field.${p}`));
  if (named !== undefined) return message(lang, `field.${String(named)}`);
  // never a field path in a message a person reads: the path stays in the issue's own field
  return t(lang, 'v.input');
}

export function formatZodError(error: z.ZodError, lang: Lang = 'vi'): ValidationError {
  const details: FieldError[] = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: `${label(issue.path, lang)}: ${issueMessage(issue, lang)}`,
  }));
  const fields = [...new Set(details.map((d) => d.field))];
  return {
    code: 'VALIDATION_FAILED',
    message: `${t(lang, 'error.validation')}. ${details.map((d) => d.message).join('; ')}`,
    fields,
    details,
  };
}
