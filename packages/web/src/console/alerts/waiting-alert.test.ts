import type { QueueEntry } from '@brigade/protocol';
import { expect, test } from 'vitest';
import { uuid } from '../../realtime/test-builders.js';
import { beepDue, BEEP_REPEAT_MS, waitingSummary, waitingTitle } from './waiting-alert.js';

const entry = (n: number, waitingSince: string, danger = false): QueueEntry => ({
  conversationId: uuid(n),
  topic: 'general',
  danger,
  postalCode: '35000',
  waitingSince,
  pendingMessages: 0,
  serviceId: null,
  level: 4,
});

test('count, longest wait and danger of the waiting conversations', () => {
  expect(waitingSummary([])).toEqual({ count: 0, oldestSince: null, danger: false });
  const summary = waitingSummary([entry(1, '2025-01-01T03:05:00.000Z'), entry(2, '2025-01-01T03:00:00.000Z', true)]);
  expect(summary).toEqual({ count: 2, oldestSince: Date.parse('2025-01-01T03:00:00.000Z'), danger: true });
});

test('the title keeps the count and alternates the alert with the console’s name', () => {
  expect(waitingTitle('Console', 'En attente', 0, true)).toBe('Console');
  expect(waitingTitle('Console', 'En attente', 3, true)).toBe('(3) En attente');
  expect(waitingTitle('Console', 'En attente', 3, false)).toBe('(3) Console');
});

test('the sound: at once for a new arrival, then again every so often while they wait', () => {
  expect(beepDue({ at: null, count: 0 }, 0, 0)).toBe(false);
  expect(beepDue({ at: null, count: 0 }, 1, 0)).toBe(true);
  expect(beepDue({ at: 1000, count: 1 }, 1, 1000 + BEEP_REPEAT_MS - 1)).toBe(false);
  expect(beepDue({ at: 1000, count: 1 }, 1, 1000 + BEEP_REPEAT_MS)).toBe(true);
  expect(beepDue({ at: 1000, count: 1 }, 2, 1001)).toBe(true);
  expect(beepDue({ at: 1000, count: 2 }, 1, 1001)).toBe(false);
});
