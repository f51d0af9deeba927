import { queueSnapshot, requireQueueReader } from '@brigade/core';
import { presentConversationToStaff, presentQueueEntry } from '../../presenters/staff.presenter.js';
import { QUEUE_STREAM } from '../hub.js';
import type { Handler } from './handler.js';

/**
 * Starts live queue updates, then sends the snapshot. Updates published while the snapshot is
 * read are held and replayed after it; they are idempotent, so replaying one already in the
 * snapshot is harmless, and none can be lost.
 */
export const queueSubscribe: Handler<'queue.subscribe'> = async ({ ctx, hub, connection }, frame, actor) => {
  requireQueueReader(actor);
  const alreadyWatching = hub.queueWatchers.has(connection);
  connection.beginSync(QUEUE_STREAM);
  hub.queueWatchers.add(connection);
  let snapshot: Awaited<ReturnType<typeof queueSnapshot>>;
  try {
    snapshot = await queueSnapshot(ctx.conversationDeps, actor);
    connection.send({
      type: 'queue.snapshot',
      requestId: frame.requestId,
      entries: snapshot.waiting.map((c) => presentQueueEntry(c, ctx.conversationDeps.priorities.levels)),
      mine: snapshot.mine.map(presentConversationToStaff),
    });
  } catch (error) {
    if (alreadyWatching) connection.endSync(QUEUE_STREAM, 0);
    else {
      connection.abortSync(QUEUE_STREAM);
      hub.queueWatchers.delete(connection);
    }
    throw error;
  }
  connection.endSync(QUEUE_STREAM, 0);
  // A supervisor who arrives while conversations already wait too long (or in danger) is told now:
  // alerts are not only for whoever was connected when the threshold passed.
  if (actor.roles.includes('supervisor')) {
    const now = ctx.conversationDeps.clock.now().getTime();
    for (const c of snapshot.waiting) {
      if (c.danger || now - Date.parse(c.waitingSince) > ctx.config.waitAlertMs) {
        connection.send({ type: 'alert.waiting', conversationId: c.id, waitingSince: c.waitingSince, danger: c.danger });
      }
    }
  }
};
