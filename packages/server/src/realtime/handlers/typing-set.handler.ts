import { setTyping } from '@brigade/core';
import type { Handler } from './handler.js';

export const typingSet: Handler<'typing.set'> = async ({ ctx }, frame, actor) => {
  await setTyping(ctx.conversationDeps, actor, frame);
};
