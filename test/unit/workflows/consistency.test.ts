/** The app's view of the workflows agrees with the state machines and the domain. */
import { describe, expect, it } from 'vitest';
import { documentKey, formSlug, sniff } from '../../../shared/adapters/documents.ts';
import { createTableInput, indexKeys, keys, TABLE } from '../../../shared/adapters/table.ts';
import { STEP_OF } from '../../../shared/app/model.ts';
import { STEPS } from '../../../shared/app/types.ts';
import { RULESETS } from '../../../shared/domain/ruleset.ts';
import { MAX_RECOGNITION_ROUNDS, renderAsl, WAIT_TIMEOUT_DAYS } from '../../../workflows/index.ts';

const waitSteps = (m: 'admission' | 'probation') =>
  Object.values(renderAsl(m).States)
    .filter((s) => String(s.Resource).endsWith('.waitForTaskToken'))
    .map((s) => (s.Parameters as { Payload: { step: string } }).Payload.step);

describe('workflows, app and domain agree', () => {
  it('every waiting stage of the app is a human step of one of the state machines, and back', () => {
    const inMachines = [...waitSteps('admission'), ...waitSteps('probation')].sort();
    expect(Object.values(STEP_OF).sort()).toEqual(inMachines);
    expect([...STEPS].sort()).toEqual(inMachines);
    expect(Object.keys(WAIT_TIMEOUT_DAYS).sort()).toEqual(inMachines);
  });

  it('the recognition rounds before escalation are the rulesets’ number', () => {
    for (const r of Object.values(RULESETS)) expect(r.recognition.maxRounds).toBe(MAX_RECOGNITION_ROUNDS);
  });
});

describe('documents', () => {
  it('recognises PDF, JPEG and PNG by their first bytes, and nothing else', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0]))).toBe('image/jpeg');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniff(Buffer.from('MZ\x90\x00'))).toBeUndefined(); // a Windows executable
    expect(sniff(Buffer.from('%PD'))).toBeUndefined();
    expect(sniff(new Uint8Array(0))).toBeUndefined();
    expect(sniff(Buffer.from('<html>%PDF-'))).toBeUndefined();
  });

  it('fixes the key by cell, candidate and form, in ASCII', () => {
    expect(formSlug('CN-NTVĐ')).toBe('CN-NTVD');
    expect(formSlug('4A-KNĐ')).toBe('4A-KND');
    expect(documentKey('hp', 'c1', '2-KNĐ', 'd9')).toBe('cells/hp/candidates/c1/2-KND/d9');
  });
});

describe('table', () => {
  it('defines every attribute its keys and indexes use, once', () => {
    const input = createTableInput('x');
    const names = input.AttributeDefinitions.map((a) => a.AttributeName);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'PK', 'SK']);
    expect(input.GlobalSecondaryIndexes.map((g) => g.IndexName)).toEqual(
      TABLE.globalSecondaryIndexes.map((g) => g.indexName),
    );
  });

  it('orders audit events and step outcomes by their sort keys', () => {
    const a = keys.event('c', '2024-01-01T00:00:00.000Z', 9).SK;
    const b = keys.event('c', '2024-01-01T00:00:00.000Z', 10).SK;
    expect(a < b).toBe(true);
    expect(keys.step('c', 9).SK < keys.step('c', 10).SK).toBe(true);
    expect(indexKeys.remind('2024-03-01', 'c', 'ceremony').GSI3SK <= '2024-03-01~').toBe(true);
  });
});
