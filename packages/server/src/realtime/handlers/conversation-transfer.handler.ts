import { transferConversation } from '@brigade/core';
import type { Handler } from './handler.js';

export const conversationTransfer: Handler<'conversation.transfer'> = async ({ ctx, connection }, frame, actor) => {
  const conversation = await transferConversation(ctx.conversationDeps, actor, frame);
  connection.log.info({ conversationId: conversation.id, target: frame.target.kind }, 'conversation transferred');
  connection.send({ type: 'ack', requestId: frame.requestId, conversationId: conversation.id });
};
