import { MAX_DELTA_EVENTS } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { loadReadable } from './access.js';
import type { Conversation, StoredEvent } from './conversation.js';
import type { ConversationDeps } from './deps.js';

export interface SyncResult {
  mode: 'delta' | 'snapshot';
  conversation: Conversation;
  events: StoredEvent[];
}

/**
 * What a (re)connecting reader missed since `afterSeq`: the missed events in order, or the
 * whole history when the reader is too far behind (or claims a seq from the future).
 */
export async function syncConversation(
  deps: Pick<ConversationDeps, 'conversations'>,
  actor: Actor,
  input: { conversationId: string; afterSeq: number },
): Promise<SyncResult> {
  const conversation = await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
  const missed = conversation.lastSeq - input.afterSeq;
  if (input.afterSeq > 0 && missed >= 0 && missed <= MAX_DELTA_EVENTS) {
    const events = await deps.conversations.eventsAfter(conversation.id, input.afterSeq, MAX_DELTA_EVENTS);
    return { mode: 'delta', conversation, events };
  }
  const events = await deps.conversations.eventsAfter(conversation.id, 0, Number.MAX_SAFE_INTEGER);
  return { mode: 'snapshot', conversation, events };
}
