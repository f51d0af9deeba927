import { effectiveLevel, type TopicLevels } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { requireQueueReader } from './access.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** Orders the queue as every client does (`compareQueue` in the protocol): urgency with ageing, then the longest wait, then id. */
export function sortQueue<C extends Pick<Conversation, 'id' | 'topic' | 'danger' | 'waitingSince'>>(waiting: readonly C[], now: Date, levels: TopicLevels): C[] {
  // The effective level is computed once per conversation, not in every comparison (10,000 waiting).
  const nowMs = now.getTime();
  const keyed = waiting.map((c) => ({ c, id: c.id, waitingSince: c.waitingSince, level: effectiveLevel({ level: c.danger ? 0 : levels[c.topic], waitingSince: c.waitingSince }, nowMs) }));
  keyed.sort((a, b) => a.level - b.level || (a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.c);
}

/** The waiting queue and the conversations the caller holds. */
export async function queueSnapshot(
  deps: Pick<ConversationDeps, 'conversations' | 'clock' | 'priorities'>,
  actor: Actor,
): Promise<{ waiting: Conversation[]; mine: Conversation[] }> {
  requireQueueReader(actor);
  const [waiting, mine] = await Promise.all([
    deps.conversations.listWaiting(),
    deps.conversations.listOpenAssignedTo(actor.staffId),
  ]);
  return { waiting: sortQueue(waiting, deps.clock.now(), deps.priorities.levels), mine };
}
