import { describe, expect, it } from 'vitest';
import type { CandidateView } from '../../../shared/app/types.ts';
import { checklist } from '../../../shared/web/checklist.ts';
import { h, raw } from '../../../shared/web/http.ts';
import { allowedActions } from '../../../shared/web/ops.ts';
import { dayOf, intOf } from '../../../shared/web/pages/common.ts';
import { doc } from './fixtures.ts';

const cand = (o: Partial<CandidateView> = {}): CandidateView =>
  ({
    id: 'c1',
    cellId: 'x',
    fullName: 'A',
    birthDate: '1990-01-01',
    stage: 'DOSSIER',
    stageSince: '2024-01-01T00:00:00Z',
    version: 1,
    rulesetId: 'r2021',
    referredOn: '2024-01-01',
    introduction: { path: 'union-plus-member', introducerMemberIds: ['m1'] },
    waitingFor: 'dossier',
    ...o,
  }) as CandidateView;

describe('one checklist line per introducer', () => {
  it('names each 3-KNĐ line by its introducer; one letter does not stand for the other; a withdrawn file does not count', () => {
    const c = cand({
      introduction: { path: 'two-members', introducerMemberIds: ['m1', 'm2'] },
      introducers: [
        { memberId: 'm1', fullName: 'Nguyễn Văn An' },
        { memberId: 'm2', fullName: 'Trần Thị Bình' },
      ],
    });
    const letter = { ...doc('3-KNĐ', '2025-05-01T00:00:00Z'), introducerMemberId: 'm1' };
    const wrong = {
      ...doc('1-KNĐ', '2025-05-02T00:00:00Z'),
      withdrawn: { at: '2025-05-02T01:00:00Z', by: 'u' },
    };
    const items = checklist(c, [letter, wrong], '2025-06-01');
    const letters = items.filter((i) => i.formCode === '3-KNĐ');
    expect(letters.map((i) => [i.introducer?.fullName, i.status])).toEqual([
      ['Nguyễn Văn An', 'uploaded'],
      ['Trần Thị Bình', 'missing'],
    ]);
    const application = items.find((i) => i.formCode === '1-KNĐ');
    expect(application?.status).toBe('missing');
    expect(application?.documents).toHaveLength(1);
    expect(application?.counts).toBeUndefined();
    // the cell's resolution and the decision come out of later steps
    expect(items.find((i) => i.formCode === '6-KNĐ')?.status).toBe('later');
    expect(items.find((i) => i.formCode === '9-KNĐ')?.status).toBe('later');
  });
});

describe('dossier checklist', () => {
  it('marks each form missing, uploaded, expired (the ruleset’s 12 months of a summary of comments; the certificate’s 60 months from issue) or accepted', () => {
    const today = '2025-06-01';
    const items = checklist(
      cand({ course: { certificateNo: '1', issuedOn: '2019-01-01' } }),
      [
        doc('1-KNĐ', '2025-05-01T00:00:00Z'),
        { ...doc('5-KNĐ', '2024-03-01T00:00:00Z'), signedOn: '2024-03-01' },
        doc('CN-NTVĐ', '2025-05-01T00:00:00Z'),
      ],
      today,
    );
    const by = Object.fromEntries(items.map((i) => [i.formCode, i.status]));
    expect(by['1-KNĐ']).toBe('uploaded');
    expect(by['5-KNĐ']).toBe('expired');
    expect(by['CN-NTVĐ']).toBe('expired');
    expect(by['2-KNĐ']).toBe('missing');
    const later = checklist(
      cand({ stage: 'AWAITING_DECISION' }),
      [doc('1-KNĐ', '2025-05-01T00:00:00Z')],
      today,
    );
    expect(later.find((i) => i.formCode === '1-KNĐ')?.status).toBe('accepted');
    // two introducing members: no trade-union resolution is expected
    const two = checklist(
      cand({ introduction: { path: 'two-members', introducerMemberIds: ['a', 'b'] } }),
      [],
      today,
    );
    expect(two.map((i) => i.formCode)).not.toContain('4A-KNĐ');
  });
});

describe('actions by stage and role', () => {
  it('the secretary records steps, the committee decides', () => {
    expect(allowedActions(cand({ stage: 'AWAITING_CELL_VOTE' }), 'secretary')).toEqual([
      'upload',
      'vote',
      'withdraw',
    ]);
    expect(allowedActions(cand({ stage: 'AWAITING_DECISION' }), 'secretary')).not.toContain('decision');
    expect(allowedActions(cand({ stage: 'AWAITING_DECISION' }), 'committee')).toEqual(['decision']);
    expect(allowedActions(cand({ stage: 'OFFICIAL' }), 'admin')).toEqual([]);
  });
});

describe('small helpers', () => {
  it('form dates accept dd/mm/yyyy; numbers parse strictly', () => {
    expect(dayOf('5/1/2024')).toBe('2024-01-05');
    expect(dayOf('2024-01-05')).toBe('2024-01-05');
    expect(intOf('12')).toBe(12);
    expect(intOf('1e3')).toBe('1e3');
    expect(intOf('')).toBeUndefined();
  });

  it('templates escape everything but explicitly raw HTML', () => {
    expect(h`<p>${'<script>"x"</script>'}</p>`.html).toBe(
      '<p>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</p>',
    );
    expect(h`<p>${raw('<b>ok</b>')}${['<i>', raw('<u>')]}</p>`.html).toBe('<p><b>ok</b>&lt;i&gt;<u></p>');
  });
});
