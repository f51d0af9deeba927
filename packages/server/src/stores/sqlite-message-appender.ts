import { Worker } from 'node:worker_threads';
import type { AppendMessage, AppendResult } from '@brigade/core';
import type { SqliteHandle } from '../db/connect.js';
import { storedMessage, toConversation, toEvent } from './conversation-rows.js';
import type { ConversationTable } from '../db/schema.js';
import { CONVERSATION_COLUMNS, createAppendBatch, type RawAppendResult } from './sqlite-append-batch.js';

/** Main thread → append thread: one batch. */
export interface AppendRequest {
  id: number;
  ops: AppendMessage[];
}
/** Append thread → main thread: the batch's results once committed, or why it rolled back. */
export type AppendReply = { id: number; results: RawAppendResult[] } | { id: number; error: { message: string; code: string | null } };

function toAppendResult(input: AppendMessage, raw: RawAppendResult): AppendResult {
  switch (raw.status) {
    case 'stored': {
      const row: Partial<Record<keyof ConversationTable, unknown>> = {};
      CONVERSATION_COLUMNS.forEach((column, i) => (row[column] = raw.conversation[i]));
      const conversation = toConversation(row as Omit<ConversationTable, 'citizen_token_hash'>);
      return { status: 'stored', conversation, event: storedMessage(input, conversation.lastSeq) };
    }
    case 'duplicate': {
      const event = toEvent(raw.event);
      if (event.kind !== 'message') throw new Error('append: a duplicate that is not a message');
      return { status: 'duplicate', event };
    }
    case 'rejected':
      return raw;
  }
}

/** An error from the append thread, with SQLite's code kept (unique violations are recognised by it). */
class AppendThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/**
 * Runs the group committer's batches of message appends on SQLite.
 *
 * On a database file, batches run in a worker thread on a second connection: the statements and
 * the fsync of each commit (about a millisecond here) no longer stall the event loop, and the main
 * thread parses, checks and delivers the next messages meanwhile. The main connection's lock is
 * held while a batch is in the thread, so a batch never interleaves with a Kysely transaction,
 * exactly as when both ran on one connection. An in-memory database has one connection only: its
 * batches run inline. If the thread dies, its batch fails (nothing of it was acknowledged), the
 * group committer retries each append of it alone, and the first retry starts a new thread.
 */
export class SqliteMessageAppender {
  private readonly inline: ((ops: AppendMessage[]) => RawAppendResult[]) | null;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly inFlight = new Map<number, { resolve: (r: RawAppendResult[]) => void; reject: (e: unknown) => void }>();
  private closed = false;

  constructor(private readonly sqlite: SqliteHandle) {
    this.inline = sqlite.file === ':memory:' ? createAppendBatch(sqlite.db, sqlite.statements) : null;
    // Start the thread now: its first batch should not wait for it to load.
    if (!this.inline) this.thread();
  }

  async runBatch(ops: AppendMessage[]): Promise<AppendResult[]> {
    const inline = this.inline;
    const raw = inline ? await this.sqlite.lock.exclusive(() => inline(ops)) : await this.inThread(ops);
    return raw.map((r, i) => toAppendResult(ops[i] as AppendMessage, r));
  }

  /** Stops the thread (after the group committer has drained). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }

  private async inThread(ops: AppendMessage[]): Promise<RawAppendResult[]> {
    if (this.closed) throw new Error('the message appender is closed');
    await this.sqlite.lock.acquire();
    try {
      const worker = this.thread();
      const id = this.nextId++;
      const done = new Promise<RawAppendResult[]>((resolve, reject) => this.inFlight.set(id, { resolve, reject }));
      worker.ref();
      worker.postMessage({ id, ops } satisfies AppendRequest);
      return await done;
    } finally {
      this.sqlite.lock.release();
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-append.boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./sqlite-append.worker.ts', import.meta.url).href, file: this.sqlite.file },
      execArgv: [],
      env: process.env,
    });
    // An idle thread never keeps the process alive; one with a batch in flight does.
    worker.unref();
    worker.on('message', (reply: AppendReply) => {
      const pending = this.inFlight.get(reply.id);
      if (!pending) return;
      this.inFlight.delete(reply.id);
      if (this.inFlight.size === 0) worker.unref();
      if ('results' in reply) pending.resolve(reply.results);
      else pending.reject(new AppendThreadError(reply.error.message, reply.error.code));
    });
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.inFlight.values()) pending.reject(error);
      this.inFlight.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the message-append thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
