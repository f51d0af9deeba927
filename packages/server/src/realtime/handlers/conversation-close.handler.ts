import { closeConversation, leaveConversation } from '@brigade/core';
import type { Handler } from './handler.js';

export const conversationClose: Handler<'conversation.close'> = async ({ ctx, connection }, frame, actor) => {
  const conversation = await closeConversation(ctx.conversationDeps, actor, frame);
  connection.log.info({ conversationId: conversation.id, outcome: conversation.outcome }, 'conversation closed');
  connection.send({ type: 'ack', requestId: frame.requestId });
};

export const conversationLeave: Handler<'conversation.leave'> = async ({ ctx, connection }, frame, actor) => {
  await leaveConversation(ctx.conversationDeps, actor, frame);
  connection.send({ type: 'ack', requestId: frame.requestId });
};
