// The cell's paperwork drafted from its records (docs/rules.md#form-practice). Import the catalogue freely;
// import render.ts with `import()` only, so the DOCX library stays out of a cold start.
export * from './catalogue.ts';
export type { DraftCell, DraftRecord } from './record.ts';
