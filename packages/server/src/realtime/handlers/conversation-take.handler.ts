import { takeConversation } from '@brigade/core';
import type { Handler } from './handler.js';

export const conversationTake: Handler<'conversation.take'> = async ({ ctx, connection }, frame, actor) => {
  const conversation = await takeConversation(ctx.conversationDeps, actor, frame);
  connection.log.info({ conversationId: conversation.id }, 'conversation taken');
  connection.send({ type: 'ack', requestId: frame.requestId });
};
