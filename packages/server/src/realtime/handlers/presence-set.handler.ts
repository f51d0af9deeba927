import { setAvailability } from '@brigade/core';
import type { Handler } from './handler.js';

export const presenceSet: Handler<'presence.set'> = async ({ ctx, connection }, frame, actor) => {
  await setAvailability(ctx.conversationDeps, actor, frame.availability);
  connection.send({ type: 'ack', requestId: frame.requestId });
};
