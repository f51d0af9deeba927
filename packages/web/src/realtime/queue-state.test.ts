import type { QueueEntry } from '@brigade/protocol';
import { expect, test } from 'vitest';
import { applyQueueSnapshot, removeQueueEntry, sortQueue, upsertQueueEntry } from './queue-state.js';
import { uuid } from './test-builders.js';

function entry(n: number, waitingSince: string, danger = false): QueueEntry {
  return { conversationId: uuid(n), topic: 'general', danger, postalCode: '35000', waitingSince, pendingMessages: 0, serviceId: null, level: danger ? 0 : 4 };
}

test('danger first, then the longest wait, then topic urgency raised by waiting', () => {
  const now = Date.parse('2025-01-01T03:21:00.000Z');
  const a = entry(1, '2025-01-01T03:10:00.000Z');
  const b = entry(2, '2025-01-01T03:00:00.000Z');
  const c = entry(3, '2025-01-01T03:20:00.000Z', true);
  const violence: QueueEntry = { ...entry(4, '2025-01-01T03:20:30.000Z'), topic: 'violence', level: 2 };
  // b has waited 21 min: two levels up (4 → 2), level with violence but waiting longer.
  expect(sortQueue([a, b, c, violence], now).map((e) => e.conversationId)).toEqual([uuid(3), uuid(2), uuid(4), uuid(1)]);
});

test('snapshot, upsert and remove', () => {
  let queue = applyQueueSnapshot([entry(1, '2025-01-01T03:00:00.000Z')]);
  expect(queue.loaded).toBe(true);
  queue = upsertQueueEntry(queue, { ...entry(1, '2025-01-01T03:00:00.000Z'), pendingMessages: 2 });
  queue = upsertQueueEntry(queue, entry(2, '2025-01-01T03:01:00.000Z'));
  expect(queue.entries.get(uuid(1))?.pendingMessages).toBe(2);
  expect(queue.entries.size).toBe(2);
  queue = removeQueueEntry(queue, uuid(1));
  expect([...queue.entries.keys()]).toEqual([uuid(2)]);
  expect(removeQueueEntry(queue, uuid(9))).toBe(queue);
});

test('the order follows the level each entry carries (an administrator may put general questions first)', () => {
  const now = Date.parse('2025-01-01T03:05:00.000Z');
  const violence: QueueEntry = { ...entry(1, '2025-01-01T03:00:00.000Z'), topic: 'violence', level: 2 };
  const general: QueueEntry = { ...entry(2, '2025-01-01T03:04:00.000Z'), level: 4 };
  expect(sortQueue([violence, general], now).map((e) => e.conversationId)).toEqual([uuid(1), uuid(2)]);
  // After the change, the server re-sends every waiting entry with its new level.
  expect(sortQueue([violence, { ...general, level: 1 }], now).map((e) => e.conversationId)).toEqual([uuid(2), uuid(1)]);
  // Danger (level 0) stays first whatever the levels.
  const danger: QueueEntry = { ...entry(3, '2025-01-01T03:04:59.000Z', true) };
  expect(sortQueue([violence, { ...general, level: 1 }, danger], now)[0]?.conversationId).toBe(uuid(3));
});
