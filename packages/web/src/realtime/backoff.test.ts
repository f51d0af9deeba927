import { expect, test } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from './backoff.js';

test('grows exponentially from 0.5 s, with jitter between half and all of the ceiling', () => {
  expect(backoffDelay(0, () => 0)).toBe(250);
  expect(backoffDelay(0, () => 0.999999)).toBe(500);
  expect(backoffDelay(1, () => 0.999999)).toBe(1000);
  expect(backoffDelay(3, () => 0)).toBe(2000);
});

test('never exceeds the cap, even after many attempts', () => {
  for (const attempt of [5, 6, 10, 100, 10_000]) {
    expect(backoffDelay(attempt, () => 0.999999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(backoffDelay(attempt, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  }
});
