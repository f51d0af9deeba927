import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import { requireOperator } from './access.js';
import type { Conversation, StoredEvent } from './conversation.js';
import { sortQueue } from './queue-snapshot.js';
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
  announceAssignment(deps, result.conversation, result.event);
  return result.conversation;
}

function announceAssignment(deps: ConversationDeps, conversation: Conversation, event: StoredEvent): void {
  deps.events.publish({ type: 'queue.remove', conversationId: conversation.id });
  deps.events.publish({ type: 'conversation.event', conversation, event });
  deps.events.publish({ type: 'conversation.updated', conversation });
  deps.events.publish({ type: 'conversation.assigned', conversation });
}

/**
 * "Next, please": the operator takes the most urgent waiting conversation. If another operator
 * wins it meanwhile, the next one is tried.
 */
export async function takeNextConversation(deps: ConversationDeps, actor: Actor): Promise<Conversation> {
  requireOperator(actor);
  const member = await deps.staff.findById(actor.staffId);
  if (!member || member.disabled) throw new DomainError('auth/session_ended');
  const operator = { id: member.id, rank: member.rank, firstName: member.firstName };
  for (const candidate of sortQueue(await deps.conversations.listWaiting(), deps.clock.now())) {
    const result = await deps.conversations.assign(candidate.id, operator, deps.clock.now().toISOString());
    if (result.status !== 'assigned') continue;
    await auditStaff(deps, actor, 'conversation.taken', { conversationId: result.conversation.id, detail: { next: true } });
    announceAssignment(deps, result.conversation, result.event);
    return result.conversation;
  }
  throw new DomainError('queue/empty');
}

/** A supervisor hands a waiting conversation to an operator (who must be an enabled operator). */
export async function assignConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; operatorId: string },
): Promise<Conversation> {
  if (actor.kind !== 'staff' || !actor.roles.includes('supervisor')) throw new DomainError('auth/forbidden');
  const target = await deps.staff.findById(input.operatorId);
  if (!target || target.disabled || !target.roles.includes('operator')) throw new DomainError('staff/not_found');
  const result = await deps.conversations.assign(
    input.conversationId,
    { id: target.id, rank: target.rank, firstName: target.firstName },
    deps.clock.now().toISOString(),
  );
  if (result.status === 'rejected') {
    const current = result.reason === 'not_waiting' ? await deps.conversations.get(input.conversationId) : undefined;
    throw new DomainError(current?.status === 'active' ? 'conversation/already_taken' : 'conversation/not_found');
  }
  await auditStaff(deps, actor, 'conversation.assigned', { conversationId: result.conversation.id, targetStaffId: target.id });
  announceAssignment(deps, result.conversation, result.event);
  return result.conversation;
}
