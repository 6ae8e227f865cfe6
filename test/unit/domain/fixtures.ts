/** Test data: a complete dossier of the founding cell, ready for a vote on 2024-01-20, that tests then break. */
import type { Candidate, Dossier, DossierDocument, MemberIntroducer } from '../../../shared/domain/index.ts';

export const VOTE_DATE = '2024-01-20';

export function candidate(over: Partial<Candidate> = {}): Candidate {
  return {
    id: 'c1',
    personId: 'p-cand',
    cellId: 'cb-cd-dn-kkt-hp',
    fullName: 'Nguyễn Hồng Quang',
    birthDate: '1995-05-12',
    sex: 'male',
    ethnicity: 'Kinh',
    religion: 'Không',
    education: 'university',
    workplace: 'Công ty TNHH Ví Dụ',
    residence: 'Hải Phòng',
    introducerPath: 'two_members',
    stage: 'READY_FOR_CELL',
    rulesetId: 'r2021',
    createdOn: '2023-06-01',
    ...over,
  };
}

export function member(personId: string, over: Partial<MemberIntroducer> = {}): MemberIntroducer {
  return {
    kind: 'member',
    personId,
    fullName: `Đảng viên ${personId}`,
    status: 'official',
    officialSince: '2019-03-01',
    togetherSince: '2021-01-15',
    sameUnit: true,
    signedOn: '2023-10-15',
    ...over,
  };
}

let seq = 0;
export function doc(
  form: DossierDocument['form'],
  signedOn: string,
  over: Partial<DossierDocument> = {},
): DossierDocument {
  seq += 1;
  return { id: `d${seq}`, form, signedOn, state: 'signed', ...over };
}

export function dossier(over: Partial<Dossier> = {}): Dossier {
  return {
    candidate: candidate(),
    introducers: [member('p1'), member('p2')],
    certificates: [
      { kind: 'awareness', number: 'CN-1', issuedOn: '2023-05-10', issuer: 'Trung tâm chính trị' },
    ],
    documents: [
      doc('1-KNĐ', '2023-08-01'),
      doc('2-KNĐ', '2023-08-05', { verification: { completedOn: '2023-11-20', certifiedOn: '2023-12-01' } }),
      doc('3-KNĐ', '2023-10-15', { introducerPersonId: 'p1' }),
      doc('3-KNĐ', '2023-10-15', { introducerPersonId: 'p2' }),
      doc('5-KNĐ', '2023-12-10'),
    ],
    org: { hasSubcommittee: false, hasGrassrootsCommittee: true },
    ...over,
  };
}

export const codes = (fs: ReadonlyArray<{ code: string }>): string[] => fs.map((f) => f.code);
