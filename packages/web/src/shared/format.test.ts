import { expect, test } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { formatDateTime, formatDuration } from './format.js';

test('waiting times read like a person would say them', () => {
  const t = translator('fr');
  expect(formatDuration(t, 12_400)).toBe('12 s');
  expect(formatDuration(t, 4 * 60_000 + 59_000)).toBe('4 min');
  expect(formatDuration(t, 65 * 60_000)).toBe('1 h 05');
  expect(formatDuration(t, -5)).toBe('0 s');
});

test('dates and times are shown in full, and an invalid date as nothing', () => {
  const iso = new Date(2025, 2, 12, 14, 5).toISOString();
  expect(formatDateTime('fr', iso)).toBe('12/03/2025 14:05');
  expect(formatDateTime('en', iso)).toMatch(/^12\/03\/2025,? 14:05$/);
  expect(formatDateTime('fr', 'not a date')).toBe('');
});
