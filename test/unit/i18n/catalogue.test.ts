// The one catalogue: every key in both languages with the same parameters, Vietnamese different from English
// unless listed here, every error code and deadline kind named; and what a Vietnamese page shows carries no
// English and no code. Each check is first shown to fail on a planted fault.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineMessages } from '../../../shared/i18n/define.ts';
import {
  AREAS,
  deadlineLabel,
  hasMessage,
  MESSAGES,
  type Message,
  t,
  translator,
} from '../../../shared/i18n/index.ts';
import { type ErrorCode, HttpError, raw } from '../../../shared/web/http.ts';
import { layout } from '../../../shared/web/layout.ts';
import { errorBox } from '../../../shared/web/pages/common.ts';
import { timelineLine } from '../../../shared/web/timeline.ts';
import {
  catalogueProblems,
  codesIn,
  englishFragments,
  englishIn,
  keysOutside,
  visibleText,
} from './checks.ts';

/** The same in both languages on purpose: names and codes that are not translated. */
const SAME_ON_PURPOSE = new Set(['nav.api']);

/** Every stable error code (a new one fails to compile here until it is listed, and then until it has text). */
const ERROR_CODES = Object.keys({
  bad_request: 1,
  invalid_json: 1,
  validation_failed: 1,
  unauthenticated: 1,
  forbidden: 1,
  not_found: 1,
  method_not_allowed: 1,
  conflict: 1,
  rule_violation: 1,
  wrong_stage: 1,
  blocked: 1,
  csrf_invalid: 1,
  link_expired: 1,
  link_invalid: 1,
  link_used: 1,
  upload_invalid: 1,
  payload_too_large: 1,
  unsupported_media_type: 1,
  internal: 1,
} satisfies Record<ErrorCode, 1>) as ErrorCode[];

const catalogue: Readonly<Record<string, Message>> = MESSAGES;

describe('every entry of the catalogue', () => {
  it('catches a planted fault: a language missing or blank, other placeholders, English left in Vietnamese', () => {
    expect(
      catalogueProblems(
        {
          'x.noEn': { vi: 'Lưu' },
          'x.blank': { vi: ' ', en: 'Save' },
          'x.params': { vi: 'Còn {n} ngày', en: '{days} days left' },
          'x.copied': { vi: 'Save', en: 'Save' },
          'x.fine': { vi: 'Lưu', en: 'Save' },
        },
        new Set(['x.fine']),
      ),
    ).toEqual([
      'x.noEn: no English',
      'x.blank: no Vietnamese',
      'x.params: placeholders {n} in vi, {days} in en',
      'x.copied: Vietnamese equals English',
      'x.fine: listed as the same in both languages, but is not',
    ]);
  });

  it('has non-empty Vietnamese and English, the same parameters, and Vietnamese that is not English', () => {
    expect(Object.keys(catalogue).length).toBeGreaterThan(600);
    expect(catalogueProblems(catalogue, SAME_ON_PURPOSE)).toEqual([]);
  });

  it('refuses at compile time an entry without both languages or with other placeholders', () => {
    // @ts-expect-error: no English
    defineMessages({ 'x.a': { vi: 'Lưu' } });
    // @ts-expect-error: the English names another placeholder
    defineMessages({ 'x.b': { vi: 'Còn {n} ngày', en: '{days} days left' } });
    expect(defineMessages({ 'x.c': { vi: 'Còn {n} ngày', en: '{n} days left' } })['x.c'].vi).toBe(
      'Còn {n} ngày',
    );
  });

  it('names every error code and every deadline kind, in Vietnamese by default', () => {
    expect(ERROR_CODES.filter((c) => !hasMessage(`err.${c}`))).toEqual([]);
    expect(translator('vi')('err.not_found')).toBe('Không tìm thấy.');
    for (const kind of ['course', 'cell_vote', 'committeeDecision', 'certificateExpiry', 'resubmission'])
      expect(deadlineLabel('vi', kind)).not.toBe(t('vi', 'deadline.other'));
  });
});

const fragments = englishFragments();
/** Every problem a Vietnamese page's HTML shows: English catalogue text, codes and keys. */
const leaks = (html: string) => {
  const text = visibleText(html);
  return [...englishIn(text, fragments), ...codesIn(text)];
};

const vi = translator('vi');
const ctx = { lang: 'vi', t: vi } as unknown as Parameters<typeof errorBox>[0];
const secretary = { userId: 'u1', cellIds: ['c1'], name: 'Nguyễn Văn An' };

describe('what a Vietnamese page shows', () => {
  it('catches planted English and planted codes', () => {
    const en = translator('en');
    expect(leaks(`<p>${en('cand.noDeadlines')}</p>`)).toEqual(['No open deadlines.']);
    expect(leaks(`<p>${vi('probationEnd.notYet', { date: '01/02/2025' })} Due: 01/02/2025</p>`)).toEqual([
      'Due',
    ]);
    expect(leaks('<button aria-label="Sign out">x</button>')).toEqual(['Sign out']);
    expect(leaks('<p>Lỗi: not_found, dossier_incomplete</p>')).toEqual(['not_found', 'dossier_incomplete']);
    expect(leaks('<p>err.conflict · AWAITING_COURSE · {date}</p>')).toEqual([
      'AWAITING_COURSE',
      'err.conflict',
      '{date}',
    ]);
    // what a person never reads does not count: scripts, data-* attributes, paths
    expect(
      leaks(
        '<script src="/static/a.js?v=1"></script><p data-fail="Does not pass: {yes}" data-code="not_found"><a href="/api/x_y">Trang chủ</a></p>',
      ),
    ).toEqual([]);
  });

  it('the layout of every role, the error box of every error code, the timeline of every event', () => {
    const errors = ERROR_CODES.map((c) => errorBox(ctx, new HttpError(400, c))).join('');
    const events = Object.keys(catalogue)
      .filter((k) => k.startsWith('event.') && k !== 'event.actor.system')
      .map((k) => k.slice('event.'.length))
      .concat('somethingUnknown')
      .map((type) => {
        const l = timelineLine(
          vi,
          {
            type,
            at: '2025-01-01T00:00:00Z',
            actorId: 'system',
            stageFrom: 'DOSSIER',
            stageTo: 'PROBATION',
          } as never,
          new Map(),
        );
        return `<li>${l.what} ${l.stageTo} ${l.who}</li>`;
      })
      .join('');
    const deadlines = ['course', 'committeeDecision', 'staleDocuments', 'task', 'somethingNew']
      .map((k) => `<li>${deadlineLabel('vi', k)}</li>`)
      .join('');
    for (const role of ['secretary', 'committee', 'admin'] as const) {
      const html = layout({
        lang: 'vi',
        title: vi('home.title'),
        actor: { ...secretary, role },
        path: '/',
        body: raw(`${errors}<ul>${events}${deadlines}</ul>`),
      });
      expect(html).toContain('Không tìm thấy.');
      expect(leaks(html)).toEqual([]);
    }
  });
});

const ROOT = resolve(import.meta.dirname, '../../..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
/** The area modules under shared/i18n/messages, by file name (validation.ts holds the field labels too). */
const AREA_FILES: Record<string, Readonly<Record<string, Message>>[]> = {
  ...Object.fromEntries(Object.entries(AREAS).map(([name, area]) => [name, [area]])),
  validation: [AREAS.validation, AREAS.fields],
  errors: [AREAS.errors],
};

describe('a module that starts light (the lookup without the whole catalogue)', () => {
  it('catches a planted key of an area the module does not load', () => {
    const src = [
      "import '../i18n/messages/reminders.ts';",
      "t(lang, 'reminder.due'); t(lang, 'cand.title');",
      't(lang, `pool.outcome.$' + '{o}`);',
    ].join('\n');
    expect(keysOutside(src, AREA_FILES.reminders ?? [])).toEqual(['cand.title', 'pool.outcome.*']);
  });

  it('loads the area of every key it names', () => {
    const files = sources(join(ROOT, 'shared'))
      .filter((f) => !f.includes('/shared/i18n/') && !f.includes('/shared/web/'))
      .map((f) => ({ file: relative(ROOT, f), src: readFileSync(f, 'utf8') }));
    const areasOf = (src: string) =>
      [...src.matchAll(/i18n\/messages\/(\w+)\.ts/g)].flatMap((m) => AREA_FILES[m[1] ?? ''] ?? []);
    const model = files.find((f) => f.file === 'shared/app/model.ts')?.src ?? '';
    const schemaErrors = files.find((f) => f.file === 'shared/schemas/errors.ts')?.src ?? '';
    // the services' `msg(key)` comes from model.ts, which loads the area of their messages
    const loads = (src: string) => [
      ...areasOf(src),
      ...(/import \{[^}]*\bmsg\b[^}]*\} from '\.\/model\.ts'/.test(src) ? areasOf(model) : []),
      // a zod schema's message is a key that shared/schemas/errors.ts reads, with the validation area loaded
      ...(/from 'zod'/.test(src) ? areasOf(schemaErrors) : []),
    ];
    const naming = files.filter(({ src }) => keysOutside(src, []).length > 0);
    expect(naming.length).toBeGreaterThan(10);
    expect(naming.filter(({ src }) => /i18n\/index\.ts'/.test(src)).map((f) => f.file)).toEqual([]);
    for (const { file, src } of naming) expect(keysOutside(src, loads(src)), file).toEqual([]);
  });
});
