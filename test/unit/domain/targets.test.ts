import { describe, expect, it } from 'vitest';
import {
  countersFromEvents,
  elapsedShare,
  FOUNDING_CELL,
  FOUNDING_CELL_TARGETS_2024,
  type ProgressEvent,
  periodBounds,
  progressFor,
  targetsToList,
} from '../../../shared/domain/index.ts';

describe('targets (chỉ tiêu) and progress', () => {
  it('founding cell demo data', () => {
    expect(FOUNDING_CELL.officialMembers).toBe(49);
    expect(FOUNDING_CELL.probationaryMembers).toBe(23);
    expect(targetsToList(FOUNDING_CELL_TARGETS_2024)).toEqual([
      { cellId: FOUNDING_CELL.id, period: '2024', metric: 'sentToCourse', value: 180 },
      { cellId: FOUNDING_CELL.id, period: '2024', metric: 'admitted', value: 60 },
      { cellId: FOUNDING_CELL.id, period: '2024-01', metric: 'dossiersSent', value: 15 },
      { cellId: FOUNDING_CELL.id, period: '2024-01', metric: 'introductionsPerMember', value: 1 },
    ]);
  });

  it('periods', () => {
    expect(periodBounds('2024')).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(periodBounds('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(() => periodBounds('2024-13')).toThrow(RangeError);
    expect(() => periodBounds('24')).toThrow(RangeError);
    expect(elapsedShare('2024', '2023-12-31')).toBe(0);
    expect(elapsedShare('2024', '2024-07-01')).toBe(0.5);
    expect(elapsedShare('2024', '2024-12-31')).toBe(1);
    expect(elapsedShare('2024', '2025-03-01')).toBe(1);
  });

  it('counts events of the period, each candidate once per kind', () => {
    const events: ProgressEvent[] = [
      { type: 'dossier_sent', on: '2024-01-05', candidateId: 'c1' },
      { type: 'dossier_sent', on: '2024-01-06', candidateId: 'c1' },
      { type: 'dossier_sent', on: '2024-02-01', candidateId: 'c2' },
      { type: 'sent_to_course', on: '2024-01-10' },
      { type: 'admitted', on: '2024-01-30', candidateId: 'c3' },
      { type: 'introduced', on: '2024-01-03', candidateId: 'c1', memberId: 'm1' },
      { type: 'introduced', on: '2024-01-03', candidateId: 'c1', memberId: 'm2' },
      { type: 'introduced', on: '2024-01-04', candidateId: 'c4', memberId: 'm1' },
      { type: 'introduced', on: '2024-01-04' },
    ];
    expect(countersFromEvents(events, '2024-01')).toEqual({
      sentToCourse: 1,
      dossiersSent: 1,
      admitted: 1,
      introductions: 4,
      introductionsByMember: { m1: 2, m2: 1 },
    });
    expect(countersFromEvents(events, '2024').dossiersSent).toBe(2);
  });

  it('January 2024: 15 dossiers and one introduction per member', () => {
    const events: ProgressEvent[] = [];
    for (let i = 0; i < 15; i++)
      events.push({ type: 'dossier_sent', on: '2024-01-25', candidateId: `c${i}` });
    for (let i = 0; i < 48; i++)
      events.push({ type: 'introduced', on: '2024-01-10', candidateId: `c${i}`, memberId: `m${i}` });
    const monthly = FOUNDING_CELL_TARGETS_2024.monthly['2024-01'] ?? {};
    const p = progressFor(monthly, countersFromEvents(events, '2024-01'), '2024-01', '2024-01-31', 49);
    expect(p).toEqual([
      { metric: 'dossiersSent', target: 15, actual: 15, expectedByNow: 15, onTrack: true, met: true },
      {
        metric: 'introductionsPerMember',
        target: 49,
        actual: 48,
        expectedByNow: 49,
        onTrack: false,
        met: false,
      },
    ]);
  });

  it('annual targets are on track when the pro-rata share is reached', () => {
    const course = (n: number): ProgressEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        type: 'sent_to_course',
        on: '2024-03-01',
        candidateId: `c${i}`,
      }));
    const at = (n: number) =>
      progressFor(
        FOUNDING_CELL_TARGETS_2024.annual,
        countersFromEvents(course(n), '2024'),
        '2024',
        '2024-07-01',
        49,
      )[0];
    expect(at(90)).toMatchObject({
      metric: 'sentToCourse',
      target: 180,
      expectedByNow: 90,
      onTrack: true,
      met: false,
    });
    expect(at(89)?.onTrack).toBe(false);
    expect(
      progressFor({ introductionsPerMember: 0 }, countersFromEvents([], '2024'), '2024', '2024-07-01', 49),
    ).toEqual([
      { metric: 'introductionsPerMember', target: 0, actual: 0, expectedByNow: 0, onTrack: true, met: true },
    ]);
  });
});
