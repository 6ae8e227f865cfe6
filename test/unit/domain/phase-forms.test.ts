// Which forms belong to the admission dossier and which to the recognition dossier (docs/rules.md#dossier), per ruleset:
// the upload service refuses a form outside the candidate's phase.
import { describe, expect, it } from 'vitest';
import { phaseForms, RULESETS, withOverrides } from '../../../shared/domain/index.ts';

describe('phaseForms: the forms of each dossier, from the ruleset checklists', () => {
  it.each(Object.values(RULESETS))(
    '$id: admission 1-KNĐ … 9-KNĐ, recognition 9-KNĐ, CN-ĐVM, 10- … 16-KNĐ',
    (r) => {
      const admission = phaseForms(r, 'admission');
      const recognition = phaseForms(r, 'recognition');
      expect(admission).toEqual([
        'CN-NTVĐ',
        '1-KNĐ',
        '2-KNĐ',
        '3-KNĐ',
        '4-KNĐ',
        '4A-KNĐ',
        '5-KNĐ',
        '6-KNĐ',
        '7-KNĐ',
        '8-KNĐ',
        '9-KNĐ',
      ]);
      expect(recognition).toEqual([
        '9-KNĐ',
        'CN-ĐVM',
        '10-KNĐ',
        '11-KNĐ',
        '12-KNĐ',
        '13-KNĐ',
        '14-KNĐ',
        '15-KNĐ',
        '16-KNĐ',
      ]);
      // the recognition self-review is not an admission form, the application not a recognition one
      expect(admission).not.toContain('10-KNĐ');
      expect(recognition).not.toContain('1-KNĐ');
    },
  );

  it('follows a ruleset whose checklist changes', () => {
    const r = withOverrides(RULESETS.r2021, {
      checklists: {
        recognition_vote: [{ form: '10-KNĐ', when: 'always' }],
        recognition_submit_up: [],
        official: [],
      },
    });
    expect(phaseForms(r, 'recognition')).toEqual(['10-KNĐ']);
    expect(phaseForms(r, 'admission')).toContain('5-KNĐ');
  });
});
