import { expect, test } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { auditActionLabel } from './audit-action.js';

test('known actions are translated, unknown ones shown as recorded', () => {
  expect(auditActionLabel(translator('fr'), 'staff.disabled')).toBe('Compte désactivé');
  expect(auditActionLabel(translator('en'), 'staff.disabled')).toBe('Account disabled');
  expect(auditActionLabel(translator('fr'), 'something.new')).toBe('something.new');
});
