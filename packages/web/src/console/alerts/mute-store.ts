// Each person may mute the waiting alert's sound (never its visual part). The choice lives in
// memory and in this tab's sessionStorage only, per person.

const keyOf = (staffId: string) => `brigade.console.muted.${staffId}`;

export function readMuted(staffId: string, storage: Storage | undefined = globalThis.sessionStorage): boolean {
  try {
    return storage?.getItem(keyOf(staffId)) === '1';
  } catch {
    return false;
  }
}

export function writeMuted(staffId: string, muted: boolean, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    if (muted) storage?.setItem(keyOf(staffId), '1');
    else storage?.removeItem(keyOf(staffId));
  } catch {
    // Storage refused: the choice still holds in memory for this page.
  }
}
