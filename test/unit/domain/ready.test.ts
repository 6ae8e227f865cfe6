import { describe, expect, it } from 'vitest';
import { checkReadyForCellVote, FOUNDING_CELL, RULESETS } from '../../../shared/domain/index.ts';
import { candidate, codes, doc, dossier, member, VOTE_DATE } from './fixtures.ts';

const r = RULESETS.r2021;

describe('checkReadyForCellVote', () => {
  it('a complete dossier is ready', () => {
    expect(checkReadyForCellVote(dossier(), r, VOTE_DATE)).toEqual({ ready: true, findings: [] });
  });

  it('a founding-cell dossier on the trade-union path is ready with one warning to confirm the path', () => {
    const d = dossier({
      candidate: candidate({ introducerPath: FOUNDING_CELL.defaultIntroducerPath }),
      introducers: [
        { kind: 'trade_union', orgName: 'CĐCS', resolutionRef: 'Số 3-NQ/CĐ', resolutionDate: '2023-09-20' },
        member('p1'),
      ],
      org: FOUNDING_CELL.org,
    });
    d.documents = d.documents.filter((x) => x.introducerPersonId !== 'p2');
    d.documents.push(doc('4A-KNĐ', '2023-09-20'));
    const res = checkReadyForCellVote(d, r, VOTE_DATE);
    expect(res.ready).toBe(true);
    expect(codes(res.findings)).toEqual(['INTRODUCER_PATH_TO_CONFIRM']);
  });

  it('collects every blocking problem at once', () => {
    const d = dossier({
      candidate: candidate({ birthDate: '2006-01-21', education: 'primary' }),
      introducers: [member('p1'), member('p2', { status: 'probationary' })],
      certificates: [{ kind: 'awareness', number: 'CN-1', issuedOn: '2018-12-01', issuer: 'TTCT' }],
    });
    const res = checkReadyForCellVote(d, r, VOTE_DATE);
    expect(res.ready).toBe(false);
    expect(codes(res.findings)).toEqual([
      'AGE_UNDER_MIN',
      'EDUCATION_BELOW_MIN',
      'INTRODUCER_PROBATIONARY',
      'CERTIFICATE_EXPIRED',
    ]);
  });
});
