// Where the secretary meets the papers on the candidate's page: the card lists what the record allows now (the
// recognition papers after the recognition vote too), and a checklist line links its drafts only while open.
import { describe, expect, it } from 'vitest';
import type { CandidateView } from '../../../shared/app/types.ts';
import { checklistDraftLinks, draftsCard } from '../../../shared/web/drafts-links.ts';

const cand = {
  id: 'c9',
  cellId: 'x',
  fullName: 'Võ Thị Sáu',
  birthDate: '1990-01-01',
  stage: 'OFFICIAL',
  stageSince: '2025-05-01T00:00:00Z',
  version: 20,
  rulesetId: 'r2021',
  referredOn: '2023-01-01',
  introduction: { path: 'two-members', introducerMemberIds: ['a', 'b'] },
  cellVote: { meetingOn: '2024-03-15', yes: 8, no: 1, denominator: 9, form: 'ballot', passed: true },
  ceremonyOn: '2024-04-02',
  probationEndsOn: '2025-04-02',
  recognitionRounds: [
    { meetingOn: '2025-04-10', yes: 5, no: 4, denominator: 9, form: 'ballot', passed: false, round: 1 },
    { meetingOn: '2025-04-24', yes: 9, no: 0, denominator: 9, form: 'cards', passed: true, round: 2 },
  ],
  waitingFor: null,
} as CandidateView;

const codes = (html: string) => [...html.matchAll(/data-draft="([^"]+)"/g)].map((m) => m[1]);

describe('drafts on the candidate page', () => {
  it('after the recognition vote the card offers its minutes and 13-KNĐ, and says so', () => {
    const html = String(draftsCard(cand, 'vi'));
    expect(codes(html)).toEqual(['BIA-HS', 'BB-KND', '6-KND', '9-KND', 'BB-CN', '13-KND']);
    expect(html).toContain(
      'Chi bộ đã biểu quyết ngày 24/04/2025: biên bản và nghị quyết 13-KNĐ đã sẵn sàng để in.',
    );
    expect(String(draftsCard(cand, 'en'))).toContain(
      'the minutes and the 13-KNĐ resolution are ready to print',
    );
  });

  it('a checklist line links its drafts while open, with the way to upload for whoever may; closed, nothing', () => {
    const open = String(checklistDraftLinks(cand, '13-KNĐ', true, true, 'vi'));
    expect(codes(open)).toEqual(['BB-CN', '13-KND']);
    expect(open).toContain('href="?form=13-KN%C4%90#upload-form"');
    expect(String(checklistDraftLinks(cand, '13-KNĐ', true, false, 'vi'))).not.toContain('#upload-form');
    expect(checklistDraftLinks(cand, '13-KNĐ', false, true, 'vi')).toBe('');
    expect(checklistDraftLinks(cand, '10-KNĐ', true, true, 'vi')).toBe('');
    const failed = { ...cand, recognitionRounds: cand.recognitionRounds?.slice(0, 1) } as CandidateView;
    expect(checklistDraftLinks(failed, '13-KNĐ', true, true, 'vi')).toBe('');
    expect(String(draftsCard(failed, 'vi'))).toContain('biên bản cuộc họp đã sẵn sàng');
  });

  it('escapes what it prints', () => {
    const html = String(draftsCard({ ...cand, id: 'c"><script>' } as CandidateView, 'vi'));
    expect(html).not.toContain('"><script>');
  });
});
