// Quick exit: in this order, because the first steps must happen even if a later one fails.
//  1. blank the page synchronously (before the next paint);
//  2. tell the server, with a beacon that survives the page unloading, to revoke the token;
//  3. close the socket and drop every piece of state held in memory;
//  4. clear this tab's sessionStorage;
//  5. replace the current history entry with a neutral site, so Back does not come here.
import { exitDestination } from './exit-destination.js';

export const CITIZEN_EXIT_PATH = '/api/citizen/exit';

let citizenToken: string | null = null;
const cleanups = new Set<() => void>();
let exiting = false;

/** The credential to revoke on exit (null when no conversation is open). */
export function setQuickExitToken(token: string | null): void {
  citizenToken = token;
}

/** Registers what to tear down on exit (close the socket, reset the app state…). */
export function onQuickExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function blankPage(): void {
  const root = document.documentElement;
  // CSSOM writes are allowed by a strict CSP (no 'unsafe-inline' needed).
  root.style.setProperty('display', 'none', 'important');
  root.classList.add('brigade-exiting');
}

function sendExitBeacon(token: string): void {
  const body = JSON.stringify({ citizenToken: token });
  const queued =
    typeof navigator.sendBeacon === 'function' &&
    navigator.sendBeacon(CITIZEN_EXIT_PATH, new Blob([body], { type: 'application/json' }));
  if (!queued) {
    // keepalive lets the request outlive the page, like a beacon.
    void fetch(CITIZEN_EXIT_PATH, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => {});
  }
}

export function quickExit(): void {
  if (exiting) return;
  exiting = true;
  try {
    blankPage();
  } catch {
    // Keep going: leaving matters more than blanking.
  }
  const token = citizenToken;
  citizenToken = null;
  if (token !== null) {
    try {
      sendExitBeacon(token);
    } catch {
      // The page still leaves; the server also ends the conversation when the socket closes.
    }
  }
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // One failing cleanup must not keep the page on screen.
    }
  }
  cleanups.clear();
  try {
    sessionStorage.clear();
  } catch {
    // Storage may be unavailable; nothing to clear then.
  }
  window.location.replace(exitDestination());
}
