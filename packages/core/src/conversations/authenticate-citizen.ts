import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import type { ConversationDeps } from './deps.js';

/** Turns a citizen token into an actor bound to exactly one conversation. */
export async function authenticateCitizen(
  deps: Pick<ConversationDeps, 'conversations' | 'secrets'>,
  citizenToken: string,
): Promise<Extract<Actor, { kind: 'citizen' }>> {
  const conversation = await deps.conversations.findByCitizenTokenHash(deps.secrets.hashSecret(citizenToken));
  if (!conversation) throw new DomainError('auth/invalid_credentials');
  return { kind: 'citizen', conversationId: conversation.id };
}
