import { compareQueue } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { requireQueueReader } from './access.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** Orders the queue as every client does (`compareQueue` in the protocol): urgency with ageing, then the longest wait. */
export function sortQueue(waiting: Conversation[], now: Date): Conversation[] {
  return [...waiting].sort(compareQueue<Conversation>(now.getTime()));
}

/** The waiting queue and the conversations the caller holds. */
export async function queueSnapshot(
  deps: Pick<ConversationDeps, 'conversations' | 'clock'>,
  actor: Actor,
): Promise<{ waiting: Conversation[]; mine: Conversation[] }> {
  requireQueueReader(actor);
  const [waiting, mine] = await Promise.all([
    deps.conversations.listWaiting(),
    deps.conversations.listOpenAssignedTo(actor.staffId),
  ]);
  return { waiting: sortQueue(waiting, deps.clock.now()), mine };
}
