import { markRead } from '@brigade/core';
import type { Handler } from './handler.js';

export const messageRead: Handler<'message.read'> = async ({ ctx }, frame, actor) => {
  await markRead(ctx.conversationDeps, actor, frame);
};
