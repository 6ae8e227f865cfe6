import { describe, expect, it } from 'vitest';
import { hasMessage, parseLang, registerMessages, t } from '../../../shared/i18n/index.ts';

describe('i18n', () => {
  it('Vietnamese first, English on request, with parameters', () => {
    expect(t('vi', 'error.validation')).toBe('Dữ liệu không hợp lệ');
    expect(t('en', 'error.validation')).toBe('Invalid input');
    expect(t('vi', 'v.string.min', { min: 3 })).toBe('Cần ít nhất 3 ký tự');
    expect(t('en', 'v.string.min')).toBe('At least {min} characters');
  });

  it('a missing key shows itself', () => {
    expect(t('vi', 'no.such.key')).toBe('no.such.key');
    expect(hasMessage('no.such.key')).toBe(false);
  });

  it('parts register their own keys; a clash is an error', () => {
    registerMessages({ 'test.hello': { vi: 'Xin chào {name}', en: 'Hello {name}' } });
    expect(t('vi', 'test.hello', { name: 'Quang' })).toBe('Xin chào Quang');
    expect(() => registerMessages({ 'test.hello': { vi: 'Chào', en: 'Hi' } })).toThrow(/registered twice/);
    expect(() =>
      registerMessages({ 'test.hello': { vi: 'Xin chào {name}', en: 'Hello {name}' } }),
    ).not.toThrow();
  });

  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr', 'vi'],
    ['english', 'vi'],
  ])('parseLang(%j) = %s', (input, lang) => {
    expect(parseLang(input)).toBe(lang);
  });
});
