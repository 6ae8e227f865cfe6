// The papers' catalogue without the DOCX library: codes as a URL or a secretary writes them, which papers a
// record allows, the ASCII file name, and the wording helpers (dates as the Party writes them, percentages).
import { describe, expect, it } from 'vitest';
import type { CandidateView } from '../../../shared/app/types.ts';
import {
  asciiName,
  availableDrafts,
  draftByCode,
  draftFileName,
  draftsForForm,
} from '../../../shared/drafts/catalogue.ts';
import { cellName, partyDate, percent, shortDate } from '../../../shared/drafts/record.ts';

const base = {
  id: 'c1',
  cellId: 'x',
  fullName: 'Đặng Thị Ánh Tuyết',
  birthDate: '2000-01-09',
  stage: 'AWAITING_CELL_VOTE',
  stageSince: '2024-01-01T00:00:00Z',
  version: 1,
  rulesetId: 'r2021',
  referredOn: '2023-01-01',
  introduction: { path: 'two-members', introducerMemberIds: ['a', 'b'] },
  waitingFor: 'cellVote',
} as CandidateView;
const vote = { meetingOn: '2024-03-15', yes: 33, no: 16, denominator: 49, form: 'ballot' as const };

describe('drafts catalogue', () => {
  it('finds a paper by its code in any spelling, and nothing else', () => {
    expect(draftByCode('6-KNĐ')?.id).toBe('admission-resolution');
    expect(draftByCode('6-knd')?.id).toBe('admission-resolution');
    expect(draftByCode('13-KND')?.id).toBe('recognition-resolution');
    expect(draftByCode('bia-hs')?.id).toBe('cover');
    for (const bad of ['', '6', '1-KNĐ', '../6-KND', 'BIA-HS-X']) expect(draftByCode(bad)).toBeUndefined();
  });

  it('offers the cover at any time, the vote papers after the vote, by its outcome', () => {
    expect(availableDrafts(base).map((d) => d.code)).toEqual(['BIA-HS']);
    const passed = {
      ...base,
      stage: 'AWAITING_DECISION',
      cellVote: { ...vote, passed: true },
    } as CandidateView;
    expect(availableDrafts(passed).map((d) => d.code)).toEqual(['BIA-HS', 'BB-KND', '6-KND', '9-KND']);
    const failed = { ...passed, cellVote: { ...vote, yes: 32, passed: false } } as CandidateView;
    expect(availableDrafts(failed).map((d) => d.code)).toEqual(['BIA-HS', 'BB-KND', 'BC-KND']);
    expect(draftsForForm(passed, '6-KNĐ').map((d) => d.code)).toEqual(['BB-KND', '6-KND']);
    expect(draftsForForm(failed, '6-KNĐ')).toEqual([]);
    expect(draftsForForm(passed, '1-KNĐ')).toEqual([]);
    expect(availableDrafts({ ...passed, stage: 'WITHDRAWN' }).map((d) => d.code)).toEqual(['BIA-HS']);
  });

  it('names the file in ASCII from the candidate', () => {
    expect(asciiName('Đặng Thị Ánh Tuyết')).toBe('Dang-Thi-Anh-Tuyet');
    expect(asciiName('Nguyễn  Hồng "Quang"/..')).toBe('Nguyen-Hong-Quang');
    expect(asciiName('   ')).toBe('ho-so');
    expect(draftFileName(draftByCode('6-KND') as never, base)).toBe(
      '6-KND-nghi-quyet-Dang-Thi-Anh-Tuyet.docx',
    );
  });

  it('writes dates as the Party does, percentages with a decimal comma, blanks for what is unknown', () => {
    expect(partyDate('2024-03-15')).toBe('ngày 15 tháng 3 năm 2024');
    expect(partyDate('2025-01-05T10:00:00Z')).toBe('ngày 5 tháng 1 năm 2025');
    expect(partyDate(undefined)).toBe('ngày …… tháng …… năm ……');
    expect(partyDate('15/3/2024')).toBe('ngày …… tháng …… năm ……');
    expect(shortDate('2024-03-05')).toBe('5/3/2024');
    expect(percent(33, 49)).toBe('67,35%');
    expect(percent(49, 49)).toBe('100%');
    expect(percent(1, 0)).toBe('……%');
    expect(cellName({ cellId: 'a', name: 'Chi bộ Kỹ thuật' })).toBe('Chi bộ Kỹ thuật');
    expect(cellName({ cellId: 'a', name: 'Kỹ thuật' })).toBe('Chi bộ Kỹ thuật');
    expect(cellName({ cellId: 'a', name: 'chi bộ 3' })).toBe('chi bộ 3');
  });
});
