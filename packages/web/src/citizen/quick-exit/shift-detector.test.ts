import { expect, test } from 'vitest';
import { initialShiftState, onKeyUp, type ShiftState } from './shift-detector.js';

function run(keys: readonly [string, boolean, number][]): boolean[] {
  let state: ShiftState = initialShiftState;
  return keys.map(([key, shiftKey, at]) => {
    const result = onKeyUp(state, { key, shiftKey }, at);
    state = result.state;
    return result.exit;
  });
}

test('three Shift presses within 5 s exit', () => {
  expect(run([['Shift', false, 0], ['Shift', false, 1000], ['Shift', false, 4999]])).toEqual([false, false, true]);
});

test('presses spread over more than 5 s do not', () => {
  expect(run([['Shift', false, 0], ['Shift', false, 3000], ['Shift', false, 5000]])).toEqual([false, false, false]);
  // …but the last two still count with a third one soon after.
  expect(run([['Shift', false, 0], ['Shift', false, 3000], ['Shift', false, 5000], ['Shift', false, 6000]]).at(-1)).toBe(true);
});

test('another key in between resets the count', () => {
  expect(run([['Shift', false, 0], ['Shift', false, 100], ['a', false, 200], ['Shift', false, 300]])).toEqual([false, false, false, false]);
});

test('typing capital letters never exits', () => {
  // Shift held, letter released (shiftKey true), then Shift released: three capitals in a row.
  const capital = (at: number): [string, boolean, number][] => [
    ['J', true, at],
    ['Shift', false, at + 1],
  ];
  expect(run([...capital(0), ...capital(100), ...capital(200)]).some(Boolean)).toBe(false);
});
