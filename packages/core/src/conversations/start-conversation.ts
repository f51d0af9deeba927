import type { StartConversationRequest } from '@brigade/protocol';
import { DomainError } from '../errors.js';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/**
 * A citizen opens a conversation; it enters the queue of the service covering its postal code
 * (any service when none covers it). The code must exist (it need not be the person's own).
 * Returns the citizen's bearer token once.
 */
export async function startConversation(
  deps: ConversationDeps,
  input: StartConversationRequest,
): Promise<{ conversation: Conversation; citizenToken: string }> {
  if (!(await deps.postalCodes.lookup(input.postalCode))) throw new DomainError('postal_code/unknown');
  const serviceId = await deps.services.serviceForPostalCode(input.postalCode);
  const citizenToken = deps.ids.secret();
  const { conversation, event } = await deps.conversations.create({
    id: deps.ids.uuid(),
    topic: input.topic,
    postalCode: input.postalCode,
    danger: input.danger,
    serviceId,
    citizenTokenHash: deps.secrets.hashSecret(citizenToken),
    at: deps.clock.now().toISOString(),
  });
  deps.events.publish({ type: 'conversation.event', conversation, event });
  deps.events.publish({ type: 'queue.upsert', conversation });
  // A person who says they are in danger now must not wait unseen: supervisors hear of it at once.
  if (conversation.danger) deps.events.publish({ type: 'danger.detected', conversation, ruleId: 'declared', category: 'declared_by_citizen' });
  return { conversation, citizenToken };
}
