import type { OperatorView } from '@brigade/protocol';
import { expect, test } from 'vitest';
import { uuid } from '../../realtime/test-builders.js';
import { presenceCounts, sortAgents } from './agents-summary.js';

const op = (n: number, firstName: string, presence: OperatorView['presence']): OperatorView => ({
  id: uuid(n),
  rank: 'Gendarme',
  firstName,
  presence,
  load: 0,
  capacity: 6,
  topics: ['general'],
  serviceId: null,
});

test('counts by presence, and lists available operators first, by name', () => {
  const list = [op(1, 'Zoé', 'offline'), op(2, 'Paul', 'paused'), op(3, 'Éric', 'available'), op(4, 'Anne', 'available')];
  expect(presenceCounts(list)).toEqual({ available: 2, paused: 1, offline: 1 });
  expect(sortAgents(list).map((o) => o.firstName)).toEqual(['Anne', 'Éric', 'Paul', 'Zoé']);
});
