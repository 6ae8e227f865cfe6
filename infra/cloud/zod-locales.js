// Stands in for zod's `v4/locales/index.js` in the Lambda bundles (see infra/cloud/bundle.ts): English only.
export { default as en } from 'zod/v4/locales/en.js';
