import { describe, expect, it } from 'vitest';
import { isPersonName, nameKey, nameMatches, personName } from '../../../shared/domain/index.ts';

describe('nameKey', () => {
  it.each([
    ['Nguyễn Hồng Quang', 'nguyen hong quang'],
    ['  ĐỖ   Thị\tĐào ', 'do thi dao'],
    ['Lê Thị Thủy', 'le thi thuy'],
    ['Trần Văn Ứng', 'tran van ung'],
    ['Phạm Ngọc Ánh', 'pham ngoc anh'],
    ['', ''],
  ])('%s → %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it('composed and decomposed input give the same key', () => {
    const composed = 'Nguyễn Hồng Quang'.normalize('NFC');
    const decomposed = 'Nguyễn Hồng Quang'.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(nameKey(decomposed)).toBe(nameKey(composed));
  });

  it('nameMatches by word prefixes without diacritics', () => {
    expect(nameMatches('Nguyễn Hồng Quang', 'nguyen hong quang')).toBe(true);
    expect(nameMatches('Nguyễn Hồng Quang', 'ng quang')).toBe(true);
    expect(nameMatches('Nguyễn Hồng Quang', 'QUANG')).toBe(true);
    expect(nameMatches('Nguyễn Hồng Quang', '')).toBe(true);
    expect(nameMatches('Nguyễn Hồng Quang', 'dao')).toBe(false);
  });
});

describe('nameKey properties', () => {
  const VIETNAMESE =
    'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
  const letters = [...VIETNAMESE, ...VIETNAMESE.toUpperCase(), ' ', '\t', 'Ð'];
  it('gives plain a–z words separated by single spaces, and is idempotent', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters), { maxLength: 40 }), (chars) => {
        const key = nameKey(chars.join(''));
        expect(key).toMatch(/^([a-z]+( [a-z]+)*)?$/);
        expect(nameKey(key)).toBe(key);
      }),
    );
  });
});

describe('personName', () => {
  it.each([
    ['Nguyễn Hồng Quang', 'Nguyễn Hồng Quang'],
    ['  Lê   Thị Thủy ', 'Lê Thị Thủy'],
    ['Nguyễn Hồng Quang'.normalize('NFD'), 'Nguyễn Hồng Quang'],
    ["Ksor H'Luông", "Ksor H'Luông"],
    ['Nguyễn-Trần An', 'Nguyễn-Trần An'],
    ['Y. Moan', 'Y. Moan'],
    ['Lò Văn A.', 'Lò Văn A.'],
  ])('accepts %j as %j', (raw, stored) => {
    expect(personName(raw)).toBe(stored);
    expect(isPersonName(raw)).toBe(true);
  });

  it.each([
    ['markup', '<img src=x onerror=alert(1)>'],
    ['CR/LF', 'Nguyễn Văn A\r\nBcc: attacker@evil.example'],
    ['a tab', 'Nguyễn\tVăn A'],
    ['a right-to-left override', 'Nguyễn Văn \u202eA'],
    ['an isolate', '\u2066Nguyễn Văn A'],
    ['a zero-width joiner', 'Nguyễn\u200dVăn'],
    ['digits', 'Nguyễn Văn 2'],
    ['a quote', 'Nguyễn "Văn" A'],
    ['an ampersand', 'A & B'],
    ['one letter', 'A'],
    ['too long', 'A'.repeat(101)],
    ['piled marks', `A${'\u0301'.repeat(5)}n`],
    ['leading hyphen', '-An'],
    ['double hyphen', 'An--Bình'],
    ['empty', '   '],
  ])('refuses %s', (_what, raw) => {
    expect(personName(raw)).toBeUndefined();
    expect(isPersonName(raw)).toBe(false);
  });
});
