import { expect, test } from 'vitest';
import { en } from './en.js';
import { fr } from './fr.js';
import { format, translator } from './i18n.js';

test('both catalogues have exactly the same keys, none empty', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  for (const value of [...Object.values(fr), ...Object.values(en)]) expect(value.trim()).not.toBe('');
});

test('placeholders match between languages', () => {
  const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
    expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
  }
});

test('format fills parameters and leaves unknown ones visible', () => {
  expect(format('{a} et {b}', { a: 1, b: 'x' })).toBe('1 et x');
  expect(format('{a} et {b}', { a: 1 })).toBe('1 et {b}');
  expect(translator('en')('chat.typing', { name: 'Julie' })).toBe('Julie is typing…');
});

test('the citizen page never shows a word that would give the service away in the tab title or header', () => {
  for (const key of ['app.serviceName', 'app.serviceTagline'] as const) {
    expect(fr[key]).not.toMatch(/violen|victim|plainte|abus/i);
    expect(en[key]).not.toMatch(/violen|victim|complaint|abus/i);
  }
});
