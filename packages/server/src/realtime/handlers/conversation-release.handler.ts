import { releaseConversation } from '@brigade/core';
import type { Handler } from './handler.js';

export const conversationRelease: Handler<'conversation.release'> = async ({ ctx, connection }, frame, actor) => {
  await releaseConversation(ctx.conversationDeps, actor, frame);
  connection.send({ type: 'ack', requestId: frame.requestId, conversationId: frame.conversationId });
};
