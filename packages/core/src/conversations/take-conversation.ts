import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { requireOperator } from './access.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** An operator takes a waiting conversation; exactly one of several concurrent takers wins. */
export async function takeConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string },
): Promise<Conversation> {
  requireOperator(actor);
  const member = await deps.staff.findById(actor.staffId);
  if (!member || member.disabled) throw new DomainError('auth/session_ended');
  const result = await deps.conversations.assign(
    input.conversationId,
    { id: member.id, rank: member.rank, firstName: member.firstName },
    deps.clock.now().toISOString(),
  );
  if (result.status === 'rejected') {
    throw new DomainError(result.reason === 'not_waiting' ? 'conversation/already_taken' : 'conversation/not_found');
  }
  deps.events.publish({ type: 'queue.remove', conversationId: result.conversation.id });
  deps.events.publish({ type: 'conversation.event', conversation: result.conversation, event: result.event });
  deps.events.publish({ type: 'conversation.updated', conversation: result.conversation });
  return result.conversation;
}
