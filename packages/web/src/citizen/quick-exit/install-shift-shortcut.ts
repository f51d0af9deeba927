// Listens for Shift ×3 on the whole page from the first moment (before React renders).
import { quickExit } from './quick-exit.js';
import { initialShiftState, onKeyUp, type ShiftState } from './shift-detector.js';

export function installShiftShortcut(target: Window = window): () => void {
  let state: ShiftState = initialShiftState;
  const listener = (event: KeyboardEvent) => {
    const result = onKeyUp(state, { key: event.key, shiftKey: event.shiftKey }, Date.now());
    state = result.state;
    if (result.exit) quickExit();
  };
  target.addEventListener('keyup', listener, { capture: true });
  return () => target.removeEventListener('keyup', listener, { capture: true });
}
