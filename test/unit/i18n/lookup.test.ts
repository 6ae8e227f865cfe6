import { describe, expect, it } from 'vitest';
import { AREAS, both, hasMessage, message, t, translator } from '../../../shared/i18n/index.ts';
import { keysInTwoAreas, textClashes } from './checks.ts';

describe('i18n', () => {
  it('Vietnamese first, English on request, with parameters', () => {
    expect(t('vi', 'error.validation')).toBe('Dữ liệu không hợp lệ');
    expect(t('en', 'error.validation')).toBe('Invalid input');
    expect(t('vi', 'v.string.min', { min: 3 })).toBe('Cần ít nhất 3 ký tự');
    // @ts-expect-error: a message with placeholders takes its parameters
    expect(t('en', 'v.string.min')).toBe('At least {min} characters');
  });

  it('a missing key shows itself', () => {
    // @ts-expect-error: not a key of the catalogue
    expect(t('vi', 'no.such.key')).toBe('no.such.key');
    expect(message('vi', 'no.such.key')).toBe('no.such.key');
    expect(message('vi', 'no.such.key', undefined, '')).toBe('');
    expect(hasMessage('no.such.key')).toBe(false);
  });

  it('parts keep their own keys; a clash is an error', () => {
    const hello = { 'test.hello': { vi: 'Xin chào {name}', en: 'Hello {name}' } };
    expect(textClashes({ a: hello, b: { 'test.hello': { vi: 'Chào', en: 'Hi' } } })).toEqual(['test.hello']);
    expect(textClashes({ a: hello, b: hello })).toEqual([]);
    // stricter than a clash of texts: in the one catalogue a key lives in exactly one area
    expect(keysInTwoAreas({ a: hello, b: hello })).toEqual(['test.hello']);
    expect(keysInTwoAreas(AREAS)).toEqual([]);
  });

  it('pages, mails and errors read the same store', () => {
    const tr = translator('vi');
    expect(tr('err.not_found')).toBe(t('vi', 'err.not_found'));
    expect(tr('committee.round', { round: 2 })).toBe('Lần xem xét thứ 2');
    expect(translator('en')('reminder.greeting', { name: 'An' })).toBe('Dear An,');
    expect(tr.dyn('stage.PROBATION')).toBe('Đảng viên dự bị');
    expect(tr.dyn('stage.NOPE', '')).toBe('');
    expect(tr.template('vote.checkPass')).toContain('{yes}');
    expect(both('reminder.invalidPeriod')).toEqual({
      vi: 'Kỳ không hợp lệ: dùng năm (2024) hoặc tháng (2024-01).',
      en: 'Invalid period: use a year (2024) or a month (2024-01).',
    });
  });
});
