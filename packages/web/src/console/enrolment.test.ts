import { expect, test } from 'vitest';
import { groupSecret } from './factors/TotpEnrolmentForm.js';

test('secrets are shown in groups of four for copying by hand', () => {
  expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  expect(groupSecret('AB CD')).toBe('ABCD');
});
