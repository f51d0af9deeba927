import { assignConversation, takeNextConversation } from '@brigade/core';
import type { Handler } from './handler.js';

export const conversationTakeNext: Handler<'conversation.take_next'> = async ({ ctx, connection }, frame, actor) => {
  const conversation = await takeNextConversation(ctx.conversationDeps, actor);
  connection.log.info({ conversationId: conversation.id }, 'next conversation taken');
  connection.send({ type: 'ack', requestId: frame.requestId, conversationId: conversation.id });
};

export const conversationAssign: Handler<'conversation.assign'> = async ({ ctx, connection }, frame, actor) => {
  const conversation = await assignConversation(ctx.conversationDeps, actor, frame);
  connection.log.info({ conversationId: conversation.id, operatorId: frame.operatorId }, 'conversation assigned');
  connection.send({ type: 'ack', requestId: frame.requestId, conversationId: conversation.id });
};
