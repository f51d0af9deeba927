// Pure state of the operators' waiting queue, fed by queue.snapshot / upsert / remove.
import { compareQueue, type QueueEntry } from '@brigade/protocol';

export interface QueueState {
  /** True once the first snapshot arrived (before that the UI shows "loading", not "empty"). */
  loaded: boolean;
  entries: ReadonlyMap<string, QueueEntry>;
}

export const emptyQueue: QueueState = { loaded: false, entries: new Map() };

export function applyQueueSnapshot(entries: readonly QueueEntry[]): QueueState {
  return { loaded: true, entries: new Map(entries.map((e) => [e.conversationId, e])) };
}

export function upsertQueueEntry(queue: QueueState, entry: QueueEntry): QueueState {
  const entries = new Map(queue.entries);
  entries.set(entry.conversationId, entry);
  return { ...queue, entries };
}

export function removeQueueEntry(queue: QueueState, conversationId: string): QueueState {
  if (!queue.entries.has(conversationId)) return queue;
  const entries = new Map(queue.entries);
  entries.delete(conversationId);
  return { ...queue, entries };
}

/**
 * The protocol's order (danger first, then topic urgency raised by waiting time, then the longest
 * wait), so every operator sees what the server's "take next" will pick.
 */
export function sortQueue(entries: Iterable<QueueEntry>, nowMs: number): QueueEntry[] {
  return [...entries].sort(compareQueue<QueueEntry>(nowMs));
}
