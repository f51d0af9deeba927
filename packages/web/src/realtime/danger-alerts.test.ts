import { expect, test } from 'vitest';
import { addDangerAlert, dismissDangerAlert, MAX_DANGER_ALERTS, type DangerAlert } from './danger-alerts.js';
import { uuid } from './test-builders.js';

const alert = (n: number, category = 'weapon'): DangerAlert => ({ conversationId: uuid(n), category, status: 'waiting', receivedAt: n });

test('newest first, one per conversation, bounded', () => {
  let alerts: readonly DangerAlert[] = [];
  alerts = addDangerAlert(alerts, alert(1));
  alerts = addDangerAlert(alerts, alert(2));
  alerts = addDangerAlert(alerts, { ...alert(1, 'threat_to_life'), receivedAt: 3 });
  expect(alerts.map((a) => [a.conversationId, a.category])).toEqual([
    [uuid(1), 'threat_to_life'],
    [uuid(2), 'weapon'],
  ]);
  for (let n = 10; n < 20; n++) alerts = addDangerAlert(alerts, alert(n));
  expect(alerts).toHaveLength(MAX_DANGER_ALERTS);
  expect(alerts[0]?.conversationId).toBe(uuid(19));
});

test('dismissing removes one conversation’s alert, and keeps the same list when there is none', () => {
  const alerts = addDangerAlert(addDangerAlert([], alert(1)), alert(2));
  expect(dismissDangerAlert(alerts, uuid(1)).map((a) => a.conversationId)).toEqual([uuid(2)]);
  expect(dismissDangerAlert(alerts, uuid(9))).toBe(alerts);
});
