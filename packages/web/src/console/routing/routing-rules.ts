// Who may take, receive or be assigned which conversation: the server's rules (core
// routing/eligibility and the capacity check), repeated here so the console can say why a button
// is disabled before anyone clicks. The server still decides; its refusals are shown as errors.
import type { ConversationStatus, OperatorView, Topic } from '@brigade/protocol';

export interface RoutingProfile {
  topics: readonly Topic[];
  serviceId: string | null;
}

export interface Routed {
  topic: Topic;
  serviceId: string | null;
}

/** minors: only operators trained for it; topic: another topic; service: another service's conversation. */
export type NotHandled = 'minors' | 'topic' | 'service';

/**
 * Why an operator does not handle a conversation, or null if they do: its topic must be theirs,
 * and its service theirs unless either has none (an operator without service works for all).
 */
export function notHandled(profile: RoutingProfile, conversation: Routed): NotHandled | null {
  if (!profile.topics.includes(conversation.topic)) return conversation.topic === 'minors' ? 'minors' : 'topic';
  if (profile.serviceId !== null && conversation.serviceId !== null && profile.serviceId !== conversation.serviceId) return 'service';
  return null;
}

/** Conversations held now: those of my list not closed (one still loading counts: it was just taken). */
export function loadOf(mine: readonly string[], statusOf: (conversationId: string) => ConversationStatus | null): number {
  return mine.filter((id) => statusOf(id) !== 'closed').length;
}

export function atCapacity(load: number, capacity: number): boolean {
  return load >= capacity;
}

/** Why a colleague cannot be given a conversation now, or null if they can. */
export type Unselectable = 'self' | 'holder' | 'offline' | 'paused' | 'at_capacity' | NotHandled;

/**
 * `selfId`: who is handing it on (left out of the list); `holderId`: who holds it now, when that
 * is someone else (a supervisor transferring a colleague's conversation): listed, not selectable.
 */
export function operatorBlocker(operator: OperatorView, conversation: Routed, selfId: string | null, holderId: string | null = null): Unselectable | null {
  if (operator.id === selfId) return 'self';
  if (operator.id === holderId) return 'holder';
  if (operator.presence === 'offline') return 'offline';
  if (operator.presence === 'paused') return 'paused';
  if (atCapacity(operator.load, operator.capacity)) return 'at_capacity';
  return notHandled(operator, conversation);
}

/** Colleagues who can receive it first (by first name), then the others, so the choice is at hand. */
export function byAvailability(
  operators: readonly OperatorView[],
  conversation: Routed,
  selfId: string | null,
  holderId: string | null = null,
): { operator: OperatorView; blocker: Unselectable | null }[] {
  return operators
    .map((operator) => ({ operator, blocker: operatorBlocker(operator, conversation, selfId, holderId) }))
    .filter((o) => o.blocker !== 'self')
    .sort((a, b) => Number(a.blocker !== null) - Number(b.blocker !== null));
}
