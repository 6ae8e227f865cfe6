import { describe, expect, it } from 'vitest';
import { nameKey, nameMatches } from '../../../shared/domain/index.ts';

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
