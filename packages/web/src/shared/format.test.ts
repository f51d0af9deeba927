import { expect, test } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { formatDuration } from './format.js';

test('waiting times read like a person would say them', () => {
  const t = translator('fr');
  expect(formatDuration(t, 12_400)).toBe('12 s');
  expect(formatDuration(t, 4 * 60_000 + 59_000)).toBe('4 min');
  expect(formatDuration(t, 65 * 60_000)).toBe('1 h 05');
  expect(formatDuration(t, -5)).toBe('0 s');
});
