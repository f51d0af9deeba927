import type { Actor } from '../actor.js';
import { requireQueueReader } from './access.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** Orders the queue: danger first, then the longest wait. */
export function compareQueueOrder(a: Conversation, b: Conversation): number {
  if (a.danger !== b.danger) return a.danger ? -1 : 1;
  return a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : a.id < b.id ? -1 : 1;
}

/** The waiting queue and the conversations the caller holds. */
export async function queueSnapshot(
  deps: Pick<ConversationDeps, 'conversations'>,
  actor: Actor,
): Promise<{ waiting: Conversation[]; mine: Conversation[] }> {
  requireQueueReader(actor);
  const [waiting, mine] = await Promise.all([
    deps.conversations.listWaiting(),
    deps.conversations.listOpenAssignedTo(actor.staffId),
  ]);
  return { waiting: [...waiting].sort(compareQueueOrder), mine };
}
