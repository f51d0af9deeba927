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

test('routing: capacity, topics and service are sent only when they changed', () => {
  const routed = { ...account, roles: [...account.roles], capacity: 6, topics: ['general' as const, 'violence' as const], serviceId: null };
  const same = { rank: 'Gendarme', firstName: 'Noé', roles: ['operator' as const, 'supervisor' as const] };
  expect(staffPatch(routed, { ...same, capacity: 6, topics: ['violence', 'general'], serviceId: null })).toEqual({});
  expect(staffPatch(routed, { ...same, capacity: 2, topics: ['general', 'violence', 'minors'], serviceId: '00000000-0000-4000-8000-000000000009' })).toEqual({
    capacity: 2,
    topics: ['general', 'violence', 'minors'],
    serviceId: '00000000-0000-4000-8000-000000000009',
  });
  expect(staffPatch({ ...routed, serviceId: '00000000-0000-4000-8000-000000000009' }, { ...same, serviceId: null })).toEqual({ serviceId: null });
});
