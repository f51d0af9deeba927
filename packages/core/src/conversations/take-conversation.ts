import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
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
    if (result.reason === 'not_found') throw new DomainError('conversation/not_found');
    const current = await deps.conversations.get(input.conversationId);
    // A retry after a lost ack: the caller already holds it, so the take has succeeded.
    if (current?.status === 'active' && current.assignedOperator?.id === member.id) return current;
    // Someone else holds it: say so (operators saw it in the queue). Closed: nothing to take.
    if (current?.status === 'active') throw new DomainError('conversation/already_taken');
    throw new DomainError('conversation/not_found');
  }
  await auditStaff(deps, actor, 'conversation.taken', { conversationId: result.conversation.id });
  deps.events.publish({ type: 'queue.remove', conversationId: result.conversation.id });
  deps.events.publish({ type: 'conversation.event', conversation: result.conversation, event: result.event });
  deps.events.publish({ type: 'conversation.updated', conversation: result.conversation });
  return result.conversation;
}
