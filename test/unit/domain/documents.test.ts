import { describe, expect, it } from 'vitest';
import {
  checkCertificate,
  checkChecklist,
  checkDocumentOrder,
  checklistItems,
  checkStaleness,
  latestCertificate,
  RULESETS,
  relativesToVerify,
  withOverrides,
} from '../../../shared/domain/index.ts';
import { candidate, codes, doc, dossier, VOTE_DATE } from './fixtures.ts';

const r = RULESETS.r2021;
const cert = (issuedOn: string) => ({ kind: 'awareness' as const, number: 'CN-9', issuedOn, issuer: 'TTCT' });

describe('awareness-course certificate: valid 60 months (rules.md#certificate)', () => {
  it.each([
    ['60 months to the day', '2020-01-15', '2025-01-15', ['CERTIFICATE_EXPIRING']],
    ['60 months and one day', '2020-01-15', '2025-01-16', ['CERTIFICATE_EXPIRED']],
    [
      'worked example: issued 15/1/2020, resolution 3/2/2025',
      '2020-01-15',
      '2025-02-03',
      ['CERTIFICATE_EXPIRED'],
    ],
    ['well within', '2020-01-15', '2024-12-01', []],
    ['issued after the vote', '2024-02-01', '2024-01-20', ['CERTIFICATE_AFTER_VOTE']],
  ])('%s', (_l, issued, vote, want) => {
    expect(codes(checkCertificate(cert(issued), vote, r))).toEqual(want);
  });

  it('missing', () => {
    expect(codes(checkCertificate(undefined, VOTE_DATE, r))).toEqual(['CERTIFICATE_MISSING']);
  });

  it('latestCertificate picks the newest of its kind', () => {
    const certs = [
      cert('2019-01-01'),
      cert('2022-01-01'),
      { ...cert('2023-01-01'), kind: 'new_member' as const },
    ];
    expect(latestCertificate(certs, 'awareness')?.issuedOn).toBe('2022-01-01');
    expect(latestCertificate([], 'awareness')).toBeUndefined();
  });
});

describe('document staleness (rules.md#staleness, configurable)', () => {
  const letter = doc('3-KNĐ', '2023-01-10', { introducerPersonId: 'p1' });
  it.each([
    ['fresh', '2023-11-01', []],
    ['12 months to the day: warn', '2024-01-10', ['DOC_STALE_SOON']],
    ['12 months and one day: block', '2024-01-11', ['DOC_STALE']],
  ])('%s', (_l, asOf, want) => {
    expect(codes(checkStaleness([letter], asOf, r))).toEqual(want);
  });

  it('only the forms that go stale; withdrawn documents ignored; months configurable', () => {
    expect(checkStaleness([doc('1-KNĐ', '2020-01-01')], VOTE_DATE, r)).toEqual([]);
    expect(checkStaleness([{ ...letter, state: 'withdrawn' }], '2025-01-01', r)).toEqual([]);
    const six = withOverrides(r, { documentStaleness: { months: 6 } });
    const [stale] = checkStaleness([letter], '2023-07-11', six);
    expect(stale?.code).toBe('DOC_STALE');
    // the form code is always the second segment of a document field
    expect(stale?.fields).toEqual(['documents.3-KNĐ.p1']);
  });
});

describe('document order', () => {
  it('the application is dated no later than the biography', () => {
    expect(checkDocumentOrder([doc('1-KNĐ', '2023-08-05'), doc('2-KNĐ', '2023-08-05')])).toEqual([]);
    const fs = checkDocumentOrder([doc('1-KNĐ', '2023-08-06'), doc('2-KNĐ', '2023-08-05')]);
    expect(codes(fs)).toEqual(['DOC_APPLICATION_AFTER_BIOGRAPHY']);
    expect(fs[0]?.fields).toEqual(['documents.1-KNĐ', 'documents.2-KNĐ']);
  });

  it('resolutions and decisions follow the procedure', () => {
    expect(codes(checkDocumentOrder([doc('6-KNĐ', '2024-01-20'), doc('8-KNĐ', '2024-01-10')]))).toEqual([
      'DOC_OUT_OF_ORDER',
    ]);
    expect(codes(checkDocumentOrder([doc('5-KNĐ', '2024-01-25'), doc('6-KNĐ', '2024-01-20')]))).toEqual([
      'DOC_OUT_OF_ORDER',
    ]);
    expect(
      checkDocumentOrder([
        doc('6-KNĐ', '2024-01-20'),
        doc('9-KNĐ', '2024-03-01'),
        doc('CN-NTVĐ', '2024-05-01'),
      ]),
    ).toEqual([]);
  });

  it('verification certified after the cell resolution is out of order', () => {
    const bio = doc('2-KNĐ', '2023-08-05', { verification: { certifiedOn: '2024-01-25' } });
    expect(codes(checkDocumentOrder([bio, doc('6-KNĐ', '2024-01-20')]))).toEqual([
      'DOC_VERIFICATION_AFTER_VOTE',
    ]);
    expect(checkDocumentOrder([{ ...bio, verification: {} }, doc('6-KNĐ', '2024-01-20')])).toEqual([]);
  });
});

describe('dossier checklist per stage', () => {
  it('a complete dossier passes the cell-vote checklist', () => {
    expect(checkChecklist(dossier(), 'cell_vote', VOTE_DATE, r)).toEqual([]);
  });

  it('reports missing, unsigned and unverified documents', () => {
    const d = dossier();
    d.documents = d.documents.filter((x) => x.form !== '5-KNĐ');
    d.documents = d.documents.map((x) => (x.form === '1-KNĐ' ? { ...x, state: 'draft' } : x));
    d.documents = d.documents.map((x) =>
      x.form === '2-KNĐ' ? { ...x, verification: { completedOn: '2023-12-01' } } : x,
    );
    expect(checkChecklist(d, 'cell_vote', VOTE_DATE, r).map((f) => f.fields[0])).toEqual([
      'documents.1-KNĐ',
      'documents.2-KNĐ',
      'documents.5-KNĐ',
    ]);
    expect(codes(checkChecklist(d, 'cell_vote', VOTE_DATE, r))).toEqual([
      'DOC_NOT_SIGNED',
      'DOC_VERIFICATION_INCOMPLETE',
      'DOC_MISSING',
    ]);
  });

  it('one introduction letter per introducing member', () => {
    const d = dossier();
    d.documents = d.documents.filter((x) => x.introducerPersonId !== 'p2');
    const fs = checkChecklist(d, 'cell_vote', VOTE_DATE, r);
    expect(codes(fs)).toEqual(['DOC_MISSING']);
    expect(fs[0]?.fields).toEqual(['documents.3-KNĐ.p2']);
    expect(fs[0]?.message.vi).toContain('p2');
  });

  it('the introduction path decides between 4-KNĐ and 4A-KNĐ', () => {
    const union = dossier({ candidate: candidate({ introducerPath: 'trade_union' }) });
    expect(checklistItems(union, 'cell_vote', VOTE_DATE, r).find((e) => e.form === '4A-KNĐ')?.status).toBe(
      'missing',
    );
    expect(checklistItems(union, 'cell_vote', VOTE_DATE, r).some((e) => e.form === '4-KNĐ')).toBe(false);
    const youth = dossier({ candidate: candidate({ introducerPath: 'youth_union' }) });
    youth.documents.push(doc('4-KNĐ', '2023-09-01'));
    expect(checklistItems(youth, 'cell_vote', VOTE_DATE, r).find((e) => e.form === '4-KNĐ')?.status).toBe(
      'ok',
    );
  });

  it('the certificate: missing, expired, or a stale document at the vote', () => {
    expect(codes(checkChecklist(dossier({ certificates: [] }), 'cell_vote', VOTE_DATE, r))).toEqual([
      'DOC_MISSING',
    ]);
    const old = dossier({ certificates: [cert('2018-01-01')] });
    expect(codes(checkChecklist(old, 'cell_vote', VOTE_DATE, r))).toEqual(['CERTIFICATE_EXPIRED']);
    expect(codes(checkChecklist(dossier(), 'cell_vote', '2024-10-01', r))).toEqual([
      'DOC_STALE_SOON',
      'DOC_STALE_SOON',
    ]);
    expect(codes(checkChecklist(dossier(), 'cell_vote', '2024-10-20', r))).toEqual([
      'DOC_STALE',
      'DOC_STALE',
    ]);
    // a certificate uploaded as a scan also counts
    const scanned = dossier({ certificates: [] });
    scanned.documents.push(doc('CN-NTVĐ', '2023-05-10'));
    expect(checkChecklist(scanned, 'cell_vote', VOTE_DATE, r)).toEqual([]);
  });

  it('documents dated after the check date do not count', () => {
    expect(codes(checkChecklist(dossier(), 'cell_vote', '2023-11-01', r))).toEqual([
      'DOC_VERIFICATION_INCOMPLETE',
      'DOC_MISSING',
    ]);
  });

  it('submit up: 6-KNĐ, 8-KNĐ under a grassroots committee, 7-KNĐ under a sub-committee', () => {
    const forms = (hasSubcommittee: boolean, hasGrassrootsCommittee: boolean) =>
      checklistItems(dossier({ org: { hasSubcommittee, hasGrassrootsCommittee } }), 'submit_up', VOTE_DATE, r)
        .filter((e) => e.status === 'missing')
        .map((e) => e.form);
    expect(forms(false, true)).toEqual(['6-KNĐ', '8-KNĐ']);
    expect(forms(true, true)).toEqual(['6-KNĐ', '7-KNĐ', '8-KNĐ']);
    expect(forms(false, false)).toEqual(['6-KNĐ']);
  });

  it('ceremony needs the decision; recognition needs 10- to 16-KNĐ and the new-member certificate', () => {
    const missing = (stage: Parameters<typeof checklistItems>[1]) =>
      checklistItems(dossier(), stage, '2025-06-01', r)
        .filter((e) => e.status !== 'ok')
        .map((e) => e.form);
    expect(missing('ceremony')).toEqual(['6-KNĐ', '8-KNĐ', '9-KNĐ']);
    expect(missing('recognition_vote')).toEqual(['9-KNĐ', 'CN-ĐVM', '10-KNĐ', '11-KNĐ', '12-KNĐ']);
    expect(missing('official')).toEqual([
      '9-KNĐ',
      'CN-ĐVM',
      '10-KNĐ',
      '11-KNĐ',
      '12-KNĐ',
      '13-KNĐ',
      '15-KNĐ',
      '16-KNĐ',
    ]);
    const d = dossier();
    d.certificates.push({ kind: 'new_member', number: 'ĐVM-1', issuedOn: '2025-01-10', issuer: 'TTCT' });
    for (const f of ['9-KNĐ', '10-KNĐ', '11-KNĐ', '12-KNĐ'] as const) d.documents.push(doc(f, '2025-03-01'));
    expect(checkChecklist(d, 'recognition_vote', '2025-03-05', r)).toEqual([]);
  });
});

describe('verification of relatives', () => {
  const relatives = [
    { who: 'father', isPartyMember: true },
    { who: 'mother', isPartyMember: false },
  ];
  it('depends on the ruleset', () => {
    expect(relativesToVerify(relatives, RULESETS.r2021)).toHaveLength(2);
    expect(relativesToVerify(relatives, RULESETS.r2025).map((x) => x.who)).toEqual(['mother']);
  });
});
