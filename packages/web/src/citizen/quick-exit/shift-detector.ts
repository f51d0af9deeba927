// "Press Shift 3 times within 5 seconds to leave", as in GOV.UK's Exit this page: counted on
// key release, any other key resets the count, and the Shift release that ends a capital
// letter (Shift held while typing) does not count, so typing "Je Suis Là" never exits.
export const SHIFT_PRESSES = 3;
export const SHIFT_WINDOW_MS = 5_000;

export interface ShiftState {
  readonly presses: readonly number[];
  readonly lastKeyWasModified: boolean;
}

export const initialShiftState: ShiftState = { presses: [], lastKeyWasModified: false };

export function onKeyUp(state: ShiftState, key: { key: string; shiftKey: boolean }, now: number): { state: ShiftState; exit: boolean } {
  if (key.key !== 'Shift') {
    return { state: { presses: [], lastKeyWasModified: key.shiftKey }, exit: false };
  }
  if (state.lastKeyWasModified) {
    return { state: { presses: state.presses, lastKeyWasModified: false }, exit: false };
  }
  const presses = [...state.presses.filter((at) => now - at < SHIFT_WINDOW_MS), now];
  if (presses.length >= SHIFT_PRESSES) return { state: initialShiftState, exit: true };
  return { state: { presses, lastKeyWasModified: false }, exit: false };
}
