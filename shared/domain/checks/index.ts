export * from './ceremony.ts';
export * from './documents.ts';
export * from './eligibility.ts';
export * from './introducers.ts';
export * from './ready.ts';
export * from './recognition.ts';
export * from './votes.ts';
