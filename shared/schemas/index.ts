/** The building blocks shared by the input schemas (a person's name, a file name) and the translated error format. */
export * from './common.ts';
export * from './document.ts';
export * from './errors.ts';
