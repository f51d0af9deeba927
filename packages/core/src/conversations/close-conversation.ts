import type { Outcome } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import { loadReadable, requireOperator } from './access.js';
import type { Conversation } from './conversation.js';
import type { CloseResult } from './conversation-store.js';
import type { ConversationDeps } from './deps.js';

function announce(deps: ConversationDeps, result: Extract<CloseResult, { status: 'closed' }>, wasWaiting: boolean): void {
  if (wasWaiting) deps.events.publish({ type: 'queue.remove', conversationId: result.conversation.id });
  deps.events.publish({ type: 'conversation.event', conversation: result.conversation, event: result.event });
  deps.events.publish({ type: 'conversation.updated', conversation: result.conversation });
}

/** The operator holding a conversation closes it with an outcome. */
export async function closeConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; outcome: Outcome },
): Promise<Conversation> {
  requireOperator(actor);
  const member = await deps.staff.findById(actor.staffId);
  if (!member || member.disabled) throw new DomainError('auth/session_ended');
  const result = await deps.conversations.close({
    conversationId: input.conversationId,
    by: 'operator',
    outcome: input.outcome,
    at: deps.clock.now().toISOString(),
    requireOperatorId: actor.staffId,
  });
  if (result.status === 'rejected') {
    if (result.reason === 'closed') {
      await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
      throw new DomainError('conversation/closed');
    }
    throw new DomainError('conversation/not_found');
  }
  await auditStaff(deps, actor, 'conversation.closed', { conversationId: result.conversation.id, detail: { outcome: input.outcome } });
  announce(deps, result, false);
  return result.conversation;
}

/** The citizen ends their conversation (waiting or active). */
export async function leaveConversation(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string },
): Promise<Conversation> {
  if (actor.kind !== 'citizen') throw new DomainError('auth/forbidden');
  const before = await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
  const result = await deps.conversations.close({
    conversationId: before.id,
    by: 'citizen',
    outcome: 'citizen_left',
    at: deps.clock.now().toISOString(),
    requireOperatorId: null,
  });
  if (result.status === 'rejected') throw new DomainError('conversation/closed');
  announce(deps, result, before.status === 'waiting');
  return result.conversation;
}

/**
 * Quick exit: the citizen's token stops working at once and an open conversation is closed,
 * so the operator knows the person left in a hurry. Unknown tokens are ignored (no oracle).
 */
export async function quickExit(deps: ConversationDeps, citizenToken: string): Promise<void> {
  const conversation = await deps.conversations.findByCitizenTokenHash(deps.secrets.hashSecret(citizenToken));
  if (!conversation) return;
  await deps.conversations.revokeCitizenToken(conversation.id);
  deps.events.publish({ type: 'citizen.session_ended', conversationId: conversation.id });
  if (conversation.status === 'closed') return;
  const result = await deps.conversations.close({
    conversationId: conversation.id,
    by: 'citizen',
    outcome: 'citizen_quick_exit',
    at: deps.clock.now().toISOString(),
    requireOperatorId: null,
  });
  if (result.status === 'closed') announce(deps, result, conversation.status === 'waiting');
}
