import { compareQueue, type TopicLevels } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { requireQueueReader } from './access.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** Orders the queue as every client does (`compareQueue` in the protocol): urgency with ageing, then the longest wait. */
export function sortQueue(waiting: readonly Conversation[], now: Date, levels: TopicLevels): Conversation[] {
  const keyed = waiting.map((c) => ({ c, id: c.id, waitingSince: c.waitingSince, level: c.danger ? 0 : levels[c.topic] }));
  return keyed.sort(compareQueue(now.getTime())).map((k) => k.c);
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
