// The message-append thread (see SqliteMessageAppender): its own SQLite connection, the same
// durability settings, one transaction per batch posted by the main thread. Loaded through
// sqlite-append.boot.mjs, which registers tsx in this thread first.
import { parentPort, workerData } from 'node:worker_threads';
import type { AppendMessage } from '@brigade/core';
import { openSqliteConnection, StatementCache } from '../db/sqlite-connection.js';
import { createAppendBatch } from './sqlite-append-batch.js';
import type { AppendReply, AppendRequest } from './sqlite-message-appender.js';

const { file } = workerData as { file: string };
const db = openSqliteConnection(file);
// Every insert here follows the update that found its conversation row in the same transaction,
// so the foreign-key check on conversation_events would only repeat that lookup. The main
// connection keeps foreign keys on, for everything else (deletes cascade there).
db.pragma('foreign_keys = OFF');
const run = createAppendBatch(db, new StatementCache(db));
const port = parentPort;
if (!port) throw new Error('sqlite-append.worker must run in a worker thread');

port.on('message', (request: AppendRequest | 'close') => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: AppendReply;
  try {
    reply = { id: request.id, results: run(request.ops as AppendMessage[]) };
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown };
    reply = { id: request.id, error: { message: String(e.message ?? error), code: typeof e.code === 'string' ? e.code : null } };
  }
  port.postMessage(reply);
});
