import { sendMessage } from '@brigade/core';
import type { Handler } from './handler.js';

/** Stores a message, then acknowledges it: the ack leaves only after the commit. */
export const messageSend: Handler<'message.send'> = async ({ ctx, connection }, frame, actor) => {
  const { event, duplicate } = await sendMessage(ctx.conversationDeps, actor, frame);
  connection.send({
    type: 'message.ack',
    requestId: frame.requestId,
    conversationId: frame.conversationId,
    clientMessageId: event.clientMessageId,
    seq: event.seq,
    at: event.at,
    duplicate,
  });
};
