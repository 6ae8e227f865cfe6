// The two stage vocabularies and their one mapping (shared/app/model.ts DOMAIN_STAGES_OF).
import { describe, expect, it } from 'vitest';
import { assertStagesAgree, DOMAIN_STAGES_OF } from '../../../shared/app/model.ts';
import { FINAL_STAGES, STAGES } from '../../../shared/app/types.ts';
import { isStage, isTerminal } from '../../../shared/domain/stages.ts';

describe('the app stages and the domain stages', () => {
  it('maps every app stage onto domain stages that exist', () => {
    expect(Object.keys(DOMAIN_STAGES_OF).sort()).toEqual([...STAGES].sort());
    for (const [stage, domain] of Object.entries(DOMAIN_STAGES_OF)) {
      expect(domain.length, stage).toBeGreaterThan(0);
      for (const d of domain) expect(isStage(d), `${stage} → ${d}`).toBe(true);
    }
  });

  it('keeps final and open stages final and open in both vocabularies', () => {
    for (const stage of STAGES) {
      const final = FINAL_STAGES.includes(stage);
      for (const d of DOMAIN_STAGES_OF[stage]) expect(isTerminal(d), `${stage} → ${d}`).toBe(final);
    }
  });

  it('refuses a change whose two stages disagree', () => {
    expect(() => assertStagesAgree('AWAITING_CEREMONY', 'ADMITTED')).not.toThrow();
    expect(() => assertStagesAgree('PROBATION', 'PROBATIONARY')).not.toThrow();
    expect(() => assertStagesAgree('AWAITING_CEREMONY', 'PROBATIONARY')).toThrow(/does not allow/);
    expect(() => assertStagesAgree('OFFICIAL', undefined)).toThrow(/does not allow/);
    expect(() => assertStagesAgree('NO_SUCH_STAGE', 'OFFICIAL')).toThrow(/does not allow/);
  });
});
