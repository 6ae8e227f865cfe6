// The candidate page's checklists after the ceremony: the recognition dossier (10- … 13-KNĐ, which the
// ruleset needs before the vote), and the admission dossier kept as accepted instead of going stale.
import { describe, expect, it } from 'vitest';
import type { CandidateView } from '../../../shared/app/types.ts';
import {
  checklist,
  missingBeforeRecognitionVote,
  recognitionChecklist,
} from '../../../shared/web/checklist.ts';
import { allowedActions } from '../../../shared/web/ops.ts';
import { doc } from './fixtures.ts';

const cand = (o: Partial<CandidateView>): CandidateView =>
  ({
    id: 'c1',
    cellId: 'x',
    fullName: 'A',
    birthDate: '1990-01-01',
    stage: 'PROBATION',
    stageSince: '2025-01-01T00:00:00Z',
    version: 1,
    rulesetId: 'r2021',
    referredOn: '2023-11-01',
    ceremonyOn: '2024-01-10',
    probationEndsOn: '2025-01-10',
    introduction: { path: 'two-members', introducerMemberIds: ['m1', 'm2'] },
    waitingFor: 'probationEnd',
    ...o,
  }) as CandidateView;
const statuses = (items: { formCode: string; status: string }[]) =>
  Object.fromEntries(items.map((i) => [i.formCode, i.status]));

describe('the recognition dossier during probation', () => {
  it('10-, 11-, 12-KNĐ are needed before the vote; 13-KNĐ comes out of it', () => {
    const items = recognitionChecklist(cand({}), [doc('10-KNĐ', '2025-01-02T00:00:00Z')]);
    expect(statuses(items)).toEqual({
      '10-KNĐ': 'uploaded',
      '11-KNĐ': 'missing',
      '12-KNĐ': 'missing',
      '13-KNĐ': 'later',
    });
    expect(items.map((i) => i.beforeVote)).toEqual([true, true, true, false]);
    expect(missingBeforeRecognitionVote(items).map((i) => i.formCode)).toEqual(['11-KNĐ', '12-KNĐ']);
  });

  it('once official, the documents voted on are accepted and a missing resolution is missing', () => {
    const items = recognitionChecklist(cand({ stage: 'OFFICIAL' }), [
      doc('10-KNĐ', '2025-01-02T00:00:00Z'),
      doc('11-KNĐ', '2025-01-02T00:00:00Z'),
    ]);
    expect(statuses(items)).toMatchObject({ '10-KNĐ': 'accepted', '12-KNĐ': 'missing', '13-KNĐ': 'missing' });
  });

  it('the admission documents stay accepted after the ceremony (no longer stale), and expire before it', () => {
    const docs = [doc('5-KNĐ', '2023-11-05T00:00:00Z')];
    expect(statuses(checklist(cand({}), docs, '2025-02-01'))['5-KNĐ']).toBe('accepted');
    expect(
      statuses(checklist(cand({ stage: 'DOSSIER', ceremonyOn: undefined }), docs, '2025-02-01'))['5-KNĐ'],
    ).toBe('expired');
  });

  it('the secretary may upload in every probation stage, not the committee', () => {
    for (const stage of [
      'AWAITING_BIOGRAPHY',
      'AWAITING_NEW_MEMBER_COURSE',
      'PROBATION',
      'AWAITING_RECOGNITION',
      'AWAITING_SUPERIOR',
    ] as const) {
      expect(allowedActions(cand({ stage }), 'secretary', '2024-06-01'), stage).toContain('upload');
      expect(allowedActions(cand({ stage }), 'committee', '2024-06-01'), stage).not.toContain('upload');
    }
    expect(allowedActions(cand({ stage: 'OFFICIAL' }), 'admin')).toEqual([]);
  });
});
