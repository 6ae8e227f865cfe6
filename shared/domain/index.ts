/**
 * ketnap domain: the admission rules as pure TypeScript (no AWS, no I/O).
 *
 * Dates are 'YYYY-MM-DD' calendar dates in Viet Nam (see date.ts); working days follow calendar.ts; every
 * number comes from a versioned Ruleset (ruleset.ts) recorded on the dossier.
 */
export * from './calendar.ts';
export * from './checks/index.ts';
export * from './committee.ts';
export * from './date.ts';
export * from './deadlines.ts';
export * from './findings.ts';
export * from './forms.ts';
export * from './lunar.ts';
export * from './names.ts';
export * from './pool.ts';
export * from './ruleset.ts';
export * from './stages.ts';
export * from './targets.ts';
export * from './types.ts';
