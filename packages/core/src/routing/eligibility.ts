import type { Conversation } from '../conversations/conversation.js';
import type { StaffMember } from '../staff/staff.js';

/**
 * Whether an operator handles a conversation: its topic is one of theirs (minors only for those
 * trained for it), and it belongs to their service — or either has none (an operator without a
 * service works for all; a conversation from an uncovered postal code goes to anyone).
 */
export function handles(operator: Pick<StaffMember, 'topics' | 'serviceId'>, conversation: Pick<Conversation, 'topic' | 'serviceId'>): boolean {
  if (!operator.topics.includes(conversation.topic)) return false;
  return operator.serviceId === null || conversation.serviceId === null || operator.serviceId === conversation.serviceId;
}
