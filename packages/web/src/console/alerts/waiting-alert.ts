// "Nobody waits unseen": what the operators' waiting alert shows and when its sound repeats.
import type { QueueEntry } from '@brigade/protocol';

export interface WaitingSummary {
  count: number;
  /** Since when the longest-waiting conversation waits (ms since the epoch), null when none. */
  oldestSince: number | null;
  /** At least one of them is flagged as danger. */
  danger: boolean;
}

export function waitingSummary(entries: Iterable<QueueEntry>): WaitingSummary {
  let count = 0;
  let oldestSince: number | null = null;
  let danger = false;
  for (const entry of entries) {
    count += 1;
    const since = Date.parse(entry.waitingSince);
    if (!Number.isNaN(since) && (oldestSince === null || since < oldestSince)) oldestSince = since;
    danger ||= entry.danger;
  }
  return { count, oldestSince, danger };
}

/** The tab title alternates between the console's name and the alert, the count always first. */
export function waitingTitle(base: string, alert: string, count: number, phase: boolean): string {
  if (count === 0) return base;
  return `(${count}) ${phase ? alert : base}`;
}

/** How often the sound repeats while conversations keep waiting. */
export const BEEP_REPEAT_MS = 30_000;

export interface LastBeep {
  /** When the last beep sounded (ms), null if never. */
  at: number | null;
  /** How many conversations were waiting then (a new arrival beeps at once). */
  count: number;
}

export function beepDue(last: LastBeep, count: number, now: number, repeatMs = BEEP_REPEAT_MS): boolean {
  if (count === 0) return false;
  if (count > last.count) return true;
  return last.at === null || now - last.at >= repeatMs;
}
