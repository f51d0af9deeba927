import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import type { Conversation } from './conversation.js';

/**
 * Whether an actor may read a conversation: its citizen, the operator holding it, supervisors.
 * Anything else is answered as "not found" so that existence never leaks.
 */
export function canRead(actor: Actor, conversation: Conversation): boolean {
  if (actor.kind === 'citizen') return actor.conversationId === conversation.id;
  if (actor.roles.includes('supervisor')) return true;
  return actor.roles.includes('operator') && conversation.assignedOperator?.id === actor.staffId;
}

/** Shortest reason accepted from staff opening a conversation they neither hold nor supervise. */
export const MIN_ACCESS_REASON_LENGTH = 10;

/**
 * Whether staff may open a conversation for reading: as holder or supervisor, or otherwise only by
 * stating a reason (which the audit trail keeps). Citizens never pass a reason.
 */
export function canOpen(actor: Actor, conversation: Conversation, reason: string | undefined): boolean {
  if (canRead(actor, conversation)) return true;
  return actor.kind === 'staff' && reason !== undefined && reason.trim().length >= MIN_ACCESS_REASON_LENGTH;
}

/** Loads a conversation the actor may read, or fails with `conversation/not_found`. */
export async function loadReadable(
  get: (id: string) => Promise<Conversation | undefined>,
  actor: Actor,
  conversationId: string,
): Promise<Conversation> {
  // A citizen's credential opens one conversation: refuse others without touching storage.
  if (actor.kind === 'citizen' && actor.conversationId !== conversationId) throw new DomainError('conversation/not_found');
  const conversation = await get(conversationId);
  if (!conversation || !canRead(actor, conversation)) throw new DomainError('conversation/not_found');
  return conversation;
}

/** Staff use cases that act on the queue require the operator role. */
export function requireOperator(actor: Actor): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
  if (!actor.roles.includes('operator')) throw new DomainError('auth/forbidden');
}

/** Reading the queue: operators and supervisors. */
export function requireQueueReader(actor: Actor): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
  if (!actor.roles.includes('operator') && !actor.roles.includes('supervisor')) throw new DomainError('auth/forbidden');
}
