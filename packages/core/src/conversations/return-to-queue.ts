import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import { requireOperator } from './access.js';
import type { Conversation, StoredEvent } from './conversation.js';
import type { ConversationDeps } from './deps.js';

function announce(deps: ConversationDeps, conversation: Conversation, event: StoredEvent, operatorId: string): void {
  deps.events.publish({ type: 'conversation.event', conversation, event });
  deps.events.publish({ type: 'conversation.updated', conversation });
  deps.events.publish({ type: 'queue.upsert', conversation });
  deps.events.publish({ type: 'conversation.unassigned', conversation, operatorId });
}

/** The holder gives a conversation back to the queue, where it keeps its priority and waiting time. */
export async function releaseConversation(deps: ConversationDeps, actor: Actor, input: { conversationId: string }): Promise<Conversation> {
  requireOperator(actor);
  const result = await deps.conversations.returnToQueue(input.conversationId, actor.staffId, 'released', deps.clock.now().toISOString());
  if (!result) throw new DomainError('conversation/not_found');
  await auditStaff(deps, actor, 'conversation.returned_to_queue', { conversationId: input.conversationId, detail: { reason: 'released' } });
  announce(deps, result.conversation, result.event, actor.staffId);
  return result.conversation;
}

/**
 * An operator dropped off and did not come back within the grace period: every conversation they
 * held goes back to the queue, where its original waiting time puts it ahead of later arrivals,
 * and its citizen is told. Run by the system, recorded in the audit trail.
 */
export async function returnConversationsOfAbsentOperator(deps: ConversationDeps, operatorId: string): Promise<Conversation[]> {
  const returned: Conversation[] = [];
  for (const held of await deps.conversations.listOpenAssignedTo(operatorId)) {
    const at = deps.clock.now().toISOString();
    const result = await deps.conversations.returnToQueue(held.id, operatorId, 'operator_offline', at);
    if (!result) continue;
    await deps.audit.record(
      {
        action: 'conversation.returned_to_queue',
        actorId: null,
        conversationId: held.id,
        targetStaffId: operatorId,
        address: null,
        reason: null,
        detail: { reason: 'operator_offline' },
      },
      at,
    );
    announce(deps, result.conversation, result.event, operatorId);
    returned.push(result.conversation);
  }
  return returned;
}
