import { expect, test } from 'vitest';
import { landingSection, sectionsFor } from './sections.js';

test('each role sees its pages, and everyone their own account', () => {
  expect(sectionsFor(['operator'])).toEqual(['conversations', 'account']);
  expect(sectionsFor(['supervisor'])).toEqual(['conversations', 'agents', 'rules', 'account']);
  expect(sectionsFor(['admin'])).toEqual(['rules', 'accounts', 'services', 'priorities', 'audit', 'account']);
  expect(sectionsFor(['admin', 'supervisor', 'operator'])).toEqual([
    'conversations',
    'agents',
    'rules',
    'accounts',
    'services',
    'priorities',
    'audit',
    'account',
  ]);
});

test('the console opens on the queue for those who work it, on the accounts for administrators', () => {
  expect(landingSection(['operator', 'admin'])).toBe('conversations');
  expect(landingSection(['supervisor'])).toBe('conversations');
  expect(landingSection(['admin'])).toBe('accounts');
});
