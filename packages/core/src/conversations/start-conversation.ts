import type { StartConversationRequest } from '@brigade/protocol';
import type { Conversation } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/** A citizen opens a conversation; it enters the queue. Returns the citizen's bearer token once. */
export async function startConversation(
  deps: ConversationDeps,
  input: StartConversationRequest,
): Promise<{ conversation: Conversation; citizenToken: string }> {
  const citizenToken = deps.ids.secret();
  const { conversation, event } = await deps.conversations.create({
    id: deps.ids.uuid(),
    topic: input.topic,
    postalCode: input.postalCode,
    danger: input.danger,
    citizenTokenHash: deps.secrets.hashSecret(citizenToken),
    at: deps.clock.now().toISOString(),
  });
  deps.events.publish({ type: 'conversation.event', conversation, event });
  deps.events.publish({ type: 'queue.upsert', conversation });
  return { conversation, citizenToken };
}
