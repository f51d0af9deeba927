// Reconnection delays: exponential, capped, jittered so that a thousand phones dropped by the
// same network hiccup do not all come back in the same millisecond.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 15_000;

/**
 * Delay before reconnection attempt number `attempt` (0 for the first retry): between half and
 * all of min(cap, base·2^attempt). `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
