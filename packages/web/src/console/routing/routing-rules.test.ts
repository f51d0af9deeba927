import type { OperatorView } from '@brigade/protocol';
import { describe, expect, test } from 'vitest';
import { uuid } from '../../realtime/test-builders.js';
import { atCapacity, byAvailability, loadOf, notHandled, operatorBlocker } from './routing-rules.js';

const GENDARMERIE = uuid(900);
const POLICE = uuid(901);
const DEFAULT_TOPICS = ['general', 'violence', 'cyberharassment', 'discrimination', 'other'] as const;

function operator(n: number, overrides: Partial<OperatorView> = {}): OperatorView {
  return { id: uuid(n), rank: 'Gendarme', firstName: `Agent ${n}`, presence: 'available', load: 0, capacity: 6, topics: [...DEFAULT_TOPICS], serviceId: null, ...overrides };
}

describe('notHandled', () => {
  test('minors only for operators trained for it', () => {
    expect(notHandled({ topics: DEFAULT_TOPICS, serviceId: null }, { topic: 'minors', serviceId: null })).toBe('minors');
    expect(notHandled({ topics: [...DEFAULT_TOPICS, 'minors'], serviceId: null }, { topic: 'minors', serviceId: null })).toBeNull();
    expect(notHandled({ topics: ['violence'], serviceId: null }, { topic: 'general', serviceId: null })).toBe('topic');
  });

  test('a service applies only when both the operator and the conversation have one', () => {
    const conversation = { topic: 'general' as const, serviceId: GENDARMERIE };
    expect(notHandled({ topics: DEFAULT_TOPICS, serviceId: POLICE }, conversation)).toBe('service');
    expect(notHandled({ topics: DEFAULT_TOPICS, serviceId: GENDARMERIE }, conversation)).toBeNull();
    expect(notHandled({ topics: DEFAULT_TOPICS, serviceId: null }, conversation)).toBeNull();
    expect(notHandled({ topics: DEFAULT_TOPICS, serviceId: POLICE }, { topic: 'general', serviceId: null })).toBeNull();
  });
});

test('the load counts the conversations held that are not closed (one still loading included)', () => {
  const statuses = new Map([
    [uuid(1), 'active' as const],
    [uuid(2), 'closed' as const],
  ]);
  expect(loadOf([uuid(1), uuid(2), uuid(3)], (id) => statuses.get(id) ?? null)).toBe(2);
  expect(atCapacity(2, 2)).toBe(true);
  expect(atCapacity(1, 2)).toBe(false);
});

describe('operatorBlocker', () => {
  const conversation = { topic: 'minors' as const, serviceId: null };
  test('says why a colleague cannot receive a conversation, presence first', () => {
    expect(operatorBlocker(operator(1), conversation, uuid(1))).toBe('self');
    expect(operatorBlocker(operator(2, { presence: 'offline' }), conversation, uuid(1))).toBe('offline');
    expect(operatorBlocker(operator(2, { presence: 'paused', topics: ['minors'] }), conversation, uuid(1))).toBe('paused');
    expect(operatorBlocker(operator(2, { load: 6, topics: ['minors'] }), conversation, uuid(1))).toBe('at_capacity');
    expect(operatorBlocker(operator(2), conversation, uuid(1))).toBe('minors');
    expect(operatorBlocker(operator(2, { topics: ['minors'] }), conversation, uuid(1))).toBeNull();
  });

  test('a supervisor handing on a colleague’s conversation sees that colleague, not selectable', () => {
    expect(operatorBlocker(operator(2, { topics: ['minors'] }), conversation, uuid(1), uuid(2))).toBe('holder');
    // The holder handing it on themselves: simply left out.
    expect(operatorBlocker(operator(1), conversation, uuid(1), uuid(1))).toBe('self');
    const list = byAvailability([operator(2, { topics: ['minors'] }), operator(3, { topics: ['minors'] })], conversation, uuid(1), uuid(2));
    expect(list.map((o) => [o.operator.id, o.blocker])).toEqual([
      [uuid(3), null],
      [uuid(2), 'holder'],
    ]);
  });

  test('the list puts who can receive it first and leaves oneself out', () => {
    const list = byAvailability([operator(1), operator(2, { presence: 'paused' }), operator(3, { topics: ['minors'] })], conversation, uuid(1));
    expect(list.map((o) => [o.operator.id, o.blocker])).toEqual([
      [uuid(3), null],
      [uuid(2), 'paused'],
    ]);
  });
});
