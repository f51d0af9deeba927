// The durable relay's SQLite append thread (see durableLog in bench/server-process.ts): its own
// connection to the relay's database (WAL, synchronous = FULL, as Brigade's append thread), one
// transaction per batch posted by the main thread, one reply per batch once it has committed (or
// rolled back). Loaded through durable-append.boot.mjs, which registers tsx in this thread first.
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

/** Main thread → append thread: one batch, row k = (rooms[k], seqs[k], its client message id, its body). */
export interface DurableBatch {
  rooms: string[];
  seqs: number[];
  /** Every body, end to end (a buffer of its own, transferred); body k is bytes[ends[k-1] ?? 0, ends[k]). */
  bytes: ArrayBuffer;
  ends: number[];
}
/** Append thread → main thread: 'ready' once the connection is open, then one reply per batch. */
export type DurableReply = 'ready' | { ok: true } | { ok: false; message: string; code: string | null };

const { file } = workerData as { file: string };
const port = parentPort;
if (!port) throw new Error('durable-append.worker must run in a worker thread');

const db = new SqliteDatabase(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const insert = db.prepare<[string, number, string | null, Buffer]>('INSERT INTO events (conversation_id, seq, client_message_id, body) VALUES (?, ?, ?, ?)');

const CLIENT_ID = Buffer.from('"clientMessageId":"');
/** The frame's client message id, from its bytes (`"clientMessageId":"…"`, no JSON parsing), or null. */
const clientMessageId = (frame: Buffer): string | null => {
  const at = frame.indexOf(CLIENT_ID);
  if (at < 0) return null;
  const start = at + CLIENT_ID.length;
  const end = frame.indexOf(0x22, start);
  return end < 0 ? null : frame.toString('utf8', start, end);
};
/** One transaction for the batch: each frame, its raw bytes bound as they are (SQLite keeps a blob byte for byte, even in a TEXT column). */
const append = db.transaction((batch: DurableBatch) => {
  const all = Buffer.from(batch.bytes);
  let start = 0;
  for (let k = 0; k < batch.rooms.length; k++) {
    const end = batch.ends[k]!;
    const body = all.subarray(start, end);
    start = end;
    insert.run(batch.rooms[k]!, batch.seqs[k]!, clientMessageId(body), body);
  }
});

port.on('message', (batch: DurableBatch | 'close') => {
  if (batch === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: DurableReply;
  try {
    append(batch);
    reply = { ok: true };
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown };
    reply = { ok: false, message: String(e.message ?? error), code: typeof e.code === 'string' ? e.code : null };
  }
  port.postMessage(reply);
});
port.postMessage('ready' satisfies DurableReply);
