import type { Topic } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import type { Conversation } from './conversation.js';
import type { TransferTo } from './conversation-store.js';
import type { ConversationDeps } from './deps.js';
import { receivingOperator } from './take-conversation.js';

/** Where a transfer sends a conversation, as asked (the note is for whoever takes over). */
export type TransferRequest =
  | { kind: 'operator'; operatorId: string; note: string }
  | { kind: 'topic'; topic: Topic; note?: string | undefined }
  | { kind: 'service'; serviceId: string; note?: string | undefined };

/**
 * Hands a conversation on. Its holder (or a supervisor, for any open conversation) sends it to
 * another operator, who must be connected, available, handle it and have room, with a note for
 * them; or back to the queue under another topic, or to another service's queue. In the queue it
 * keeps its original waiting time. The citizen is told it was handed on, never the note.
 */
export async function transferConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; target: TransferRequest },
): Promise<Conversation> {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
  const supervisor = actor.roles.includes('supervisor');
  if (!supervisor && !actor.roles.includes('operator')) throw new DomainError('auth/forbidden');
  const conversation = await deps.conversations.get(input.conversationId);
  // Operators may only hand on what they hold; anything else does not exist for them.
  if (!conversation || (!supervisor && conversation.assignedOperator?.id !== actor.staffId)) throw new DomainError('conversation/not_found');
  if (conversation.status === 'closed') throw new DomainError('conversation/closed');

  const target = input.target;
  let to: TransferTo;
  if (target.kind === 'operator') {
    if (target.operatorId === conversation.assignedOperator?.id) throw new DomainError('request/invalid', 'already held by this operator');
    const member = await receivingOperator(deps, target.operatorId, conversation);
    to = { kind: 'operator', operator: { id: member.id, rank: member.rank, firstName: member.firstName }, capacity: member.capacity };
  } else if (target.kind === 'topic') {
    to = { kind: 'topic', topic: target.topic };
  } else {
    if (!(await deps.services.get(target.serviceId))) throw new DomainError('service/not_found');
    to = { kind: 'service', serviceId: target.serviceId };
  }

  const result = await deps.conversations.transfer({
    conversationId: conversation.id,
    fromOperatorId: supervisor ? null : actor.staffId,
    to,
    note: target.note?.trim() || null,
    at: deps.clock.now().toISOString(),
  });
  if (result.status === 'rejected') {
    if (result.reason === 'at_capacity') throw new DomainError('operator/at_capacity');
    if (result.reason === 'closed') throw new DomainError('conversation/closed');
    throw new DomainError('conversation/not_found');
  }

  await auditStaff(deps, actor, 'conversation.transferred', {
    conversationId: conversation.id,
    targetStaffId: to.kind === 'operator' ? to.operator.id : null,
    detail: {
      target: to.kind,
      ...(conversation.assignedOperator ? { from: conversation.assignedOperator.id } : {}),
      ...(to.kind === 'topic' ? { topicBefore: conversation.topic, topicAfter: to.topic } : {}),
      ...(to.kind === 'service' ? { serviceBefore: conversation.serviceId ?? 'none', serviceAfter: to.serviceId } : {}),
    },
  });
  const transferred = result.conversation;
  deps.events.publish({ type: 'conversation.event', conversation: transferred, event: result.event });
  deps.events.publish({ type: 'conversation.updated', conversation: transferred });
  if (transferred.status === 'active') {
    // A supervisor may hand a waiting conversation straight to an operator: it leaves the queue.
    if (conversation.status === 'waiting') deps.events.publish({ type: 'queue.remove', conversationId: transferred.id });
    deps.events.publish({ type: 'conversation.assigned', conversation: transferred, fromQueue: conversation.status === 'waiting' });
  } else {
    deps.events.publish({ type: 'queue.upsert', conversation: transferred });
  }
  // The previous holder's consoles drop it.
  if (conversation.assignedOperator) deps.events.publish({ type: 'conversation.unassigned', conversation: transferred, operatorId: conversation.assignedOperator.id });
  return transferred;
}
