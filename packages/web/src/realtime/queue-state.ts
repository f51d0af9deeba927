// Pure state of the operators' waiting queue, fed by queue.snapshot / upsert / remove.
import type { QueueEntry } from '@brigade/protocol';

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

/** Danger first, then the longest wait; ties broken by id so the order never flickers. */
export function sortQueue(entries: Iterable<QueueEntry>): QueueEntry[] {
  return [...entries].sort((a, b) => {
    if (a.danger !== b.danger) return a.danger ? -1 : 1;
    const wait = Date.parse(a.waitingSince) - Date.parse(b.waitingSince);
    if (wait !== 0) return wait;
    return a.conversationId < b.conversationId ? -1 : 1;
  });
}
