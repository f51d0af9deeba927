import type { Topic } from './common.js';

/**
 * The queue order, shared by the server and every client so that all show the same order.
 *
 * Level 0 is danger now; then minors (1, reserved for the minors' space), violence in the couple
 * or family and sexual or sexist violence (2), cyber-harassment and discrimination (3), general
 * and other questions (4). Inside a level, the longest wait comes first.
 *
 * Ageing: every QUEUE_AGING_MS of waiting raises a conversation one level, down to level 1 at
 * most (only danger is level 0), so a general question waiting 30 minutes ranks with the most
 * urgent non-danger ones and is never starved.
 */
export const QUEUE_AGING_MS = 10 * 60_000;

export const TOPIC_LEVELS: Record<Topic, number> = {
  violence: 2,
  cyberharassment: 3,
  discrimination: 3,
  general: 4,
  other: 4,
};

/** The base level of a conversation (before ageing). */
export function baseLevel(entry: { danger: boolean; topic: Topic }): number {
  return entry.danger ? 0 : TOPIC_LEVELS[entry.topic];
}

/** The level after ageing at `nowMs`. */
export function effectiveLevel(entry: { danger: boolean; topic: Topic; waitingSince: string }, nowMs: number): number {
  const base = baseLevel(entry);
  if (base === 0) return 0;
  const waited = Math.max(0, nowMs - Date.parse(entry.waitingSince));
  return Math.max(1, base - Math.floor(waited / QUEUE_AGING_MS));
}

/** Sort comparator: most urgent first, then longest wait, then id (a total order). */
export function compareQueue<E extends { danger: boolean; topic: Topic; waitingSince: string; id?: string; conversationId?: string }>(
  nowMs: number,
): (a: E, b: E) => number {
  return (a, b) => {
    const level = effectiveLevel(a, nowMs) - effectiveLevel(b, nowMs);
    if (level !== 0) return level;
    if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince ? -1 : 1;
    const ia = a.id ?? a.conversationId ?? '';
    const ib = b.id ?? b.conversationId ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}
