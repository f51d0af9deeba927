import type { Conversation, StoredEvent } from '../conversations/conversation.js';
import type { WaitingKey } from '../conversations/conversation-store.js';
import type { StaffMember } from '../staff/staff.js';

/**
 * What the domain announces after a change is committed. The realtime layer turns each into
 * deliveries per audience (citizen, holder, queue watchers) through presenters.
 */
export type DomainEvent =
  | { type: 'conversation.event'; conversation: Conversation; event: StoredEvent }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'queue.upsert'; conversation: Conversation }
  | { type: 'queue.remove'; conversationId: string }
  /** A conversation now has a holder: that operator's consoles add it (take in another tab, or a supervisor's assignment). */
  | { type: 'conversation.assigned'; conversation: Conversation; /** It left the queue (counts in the handling rate). */ fromQueue: boolean }
  /** A conversation was handed on: its previous holder's consoles drop it. */
  | { type: 'conversation.unassigned'; conversation: Conversation; operatorId: string }
  | { type: 'typing'; conversationId: string; from: 'citizen' | 'operator'; typing: boolean }
  | { type: 'citizen.session_ended'; conversationId: string }
  | { type: 'staff.session_ended'; sessionId: string; reason: 'logout' | 'revoked' }
  /** A citizen's message matched a danger rule: supervisors are alerted at once. */
  | { type: 'danger.detected'; conversation: Conversation; ruleId: string; category: string }
  /** A conversation has waited longer than the alert threshold. */
  | { type: 'queue.waited_too_long'; conversation: WaitingKey }
  /** An account's profile or availability changed: that person's consoles follow. */
  | { type: 'staff.updated'; member: StaffMember }
  /** An account was disabled: every socket of that person ends now. */
  | { type: 'staff.disabled'; staffId: string };

export interface EventPublisher {
  publish(event: DomainEvent): void;
}
