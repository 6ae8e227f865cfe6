// Shared builders of the web unit tests.
import type { DocumentView } from '../../../shared/app/types.ts';

/** An accepted PDF of `formCode` uploaded at `uploadedAt`. */
export const doc = (formCode: string, uploadedAt: string): DocumentView => ({
  docId: `d-${formCode}-${uploadedAt}`,
  formCode,
  fileName: 'x.pdf',
  contentType: 'application/pdf',
  size: 1,
  sha256: '0',
  uploadedAt,
  uploadedBy: 'u',
});
