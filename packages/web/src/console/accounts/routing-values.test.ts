import { expect, test } from 'vitest';
import { uuid } from '../../realtime/test-builders.js';
import { defaultRouting, missingTopics, routingBody, routingOf } from './routing-values.js';

test('a new account handles every topic but minors, 6 at once, for all services', () => {
  expect(routingBody(defaultRouting)).toEqual({
    capacity: 6,
    topics: ['general', 'violence', 'cyberharassment', 'discrimination', 'other'],
    serviceId: null,
  });
});

test('values round-trip from an account; topics keep the protocol order; a blank capacity is refused later', () => {
  const values = routingOf({ capacity: 3, topics: ['minors', 'general'], serviceId: uuid(9) });
  expect(values).toEqual({ capacity: '3', topics: ['minors', 'general'], serviceId: uuid(9) });
  expect(routingBody(values)).toEqual({ capacity: 3, topics: ['general', 'minors'], serviceId: uuid(9) });
  expect(routingBody({ ...values, capacity: ' ' }).capacity).toBeNaN();
});

test('an operator needs at least one topic; other roles need none', () => {
  expect(missingTopics(['operator'], { ...defaultRouting, topics: [] })).toBe(true);
  expect(missingTopics(['supervisor'], { ...defaultRouting, topics: [] })).toBe(false);
});
