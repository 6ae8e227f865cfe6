/** Structured results of the checks: what is wrong, how bad, in both languages, and which fields. */

import type { Lang } from './lang.ts';

export type { Lang };

export interface LocalizedText {
  vi: string;
  en: string;
}

export type Severity = 'block' | 'warn';

export interface Finding {
  /** Stable machine code, e.g. 'AGE_UNDER_MIN'. */
  code: string;
  severity: Severity;
  message: LocalizedText;
  /** The input fields involved (dotted paths, e.g. 'introducers.0.signedOn'). */
  fields: string[];
}

export function finding(
  code: string,
  severity: Severity,
  vi: string,
  en: string,
  fields: string[] = [],
): Finding {
  return { code, severity, message: { vi, en }, fields };
}

export const block = (code: string, vi: string, en: string, fields: string[] = []): Finding =>
  finding(code, 'block', vi, en, fields);

export const warn = (code: string, vi: string, en: string, fields: string[] = []): Finding =>
  finding(code, 'warn', vi, en, fields);

/** True when no finding blocks. */
export const passes = (findings: readonly Finding[]): boolean =>
  findings.every((f) => f.severity !== 'block');

export const blocking = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.severity === 'block');

/** Format a date 'YYYY-MM-DD' as Vietnamese 'DD/MM/YYYY' for messages. */
export const viDate = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
