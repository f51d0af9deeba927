import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { loadReadable } from './access.js';
import type { ConversationDeps } from './deps.js';

/** The reader's side marks events up to `upToSeq` as read; only the holder speaks for the operator side. */
export async function markRead(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; upToSeq: number },
): Promise<void> {
  const conversation = await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
  let side: 'citizen' | 'operator';
  if (actor.kind === 'citizen') side = 'citizen';
  else if (conversation.assignedOperator?.id === actor.staffId) side = 'operator';
  else return; // a supervisor watching does not mark the citizen's messages as read
  // Nothing to announce when the mark would not move (already there, or beyond the last event).
  if (Math.min(input.upToSeq, conversation.lastSeq) <= conversation.readMarks[side]) return;
  const updated = await deps.conversations.markRead(conversation.id, side, input.upToSeq);
  if (!updated) throw new DomainError('conversation/not_found');
  deps.events.publish({ type: 'conversation.updated', conversation: updated });
}

/** Relays a typing indicator to the other side; never stored. */
export async function setTyping(
  deps: ConversationDeps,
  actor: Actor,
  input: { conversationId: string; typing: boolean },
): Promise<void> {
  const conversation = await loadReadable((id) => deps.conversations.get(id), actor, input.conversationId);
  if (conversation.status === 'closed') return;
  if (actor.kind === 'staff' && conversation.assignedOperator?.id !== actor.staffId) return;
  deps.events.publish({
    type: 'typing',
    conversationId: conversation.id,
    from: actor.kind === 'citizen' ? 'citizen' : 'operator',
    typing: input.typing,
  });
}
