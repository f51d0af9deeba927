import { syncConversation } from '@brigade/core';
import { presentConversationToCitizen, presentEventToCitizen } from '../../presenters/citizen.presenter.js';
import { presentConversationToStaff, presentEventToStaff } from '../../presenters/staff.presenter.js';
import type { Handler } from './handler.js';

/**
 * Subscribes the connection to a conversation and answers with what it missed. It subscribes
 * before reading, so nothing committed meanwhile is missed; live frames are held until the answer
 * is out (and dropped if access is refused).
 */
export const conversationSync: Handler<'conversation.sync'> = async ({ ctx, hub, connection }, frame, actor) => {
  const alreadySubscribed = connection.subscriptions.has(frame.conversationId);
  connection.beginSync(frame.conversationId);
  hub.subscribe(connection, frame.conversationId);
  let result;
  try {
    result = await syncConversation(ctx.conversationDeps, actor, frame);
  } catch (error) {
    if (alreadySubscribed) {
      // Still subscribed from before: release what was held rather than lose it.
      connection.endSync(frame.conversationId, 0);
    } else {
      connection.abortSync(frame.conversationId);
      hub.unsubscribe(connection, frame.conversationId);
    }
    throw error;
  }
  const citizen = actor.kind === 'citizen';
  connection.send({
    type: 'conversation.sync',
    requestId: frame.requestId,
    mode: result.mode,
    conversation: citizen ? presentConversationToCitizen(result.conversation) : presentConversationToStaff(result.conversation),
    events: result.events.map(citizen ? presentEventToCitizen : presentEventToStaff),
  });
  // Held events up to what this answer covered are dropped; a snapshot covers exactly its events.
  const covered = result.events.at(-1)?.seq ?? (result.mode === 'delta' ? frame.afterSeq : 0);
  connection.endSync(frame.conversationId, covered);
  // A waiting citizen learns their place at once, not at the next change.
  const position = citizen && result.conversation.status === 'waiting' ? hub.positions?.current(frame.conversationId) : undefined;
  if (position) connection.send(position);
  else if (citizen && result.conversation.status === 'waiting') hub.positions?.markDirty();
};
