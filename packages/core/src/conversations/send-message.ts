import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { loadReadable } from './access.js';
import type { Conversation, StoredEvent } from './conversation.js';
import type { ConversationDeps } from './deps.js';

/**
 * Checks a citizen's message against the danger rules; on a match the conversation is flagged
 * (once), which puts it at the top of the queue, shows the citizen the emergency numbers, and
 * alerts supervisors. Resolves the flagged conversation, or null.
 */
async function raiseDangerIfMatched(deps: ConversationDeps, conversationId: string, text: string): Promise<Conversation | null> {
  const rule = deps.danger.match(text);
  if (!rule) return null;
  const flagged = await deps.conversations.flagDanger(conversationId, { ruleId: rule.id, category: rule.category }, deps.clock.now().toISOString());
  if (!flagged) return null;
  deps.events.publish({ type: 'conversation.event', conversation: flagged.conversation, event: flagged.event });
  deps.events.publish({ type: 'conversation.updated', conversation: flagged.conversation });
  deps.events.publish({ type: 'danger.detected', conversation: flagged.conversation, ruleId: rule.id, category: rule.category });
  return flagged.conversation;
}

export interface SendMessageInput {
  conversationId: string;
  clientMessageId: string;
  text: string;
}

/**
 * Stores a message once per `clientMessageId` and announces it. Resolves only after the
 * message is durably committed, so the caller may acknowledge it.
 */
export async function sendMessage(
  deps: ConversationDeps,
  actor: Actor,
  input: SendMessageInput,
): Promise<{ event: StoredEvent & { kind: 'message' }; duplicate: boolean }> {
  let operator: { id: string; rank: string; firstName: string } | null = null;
  if (actor.kind === 'staff') {
    if (!actor.roles.includes('operator')) throw new DomainError('auth/forbidden');
    const member = await deps.staff.findById(actor.staffId);
    if (!member || member.disabled) throw new DomainError('auth/session_ended');
    operator = { id: member.id, rank: member.rank, firstName: member.firstName };
  } else if (actor.conversationId !== input.conversationId) {
    throw new DomainError('conversation/not_found');
  }
  const result = await deps.conversations.appendMessage({
    conversationId: input.conversationId,
    sender: actor.kind === 'citizen' ? 'citizen' : 'operator',
    operator,
    clientMessageId: input.clientMessageId,
    text: input.text,
    at: deps.clock.now().toISOString(),
  });
  switch (result.status) {
    case 'duplicate': {
      // A retry is the same sender sending the same text again. Anyone else reusing the id learns
      // nothing (not found); the same sender with other text has a client bug (conflict).
      const original = result.event;
      const sameSender =
        original.sender === (actor.kind === 'citizen' ? 'citizen' : 'operator') &&
        (actor.kind === 'citizen' || original.operator?.id === actor.staffId);
      if (!sameSender) throw new DomainError('conversation/not_found');
      if (original.text !== input.text) throw new DomainError('message/duplicate_conflict');
      return { event: original, duplicate: true };
    }
    case 'rejected':
      if (result.reason === 'closed') {
        // Tell a closed conversation apart from one the actor cannot see.
        await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
        throw new DomainError('conversation/closed');
      }
      throw new DomainError('conversation/not_found');
    case 'stored': {
      deps.events.publish({ type: 'conversation.event', conversation: result.conversation, event: result.event });
      const flagged = actor.kind === 'citizen' && !result.conversation.danger ? await raiseDangerIfMatched(deps, input.conversationId, input.text) : null;
      const latest = flagged ?? result.conversation;
      if (latest.status === 'waiting') deps.events.publish({ type: 'queue.upsert', conversation: latest });
      return { event: result.event, duplicate: false };
    }
  }
}
