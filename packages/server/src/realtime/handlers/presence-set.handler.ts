import { setAvailability } from '@brigade/core';
import type { Handler } from './handler.js';

export const presenceSet: Handler<'presence.set'> = async ({ ctx, hub, connection }, frame, actor) => {
  await setAvailability(ctx.conversationDeps, actor, frame.availability);
  connection.send({ type: 'ack', requestId: frame.requestId });
  if (frame.availability === 'available') hub.dispatcher?.poke();
};
