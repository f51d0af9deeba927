// The SQLite append thread can die (a native crash, an out-of-memory kill of the thread): the batch
// it held fails, nothing it did not commit is acknowledged, and the next batch starts a new thread.
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { AppendMessage, StoredEvent } from '@brigade/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { KyselyConversationStore } from '../../src/stores/kysely-conversation-store.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';

afterAll(dropTestDatabases);

const sqlite = testDatabases().find((d) => d.name === 'sqlite');
if (!sqlite) throw new Error('no SQLite test database');

describe('SQLite append thread', () => {
  let handle: DatabaseHandle;
  let store: KyselyConversationStore;

  beforeEach(async () => {
    handle = openDatabase(await sqlite.url());
    await migrateToLatest(handle.db);
    store = new KyselyConversationStore(handle.db, handle.sqlite);
  });
  afterEach(async () => {
    await store.shutdown();
    await handle.close();
  });

  /** The appender's private state, for fault injection. */
  const appender = () => (store as unknown as { appender: { worker: Worker | null; inFlight: Map<number, unknown> } }).appender;

  /** Ends the thread as a crash would. */
  async function killThread(): Promise<void> {
    const worker = appender().worker;
    if (!worker) throw new Error('no append thread running');
    await worker.terminate();
  }

  const message = (conversationId: string, clientMessageId: string, text = `text of ${clientMessageId}`): AppendMessage => ({
    conversationId,
    sender: 'citizen',
    operator: null,
    clientMessageId,
    text,
    at: '2026-03-01T10:00:00.000Z',
  });

  async function createConversation(): Promise<string> {
    const id = randomUUID();
    await store.create({ id, topic: 'general', postalCode: '35000', danger: false, serviceId: null, citizenTokenHash: `h-${id}`, at: '2026-03-01T10:00:00.000Z' });
    return id;
  }

  const messageIds = (events: StoredEvent[]) => events.flatMap((e) => (e.kind === 'message' ? [e.clientMessageId] : []));

  it('after the thread died, the next append starts a new one and seqs go on without a gap', async () => {
    const c = await createConversation();
    expect(await store.appendMessage(message(c, 'm-1'))).toMatchObject({ status: 'stored', event: { seq: 2 } });

    await killThread();

    expect(await store.appendMessage(message(c, 'm-2'))).toMatchObject({ status: 'stored', event: { seq: 3 } });
    expect(await store.appendMessage(message(c, 'm-1'))).toMatchObject({ status: 'duplicate', event: { seq: 2 } });
    expect(messageIds(await store.eventsAfter(c, 0, 100))).toEqual(['m-1', 'm-2']);
  });

  it('a batch the thread held when it died is retried append by append on a new thread: each message stored once, no gap', async () => {
    const c = await createConversation();
    await store.appendMessage(message(c, 'warm-up'));
    // A batch long enough (1,000 messages of 4,000 characters) to be in the thread when it ends.
    const ids = Array.from({ length: 1_000 }, (_, i) => `b-${i}`);
    const long = (id: string) => message(c, id, `${id} `.padEnd(4_000, 'x'));

    const pending = Promise.allSettled(ids.map((id) => store.appendMessage(long(id))));
    // Wait until the group committer has posted the batch to the thread, then end the thread under it.
    while (appender().inFlight.size === 0) await new Promise((resolve) => setImmediate(resolve));
    await killThread();
    const first = await pending;
    // The batch failed with the thread; the group committer then retried each append alone, on
    // a new thread, so every caller still got its answer.
    expect(first.every((o) => o.status === 'fulfilled')).toBe(true);

    // The client resends whatever was not acknowledged; acknowledged ones come back as duplicates.
    const retries = await Promise.all(ids.map((id) => store.appendMessage(long(id))));
    const history = await store.eventsAfter(c, 0, 5_000);
    expect(messageIds(history).sort()).toEqual(['warm-up', ...ids].sort());
    expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 1_002 }, (_, i) => i + 1));
    first.forEach((outcome, i) => {
      // An acknowledged message is the one stored; the retry names the same event.
      if (outcome.status === 'fulfilled') expect(retries[i]).toEqual({ status: 'duplicate', event: (outcome.value as { event: unknown }).event });
    });
  });
});
