/** zod schemas for every input the API takes, and the translated error format. */
export * from './candidate.ts';
export * from './common.ts';
export * from './document.ts';
export * from './errors.ts';
export * from './process.ts';
