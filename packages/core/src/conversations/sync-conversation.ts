import { MAX_DELTA_EVENTS } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import { canOpen, canRead } from './access.js';
import type { Conversation, StoredEvent } from './conversation.js';
import type { ConversationDeps } from './deps.js';

export interface SyncResult {
  mode: 'delta' | 'snapshot';
  conversation: Conversation;
  events: StoredEvent[];
}

/**
 * What a (re)connecting reader missed since `afterSeq`: the missed events in order, or the
 * whole history when the reader is too far behind (or claims a seq from the future). Every staff
 * opening is written to the audit trail before any content is returned, with the reason when
 * the reader neither holds nor supervises the conversation.
 */
export async function syncConversation(
  deps: Pick<ConversationDeps, 'conversations' | 'audit' | 'clock'>,
  actor: Actor,
  input: { conversationId: string; afterSeq: number; reason?: string | undefined },
): Promise<SyncResult> {
  if (actor.kind === 'citizen' && actor.conversationId !== input.conversationId) throw new DomainError('conversation/not_found');
  const conversation = await deps.conversations.get(input.conversationId);
  if (!conversation || !canOpen(actor, conversation, input.reason)) throw new DomainError('conversation/not_found');
  const justified = !canRead(actor, conversation);
  await auditStaff(deps, actor, 'conversation.read', {
    conversationId: conversation.id,
    reason: justified ? (input.reason?.trim() ?? null) : null,
    detail: { afterSeq: input.afterSeq },
  });
  const missed = conversation.lastSeq - input.afterSeq;
  if (input.afterSeq > 0 && missed >= 0 && missed <= MAX_DELTA_EVENTS) {
    const events = await deps.conversations.eventsAfter(conversation.id, input.afterSeq, MAX_DELTA_EVENTS);
    return { mode: 'delta', conversation, events };
  }
  const events = await deps.conversations.eventsAfter(conversation.id, 0, Number.MAX_SAFE_INTEGER);
  return { mode: 'snapshot', conversation, events };
}
