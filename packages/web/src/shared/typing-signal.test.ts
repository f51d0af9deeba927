import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, TypingSignal } from './typing-signal.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('typing is sent once, refreshed while typing, and stopped after a pause', () => {
  const sent: boolean[] = [];
  const signal = new TypingSignal((typing) => sent.push(typing), () => Date.now());
  signal.input('b');
  signal.input('bo');
  expect(sent).toEqual([true]);
  vi.advanceTimersByTime(TYPING_REFRESH_MS - 1);
  signal.input('bon');
  vi.advanceTimersByTime(1);
  signal.input('bonj');
  expect(sent).toEqual([true, true]);
  vi.advanceTimersByTime(TYPING_IDLE_MS);
  expect(sent).toEqual([true, true, false]);
});

test('clearing the text or sending stops at once, and only once', () => {
  const sent: boolean[] = [];
  const signal = new TypingSignal((typing) => sent.push(typing));
  signal.input('x');
  signal.input('');
  signal.stop();
  expect(sent).toEqual([true, false]);
});
