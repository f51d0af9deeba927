import { expect, test } from 'vitest';
import { addWaitingAlert, dismissWaitingAlert, keepWaiting, MAX_WAITING_ALERTS, type WaitingAlert } from './waiting-alerts.js';
import { uuid } from './test-builders.js';

const alert = (n: number, danger = false): WaitingAlert => ({ conversationId: uuid(n), waitingSince: '2025-01-01T03:00:00.000Z', danger, receivedAt: n });

test('one alert per conversation, newest first, bounded', () => {
  let alerts: readonly WaitingAlert[] = [];
  for (let n = 1; n <= MAX_WAITING_ALERTS + 1; n++) alerts = addWaitingAlert(alerts, alert(n));
  expect(alerts.map((a) => a.receivedAt)).toEqual([6, 5, 4, 3, 2]);
  alerts = addWaitingAlert(alerts, { ...alert(4, true), receivedAt: 10 });
  expect(alerts.map((a) => a.receivedAt)).toEqual([10, 6, 5, 3, 2]);
  expect(alerts[0]?.danger).toBe(true);
});

test('dismissed by hand, or dropped once the conversation no longer waits', () => {
  const alerts = [alert(2), alert(1)];
  expect(dismissWaitingAlert(alerts, uuid(2)).map((a) => a.conversationId)).toEqual([uuid(1)]);
  expect(dismissWaitingAlert(alerts, uuid(9))).toBe(alerts);
  expect(keepWaiting(alerts, new Map([[uuid(1), null]])).map((a) => a.conversationId)).toEqual([uuid(1)]);
  expect(keepWaiting(alerts, new Map([[uuid(1), null], [uuid(2), null]]))).toBe(alerts);
});
