import { expect, test } from 'vitest';
import { staffPatch } from './staff-patch.js';

const account = { rank: 'Gendarme', firstName: 'Noé', roles: ['operator', 'supervisor'] as const };

test('only what changed is sent', () => {
  expect(staffPatch({ ...account, roles: [...account.roles] }, { rank: ' Gendarme ', firstName: 'Noé', roles: ['supervisor', 'operator'] })).toEqual({});
  expect(staffPatch({ ...account, roles: [...account.roles] }, { rank: 'Maréchal des logis', firstName: 'Noé', roles: ['operator', 'supervisor'] })).toEqual({
    rank: 'Maréchal des logis',
  });
  expect(staffPatch({ ...account, roles: [...account.roles] }, { rank: 'Gendarme', firstName: 'Noé', roles: ['operator'] })).toEqual({ roles: ['operator'] });
});
