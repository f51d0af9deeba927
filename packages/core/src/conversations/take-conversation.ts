import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import { handles } from '../routing/eligibility.js';
import type { StaffMember } from '../staff/staff.js';
import { requireOperator } from './access.js';
import type { Conversation, OperatorRef, StoredEvent } from './conversation.js';
import type { AssignResult } from './conversation-store.js';
import { sortQueue } from './queue-snapshot.js';
import type { ConversationDeps } from './deps.js';

/** Conversations read per group of equal topic, danger and service for "take next". */
const HEADS_PER_GROUP = 3;
const TAKE_NEXT_ROUNDS = 5;

const refOf = (member: StaffMember): OperatorRef => ({ id: member.id, rank: member.rank, firstName: member.firstName });

async function activeOperator(deps: ConversationDeps, staffId: string): Promise<StaffMember> {
  const member = await deps.staff.findById(staffId);
  if (!member || member.disabled) throw new DomainError('auth/session_ended');
  return member;
}

/** Turns a rejected assignment into the error the caller should see. */
async function rejection(deps: ConversationDeps, conversationId: string, result: AssignResult & { status: 'rejected' }, holderId: string): Promise<Conversation> {
  if (result.reason === 'not_found') throw new DomainError('conversation/not_found');
  if (result.reason === 'at_capacity') throw new DomainError('operator/at_capacity');
  const current = await deps.conversations.get(conversationId);
  // A retry after a lost ack: the caller already holds it, so the take has succeeded.
  if (current?.status === 'active' && current.assignedOperator?.id === holderId) return current;
  // Someone else holds it: say so (operators saw it in the queue). Closed: nothing to take.
  if (current?.status === 'active') throw new DomainError('conversation/already_taken');
  throw new DomainError('conversation/not_found');
}

/**
 * An operator takes a waiting conversation they handle (topic and service), within their capacity;
 * exactly one of several concurrent takers wins.
 */
export async function takeConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string },
): Promise<Conversation> {
  requireOperator(actor);
  const member = await activeOperator(deps, actor.staffId);
  const conversation = await deps.conversations.get(input.conversationId);
  if (!conversation || conversation.status === 'closed') throw new DomainError('conversation/not_found');
  if (conversation.status === 'waiting' && !handles(member, conversation)) throw new DomainError('conversation/not_handled');
  const result = await deps.conversations.assign(input.conversationId, refOf(member), deps.clock.now().toISOString(), member.capacity);
  if (result.status === 'rejected') return rejection(deps, input.conversationId, result, member.id);
  await auditStaff(deps, actor, 'conversation.taken', { conversationId: result.conversation.id });
  announceAssignment(deps, result.conversation, result.event);
  return result.conversation;
}

/** What everyone learns when a waiting conversation gets its operator. */
export function announceAssignment(deps: ConversationDeps, conversation: Conversation, event: StoredEvent): void {
  deps.events.publish({ type: 'queue.remove', conversationId: conversation.id });
  deps.events.publish({ type: 'conversation.event', conversation, event });
  deps.events.publish({ type: 'conversation.updated', conversation });
  deps.events.publish({ type: 'conversation.assigned', conversation, fromQueue: true });
}

/**
 * "Next, please": the operator takes the most urgent waiting conversation among those they handle.
 * If another operator wins it meanwhile, the next one is tried.
 */
export async function takeNextConversation(deps: ConversationDeps, actor: Actor): Promise<Conversation> {
  requireOperator(actor);
  const member = await activeOperator(deps, actor.staffId);
  const operator = refOf(member);
  // The heads of each group hold the most urgent conversation this operator handles. If others
  // take all of them meanwhile, read the heads again (a busy queue), a few times at most.
  for (let round = 0; round < TAKE_NEXT_ROUNDS; round += 1) {
    const heads = (await deps.conversations.listWaitingHeads(HEADS_PER_GROUP)).filter((c) => handles(member, c));
    if (heads.length === 0) break;
    for (const candidate of sortQueue(heads, deps.clock.now(), deps.priorities.levels)) {
      const result = await deps.conversations.assign(candidate.id, operator, deps.clock.now().toISOString(), member.capacity);
      if (result.status === 'rejected') {
        if (result.reason === 'at_capacity') throw new DomainError('operator/at_capacity');
        continue;
      }
      await auditStaff(deps, actor, 'conversation.taken', { conversationId: result.conversation.id, detail: { next: true } });
      announceAssignment(deps, result.conversation, result.event);
      return result.conversation;
    }
  }
  throw new DomainError('queue/empty');
}

/**
 * The operator a conversation may be handed to (by a supervisor's assignment or a transfer): an
 * enabled operator, connected and available, who handles its topic and service.
 */
export async function receivingOperator(deps: ConversationDeps, operatorId: string, conversation: Conversation): Promise<StaffMember> {
  const target = await deps.staff.findById(operatorId);
  if (!target || target.disabled || !target.roles.includes('operator')) throw new DomainError('staff/not_found');
  if (target.availability !== 'available' || !deps.presence.isOnline(target.id)) throw new DomainError('operator/unavailable');
  if (!handles(target, conversation)) throw new DomainError('conversation/not_handled');
  return target;
}

/** A supervisor hands a waiting conversation to an available operator who handles it, within their capacity. */
export async function assignConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; operatorId: string },
): Promise<Conversation> {
  if (actor.kind !== 'staff' || !actor.roles.includes('supervisor')) throw new DomainError('auth/forbidden');
  const conversation = await deps.conversations.get(input.conversationId);
  if (!conversation || conversation.status === 'closed') throw new DomainError('conversation/not_found');
  if (conversation.status === 'active') throw new DomainError('conversation/already_taken');
  const target = await receivingOperator(deps, input.operatorId, conversation);
  const result = await deps.conversations.assign(input.conversationId, refOf(target), deps.clock.now().toISOString(), target.capacity);
  if (result.status === 'rejected') {
    if (result.reason === 'at_capacity') throw new DomainError('operator/at_capacity');
    const current = result.reason === 'not_waiting' ? await deps.conversations.get(input.conversationId) : undefined;
    throw new DomainError(current?.status === 'active' ? 'conversation/already_taken' : 'conversation/not_found');
  }
  await auditStaff(deps, actor, 'conversation.assigned', { conversationId: result.conversation.id, targetStaffId: target.id });
  announceAssignment(deps, result.conversation, result.event);
  return result.conversation;
}
