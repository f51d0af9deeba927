// The ConversationStore contract: the same assertions against the in-memory twin (what the core
// unit tests trust) and the Kysely store on SQLite and on PostgreSQL (what production runs).
// Each test gets a fresh, empty database.
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import type { AppendMessage, AppendResult, Conversation, ConversationStore, StaffStore, StoredEvent } from '@brigade/core';
import { InMemoryConversationStore, InMemoryStaffStore } from '@brigade/core/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, isUniqueViolation, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { KyselyConversationStore } from '../../src/stores/kysely-conversation-store.js';
import { KyselyStaffStore } from '../../src/stores/kysely-staff-store.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';

interface Subject {
  conversations: ConversationStore;
  /** Operators must exist as staff rows: conversations reference them. */
  staff: StaffStore;
  /** The SQL database under the store, for checks below the port (null for the twin). */
  sql: { handle: DatabaseHandle; url: string } | null;
  close(): Promise<void>;
}

interface Implementation {
  name: string;
  engine: 'memory' | 'sqlite' | 'postgres';
  /** SQLite without a file: no WAL, no second connection to look from. */
  inMemory?: true;
  open(): Promise<Subject>;
}

/** The Kysely store on a fresh, migrated database. */
async function openKyselySubject(url: string): Promise<Subject> {
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const conversations = new KyselyConversationStore(handle.db, handle.sqlite);
  return {
    conversations,
    staff: new KyselyStaffStore(handle.db),
    sql: { handle, url },
    close: async () => {
      await conversations.shutdown();
      await handle.close();
    },
  };
}

const implementations: Implementation[] = [
  {
    name: 'in-memory twin',
    engine: 'memory',
    open: async () => ({
      conversations: new InMemoryConversationStore(),
      staff: new InMemoryStaffStore(),
      sql: null,
      close: async () => {},
    }),
  },
  ...testDatabases().map(
    (database): Implementation => ({
      name: `KyselyConversationStore on ${database.name}`,
      engine: database.name,
      open: async () => openKyselySubject(await database.url()),
    }),
  ),
  {
    // On a file, appends run in a thread of their own; an in-memory database has one connection,
    // so they run inline: the same contract holds for both.
    name: 'KyselyConversationStore on SQLite in memory (appends inline)',
    engine: 'sqlite',
    inMemory: true,
    open: () => openKyselySubject('sqlite::memory:'),
  },
];

afterAll(dropTestDatabases);

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

interface Operator {
  id: string;
  rank: string;
  firstName: string;
}

describe.each(implementations.map((i) => [i.name, i] as const))('%s', (_name, { engine, inMemory, open }) => {
  let subject: Subject;
  let store: ConversationStore;

  beforeEach(async () => {
    subject = await open();
    store = subject.conversations;
  });

  afterEach(async () => {
    await subject.close();
  });

  async function addOperator(firstName: string): Promise<Operator> {
    const id = randomUUID();
    const created = await subject.staff.create({
      id,
      username: firstName.toLowerCase(),
      passwordHash: 'x',
      rank: 'Adjudant',
      firstName,
      roles: ['operator'],
      disabled: false,
      createdAt: T0,
      capacity: 6,
      topics: ['general', 'violence'],
      serviceId: null,
      availability: 'available',
    });
    if (!created) throw new Error(`could not create ${firstName}`);
    return { id, rank: 'Adjudant', firstName };
  }

  async function createConversation(overrides: { danger?: boolean; at?: string; tokenHash?: string } = {}): Promise<Conversation> {
    const { conversation } = await store.create({
      id: randomUUID(),
      topic: 'violence',
      postalCode: '35000',
      danger: overrides.danger ?? false,
      serviceId: null,
      citizenTokenHash: overrides.tokenHash ?? `hash-${randomUUID()}`,
      at: overrides.at ?? T0,
    });
    return conversation;
  }

  const citizenMessage = (conversationId: string, clientMessageId: string, text = `text of ${clientMessageId}`): AppendMessage => ({
    conversationId,
    sender: 'citizen',
    operator: null,
    clientMessageId,
    text,
    at: T0,
  });

  const operatorMessage = (conversationId: string, operator: Operator, clientMessageId: string): AppendMessage => ({
    conversationId,
    sender: 'operator',
    operator,
    clientMessageId,
    text: `operator says ${clientMessageId}`,
    at: T0,
  });

  function stored(result: AppendResult): StoredEvent & { kind: 'message' } {
    if (result.status !== 'stored') throw new Error(`expected stored, got ${JSON.stringify(result)}`);
    return result.event;
  }

  const seqsOf = (events: { seq: number }[]) => events.map((e) => e.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  describe('create and get', () => {
    it('round-trips every field of a new conversation and its opened event', async () => {
      const id = randomUUID();
      const serviceId = randomUUID();

      const created = await store.create({
        id,
        topic: 'cyberharassment',
        postalCode: '20090',
        danger: true,
        serviceId,
        citizenTokenHash: 'hash-of-token',
        at: '2026-03-01T10:00:00.123Z',
      });

      const expected: Conversation = {
        id,
        topic: 'cyberharassment',
        postalCode: '20090',
        danger: true,
        status: 'waiting',
        createdAt: '2026-03-01T10:00:00.123Z',
        waitingSince: '2026-03-01T10:00:00.123Z',
        serviceId,
        assignedOperator: null,
        lastSeq: 1,
        readMarks: { citizen: 0, operator: 0 },
        outcome: null,
        closedAt: null,
        waitingMessages: 0,
      };
      const opened: StoredEvent = { kind: 'opened', seq: 1, at: '2026-03-01T10:00:00.123Z', topic: 'cyberharassment', danger: true };
      expect(created).toEqual({ conversation: expected, event: opened });
      expect(await store.get(id)).toEqual(expected);
      expect(await store.eventsAfter(id, 0, 10)).toEqual([opened]);
    });

    it('round-trips danger false and tells conversations apart', async () => {
      const calm = await createConversation({ danger: false });
      const urgent = await createConversation({ danger: true });

      expect((await store.get(calm.id))?.danger).toBe(false);
      expect((await store.get(urgent.id))?.danger).toBe(true);
      expect(await store.eventsAfter(calm.id, 0, 10)).toEqual([{ kind: 'opened', seq: 1, at: T0, topic: 'violence', danger: false }]);
    });

    it('answers undefined for an unknown id', async () => {
      expect(await store.get(randomUUID())).toBeUndefined();
    });
  });

  describe('seq', () => {
    it('starts at 1 and grows by exactly one per event across messages, assignment and close', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation();

      const m1 = stored(await store.appendMessage({ ...citizenMessage(c.id, 'c-1', 'Bonjour'), at: at(1) }));
      const m2 = stored(await store.appendMessage({ ...citizenMessage(c.id, 'c-2', 'Il y a quelqu’un ?'), at: at(2) }));
      const assigned = await store.assign(c.id, alice, at(3), 6);
      const m3 = stored(await store.appendMessage({ ...operatorMessage(c.id, alice, 'o-1'), at: at(4) }));
      const m4 = stored(await store.appendMessage({ ...citizenMessage(c.id, 'c-3', 'Merci'), at: at(5) }));
      const closed = await store.close({ conversationId: c.id, by: 'operator', outcome: 'referred', at: at(6), requireOperatorId: alice.id });

      expect([m1.seq, m2.seq]).toEqual([2, 3]);
      expect(assigned).toMatchObject({ status: 'assigned', event: { seq: 4 }, conversation: { lastSeq: 4 } });
      expect([m3.seq, m4.seq]).toEqual([5, 6]);
      expect(closed).toMatchObject({ status: 'closed', event: { seq: 7 }, conversation: { lastSeq: 7 } });

      const publicAlice = { id: alice.id, rank: 'Adjudant', firstName: 'Alice' };
      expect(await store.eventsAfter(c.id, 0, 100)).toEqual([
        { kind: 'opened', seq: 1, at: T0, topic: 'violence', danger: false },
        { kind: 'message', seq: 2, at: at(1), sender: 'citizen', clientMessageId: 'c-1', text: 'Bonjour', operator: null },
        { kind: 'message', seq: 3, at: at(2), sender: 'citizen', clientMessageId: 'c-2', text: 'Il y a quelqu’un ?', operator: null },
        { kind: 'assigned', seq: 4, at: at(3), operator: publicAlice },
        { kind: 'message', seq: 5, at: at(4), sender: 'operator', clientMessageId: 'o-1', text: 'operator says o-1', operator: publicAlice },
        { kind: 'message', seq: 6, at: at(5), sender: 'citizen', clientMessageId: 'c-3', text: 'Merci', operator: null },
        { kind: 'closed', seq: 7, at: at(6), by: 'operator', outcome: 'referred' },
      ]);
      expect(await store.get(c.id)).toEqual({
        ...c,
        status: 'closed',
        assignedOperator: publicAlice,
        lastSeq: 7,
        outcome: 'referred',
        closedAt: at(6),
        // Only the two citizen messages sent before the assignment count as waiting messages.
        waitingMessages: 2,
      });
    });

    it('is per conversation', async () => {
      const a = await createConversation();
      const b = await createConversation();

      expect(stored(await store.appendMessage(citizenMessage(a.id, 'm-1'))).seq).toBe(2);
      expect(stored(await store.appendMessage(citizenMessage(a.id, 'm-2'))).seq).toBe(3);
      expect(stored(await store.appendMessage(citizenMessage(b.id, 'm-1'))).seq).toBe(2);
    });
  });

  describe('appendMessage idempotency', () => {
    it('a second append with the same clientMessageId returns the original event and stores nothing', async () => {
      const c = await createConversation();
      const first = stored(await store.appendMessage({ ...citizenMessage(c.id, 'm-1', 'original'), at: at(1) }));

      const again = await store.appendMessage({ ...citizenMessage(c.id, 'm-1', 'retry with other text'), at: at(2) });

      expect(again).toEqual({ status: 'duplicate', event: first });
      expect(first).toEqual({ kind: 'message', seq: 2, at: at(1), sender: 'citizen', clientMessageId: 'm-1', text: 'original', operator: null });
      expect((await store.get(c.id))?.lastSeq).toBe(2);
      expect((await store.get(c.id))?.waitingMessages).toBe(1);
      expect(await store.eventsAfter(c.id, 0, 10)).toHaveLength(2);
    });

    it('a retry arriving after the close still answers duplicate (the client gets its ack)', async () => {
      const c = await createConversation();
      const first = stored(await store.appendMessage(citizenMessage(c.id, 'm-1')));
      await store.close({ conversationId: c.id, by: 'citizen', outcome: 'citizen_left', at: at(1), requireOperatorId: null });

      expect(await store.appendMessage(citizenMessage(c.id, 'm-1'))).toEqual({ status: 'duplicate', event: first });
    });

    it('the same clientMessageId in two conversations is two messages', async () => {
      const a = await createConversation();
      const b = await createConversation();

      expect((await store.appendMessage(citizenMessage(a.id, 'same'))).status).toBe('stored');
      expect((await store.appendMessage(citizenMessage(b.id, 'same'))).status).toBe('stored');
    });
  });

  describe('concurrency', () => {
    it('200 appends fired at once get seqs 2..201, no gap, no duplicate, stored in order', async () => {
      const c = await createConversation();
      const requests = Array.from({ length: 200 }, (_, i) => citizenMessage(c.id, `m-${i}`, `message number ${i}`));

      const results = await Promise.all(requests.map((r) => store.appendMessage(r)));

      const events = results.map(stored);
      expect(events.map((e) => e.seq).sort((x, y) => x - y)).toEqual(range(2, 201));
      // Each caller got the seq its own message is stored under.
      events.forEach((event, i) => expect(event).toMatchObject({ clientMessageId: `m-${i}`, text: `message number ${i}` }));
      const history = await store.eventsAfter(c.id, 0, 1_000);
      expect(seqsOf(history)).toEqual(range(1, 201));
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      for (const event of history.slice(1)) expect(event).toEqual(bySeq.get(event.seq));
      expect(await store.get(c.id)).toMatchObject({ lastSeq: 201, waitingMessages: 200 });
    });

    it('concurrent appends with repeated clientMessageIds store each id exactly once', async () => {
      const c = await createConversation();
      // 120 requests over 40 distinct ids: each id sent three times, interleaved.
      const requests = Array.from({ length: 120 }, (_, i) => citizenMessage(c.id, `m-${i % 40}`));

      const results = await Promise.all(requests.map((r) => store.appendMessage(r)));

      expect(results.filter((r) => r.status === 'stored')).toHaveLength(40);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(80);
      const history = await store.eventsAfter(c.id, 0, 1_000);
      expect(seqsOf(history)).toEqual(range(1, 41));
      const ids = history.flatMap((e) => (e.kind === 'message' ? [e.clientMessageId] : []));
      expect(new Set(ids).size).toBe(40);
      // Every answer for an id, stored or duplicate, names the same stored event.
      const storedById = new Map(history.flatMap((e) => (e.kind === 'message' ? [[e.clientMessageId, e] as const] : [])));
      for (const r of results) {
        if (r.status === 'rejected') throw new Error('unexpected rejection');
        expect(r.event).toEqual(storedById.get(r.event.clientMessageId));
      }
      expect((await store.get(c.id))?.lastSeq).toBe(41);
    });

    it('of two concurrent assigns exactly one wins; the other is rejected not_waiting', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();

      const results = await Promise.all([store.assign(c.id, alice, at(1), 6), store.assign(c.id, bob, at(1), 6)]);

      expect(results.map((r) => r.status).sort()).toEqual(['assigned', 'rejected']);
      expect(results.find((r) => r.status === 'rejected')).toEqual({ status: 'rejected', reason: 'not_waiting' });
      const winner = results.find((r) => r.status === 'assigned');
      if (winner?.status !== 'assigned') throw new Error('no winner');
      expect(winner.event.seq).toBe(2);
      const current = await store.get(c.id);
      expect(current).toMatchObject({ status: 'active', lastSeq: 2, assignedOperator: winner.conversation.assignedOperator });
      expect(await store.eventsAfter(c.id, 1, 10)).toEqual([winner.event]);
    });
  });

  describe('appendMessage preconditions', () => {
    it('an operator message requires that operator to hold the conversation', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();

      expect(await store.appendMessage(operatorMessage(c.id, alice, 'o-0'))).toEqual({ status: 'rejected', reason: 'not_assigned' });
      await store.assign(c.id, alice, at(1), 6);
      expect(await store.appendMessage(operatorMessage(c.id, bob, 'o-1'))).toEqual({ status: 'rejected', reason: 'not_assigned' });
      expect((await store.get(c.id))?.lastSeq).toBe(2);

      const result = await store.appendMessage(operatorMessage(c.id, alice, 'o-2'));

      expect(result).toMatchObject({
        status: 'stored',
        event: { seq: 3, sender: 'operator', operator: alice },
        conversation: { lastSeq: 3, waitingMessages: 0 },
      });
    });

    it('a closed conversation rejects citizen and holder messages alike (closed) and stores nothing', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation();
      await store.assign(c.id, alice, at(1), 6);
      await store.close({ conversationId: c.id, by: 'operator', outcome: 'answered', at: at(2), requireOperatorId: alice.id });

      expect(await store.appendMessage(citizenMessage(c.id, 'late'))).toEqual({ status: 'rejected', reason: 'closed' });
      expect(await store.appendMessage(operatorMessage(c.id, alice, 'late-op'))).toEqual({ status: 'rejected', reason: 'closed' });
      expect((await store.get(c.id))?.lastSeq).toBe(3);
      expect(seqsOf(await store.eventsAfter(c.id, 0, 10))).toEqual([1, 2, 3]);
    });

    it('an unknown conversation is rejected not_found', async () => {
      expect(await store.appendMessage(citizenMessage(randomUUID(), 'm-1'))).toEqual({ status: 'rejected', reason: 'not_found' });
    });
  });

  describe('assign', () => {
    it('stores the operator identity on the conversation and in the assigned event', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation();

      const result = await store.assign(c.id, alice, at(1), 6);

      const expectedConversation = { ...c, status: 'active', assignedOperator: alice, lastSeq: 2 };
      expect(result).toEqual({
        status: 'assigned',
        event: { kind: 'assigned', seq: 2, at: at(1), operator: alice },
        conversation: expectedConversation,
      });
      expect(await store.get(c.id)).toEqual(expectedConversation);
    });

    it('rejects not_found for an unknown conversation and not_waiting once closed', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation();
      await store.close({ conversationId: c.id, by: 'citizen', outcome: 'citizen_left', at: at(1), requireOperatorId: null });

      expect(await store.assign(randomUUID(), alice, at(2), 6)).toEqual({ status: 'rejected', reason: 'not_found' });
      expect(await store.assign(c.id, alice, at(2), 6)).toEqual({ status: 'rejected', reason: 'not_waiting' });
      expect((await store.get(c.id))?.assignedOperator).toBeNull();
    });
  });

  describe('capacity', () => {
    it('refuses at_capacity once the operator holds `capacity` active conversations, and leaves it waiting', async () => {
      const alice = await addOperator('Alice');
      const [a, b, c] = [await createConversation(), await createConversation(), await createConversation()];
      expect((await store.assign(a.id, alice, at(1), 2)).status).toBe('assigned');
      expect((await store.assign(b.id, alice, at(1), 2)).status).toBe('assigned');

      expect(await store.assign(c.id, alice, at(2), 2)).toEqual({ status: 'rejected', reason: 'at_capacity' });
      expect(await store.get(c.id)).toMatchObject({ status: 'waiting', assignedOperator: null, lastSeq: 1 });
      // Closing one frees a place.
      await store.close({ conversationId: a.id, by: 'operator', outcome: 'answered', at: at(3), requireOperatorId: alice.id });
      expect((await store.assign(c.id, alice, at(4), 2)).status).toBe('assigned');
      expect(await store.countActiveByOperator()).toEqual(new Map([[alice.id, 2]]));
    });

    it('never exceeds capacity when many different conversations are assigned to one operator at once', async () => {
      const alice = await addOperator('Alice');
      const waiting = await Promise.all(Array.from({ length: 8 }, () => createConversation()));

      const results = await Promise.all(waiting.map((c) => store.assign(c.id, alice, at(1), 3)));

      expect(results.filter((r) => r.status === 'assigned')).toHaveLength(3);
      expect(results.filter((r) => r.status === 'rejected').every((r) => r.status === 'rejected' && r.reason === 'at_capacity')).toBe(true);
      expect(await store.countActiveByOperator()).toEqual(new Map([[alice.id, 3]]));
    });

    it('counts active conversations per operator', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      for (const who of [alice, alice, bob]) await store.assign((await createConversation()).id, who, at(1), 6);
      await createConversation();

      expect(await store.countActiveByOperator()).toEqual(new Map([[alice.id, 2], [bob.id, 1]]));
    });
  });

  describe('waiting heads and keys', () => {
    it('gives the longest-waiting conversations of each topic, danger and service group, and lean keys of all', async () => {
      const service = randomUUID();
      if (engine !== 'memory') {
        // Heads are read per known service: the service must exist (as services do).
        await subject.sql?.handle.db.insertInto('services').values({ id: service, name: 'Police', created_at: T0 }).execute();
      }
      const make = async (minute: number, topic: 'violence' | 'general', danger = false, serviceId: string | null = null) =>
        (await store.create({ id: randomUUID(), topic, postalCode: '35000', danger, serviceId, citizenTokenHash: `h-${randomUUID()}`, at: at(minute) })).conversation;
      const v = [await make(3, 'violence'), await make(1, 'violence'), await make(2, 'violence')];
      const g = await make(5, 'general');
      const d = await make(9, 'general', true);
      const s = [await make(7, 'violence', false, service), await make(6, 'violence', false, service)];

      const heads = await store.listWaitingHeads(2);

      const ids = (list: { id: string }[]) => list.map((c) => c.id).sort();
      expect(ids(heads)).toEqual(ids([v[1]!, v[2]!, g, d, s[0]!, s[1]!]));
      expect(heads.find((h) => h.id === s[1]!.id)).toEqual(s[1]);
      expect(ids(await store.listWaitingHeads(1))).toEqual(ids([v[1]!, g, d, s[1]!]));
      const keys = await store.listWaitingKeys();
      expect(ids(keys)).toEqual(ids([...v, g, d, ...s]));
      expect(keys.find((k) => k.id === d.id)).toEqual({ id: d.id, topic: 'general', danger: true, waitingSince: at(9), serviceId: null });
    });
  });

  describe('transfer', () => {
    it('to another operator: stays active with the new holder, and the event keeps the note', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();
      await store.assign(c.id, alice, at(1), 6);

      const result = await store.transfer({
        conversationId: c.id,
        fromOperatorId: alice.id,
        to: { kind: 'operator', operator: bob, capacity: 6 },
        note: 'Victime de violences, a peur de rappeler.',
        at: at(2),
      });

      const event: StoredEvent = {
        kind: 'transferred',
        seq: 3,
        at: at(2),
        target: 'operator',
        operator: bob,
        topic: 'violence',
        serviceId: null,
        note: 'Victime de violences, a peur de rappeler.',
      };
      expect(result).toEqual({ status: 'transferred', event, conversation: { ...c, status: 'active', assignedOperator: bob, lastSeq: 3 } });
      expect(await store.eventsAfter(c.id, 2, 10)).toEqual([event]);
    });

    it('to a topic or a service: back in the queue with its original waiting time', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation({ at: at(0) });
      await store.assign(c.id, alice, at(5), 6);
      const service = randomUUID();

      const toTopic = await store.transfer({ conversationId: c.id, fromOperatorId: alice.id, to: { kind: 'topic', topic: 'minors' }, note: null, at: at(6) });
      expect(toTopic).toMatchObject({
        status: 'transferred',
        event: { kind: 'transferred', target: 'topic', topic: 'minors', operator: null, note: null },
        conversation: { status: 'waiting', topic: 'minors', assignedOperator: null, waitingSince: at(0) },
      });

      // A supervisor (no holder required) re-routes it, waiting, to another service.
      const toService = await store.transfer({ conversationId: c.id, fromOperatorId: null, to: { kind: 'service', serviceId: service }, note: 'Hors zone', at: at(7) });
      expect(toService).toMatchObject({
        status: 'transferred',
        event: { target: 'service', serviceId: service, topic: 'minors', note: 'Hors zone' },
        conversation: { status: 'waiting', serviceId: service, waitingSince: at(0), lastSeq: 4 },
      });
      expect((await store.listWaiting()).map((w) => w.id)).toEqual([c.id]);
    });

    it('checks its preconditions: the holder, not closed, the receiver under capacity', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();
      const full = await createConversation();
      await store.assign(c.id, alice, at(1), 6);
      await store.assign(full.id, bob, at(1), 6);

      const toBob = (capacity: number, from: string | null = alice.id) =>
        store.transfer({ conversationId: c.id, fromOperatorId: from, to: { kind: 'operator', operator: bob, capacity }, note: 'n', at: at(2) });
      expect(await toBob(6, bob.id)).toEqual({ status: 'rejected', reason: 'not_assigned' });
      expect(await toBob(1)).toEqual({ status: 'rejected', reason: 'at_capacity' });
      expect(await store.transfer({ conversationId: randomUUID(), fromOperatorId: null, to: { kind: 'topic', topic: 'general' }, note: null, at: at(2) })).toEqual({
        status: 'rejected',
        reason: 'not_found',
      });
      expect(await store.get(c.id)).toMatchObject({ status: 'active', assignedOperator: alice, lastSeq: 2 });

      await store.close({ conversationId: c.id, by: 'operator', outcome: 'answered', at: at(3), requireOperatorId: alice.id });
      expect(await toBob(6, null)).toEqual({ status: 'rejected', reason: 'closed' });
    });
  });

  describe('close', () => {
    it('with requireOperatorId of another operator is rejected not_assigned and changes nothing', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();
      await store.assign(c.id, alice, at(1), 6);

      const result = await store.close({ conversationId: c.id, by: 'operator', outcome: 'answered', at: at(2), requireOperatorId: bob.id });

      expect(result).toEqual({ status: 'rejected', reason: 'not_assigned' });
      expect(await store.get(c.id)).toMatchObject({ status: 'active', lastSeq: 2, outcome: null, closedAt: null });
    });

    it('the holder closes; a second close by the holder is rejected closed, by anyone else not_assigned', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const c = await createConversation();
      await store.assign(c.id, alice, at(1), 6);

      const result = await store.close({ conversationId: c.id, by: 'operator', outcome: 'no_response', at: at(2), requireOperatorId: alice.id });

      expect(result).toEqual({
        status: 'closed',
        event: { kind: 'closed', seq: 3, at: at(2), by: 'operator', outcome: 'no_response' },
        conversation: { ...c, status: 'closed', assignedOperator: alice, lastSeq: 3, outcome: 'no_response', closedAt: at(2) },
      });
      const again = { conversationId: c.id, by: 'operator' as const, outcome: 'answered' as const, at: at(3) };
      expect(await store.close({ ...again, requireOperatorId: alice.id })).toEqual({ status: 'rejected', reason: 'closed' });
      expect(await store.close({ ...again, requireOperatorId: bob.id })).toEqual({ status: 'rejected', reason: 'not_assigned' });
      expect(await store.close({ ...again, requireOperatorId: null })).toEqual({ status: 'rejected', reason: 'closed' });
      expect(await store.get(c.id)).toMatchObject({ lastSeq: 3, outcome: 'no_response', closedAt: at(2) });
    });

    it('a waiting conversation: an operator requirement is not_assigned; the citizen (no requirement) closes it', async () => {
      const alice = await addOperator('Alice');
      const c = await createConversation();

      expect(
        await store.close({ conversationId: c.id, by: 'operator', outcome: 'answered', at: at(1), requireOperatorId: alice.id }),
      ).toEqual({ status: 'rejected', reason: 'not_assigned' });
      const result = await store.close({ conversationId: c.id, by: 'citizen', outcome: 'citizen_quick_exit', at: at(2), requireOperatorId: null });

      expect(result).toMatchObject({
        status: 'closed',
        event: { kind: 'closed', seq: 2, by: 'citizen', outcome: 'citizen_quick_exit' },
        conversation: { status: 'closed', assignedOperator: null, outcome: 'citizen_quick_exit', closedAt: at(2) },
      });
    });

    it('an unknown conversation is rejected not_found', async () => {
      expect(
        await store.close({ conversationId: randomUUID(), by: 'system', outcome: 'no_response', at: T0, requireOperatorId: null }),
      ).toEqual({ status: 'rejected', reason: 'not_found' });
    });
  });

  describe('markRead', () => {
    it('raises a side, never lowers it, never goes beyond lastSeq, and leaves the other side alone', async () => {
      const c = await createConversation();
      for (const id of ['m-1', 'm-2', 'm-3']) await store.appendMessage(citizenMessage(c.id, id)); // lastSeq 4

      expect((await store.markRead(c.id, 'operator', 3))?.readMarks).toEqual({ citizen: 0, operator: 3 });
      expect((await store.markRead(c.id, 'operator', 2))?.readMarks).toEqual({ citizen: 0, operator: 3 });
      expect((await store.markRead(c.id, 'operator', 99))?.readMarks).toEqual({ citizen: 0, operator: 4 });
      expect((await store.markRead(c.id, 'citizen', 1))?.readMarks).toEqual({ citizen: 1, operator: 4 });
      expect((await store.get(c.id))?.readMarks).toEqual({ citizen: 1, operator: 4 });
    });

    it('caps any valid seq from a client at lastSeq, however large', async () => {
      // The protocol accepts any non-negative safe integer as upToSeq.
      const c = await createConversation();

      expect((await store.markRead(c.id, 'citizen', Number.MAX_SAFE_INTEGER))?.readMarks.citizen).toBe(1);
      expect((await store.markRead(c.id, 'citizen', 2 ** 31))?.readMarks.citizen).toBe(1);
    });

    it('answers undefined for an unknown conversation', async () => {
      expect(await store.markRead(randomUUID(), 'citizen', 1)).toBeUndefined();
    });
  });

  describe('listWaiting and listOpenAssignedTo', () => {
    it('list exactly the waiting conversations, and the active ones an operator holds', async () => {
      const alice = await addOperator('Alice');
      const bob = await addOperator('Bob');
      const waiting1 = await createConversation({ at: at(1) });
      const held = await createConversation({ at: at(2) });
      const waiting2 = await createConversation({ at: at(3), danger: true });
      const closedByBob = await createConversation({ at: at(4) });
      const left = await createConversation({ at: at(5) });
      await store.assign(held.id, alice, at(6), 6);
      await store.assign(closedByBob.id, bob, at(6), 6);
      await store.close({ conversationId: closedByBob.id, by: 'operator', outcome: 'answered', at: at(7), requireOperatorId: bob.id });
      await store.close({ conversationId: left.id, by: 'citizen', outcome: 'citizen_left', at: at(7), requireOperatorId: null });

      const waiting = await store.listWaiting();
      expect(waiting.map((c) => c.id).sort()).toEqual([waiting1.id, waiting2.id].sort());
      expect(waiting.find((c) => c.id === waiting2.id)).toEqual(waiting2);
      expect(await store.listOpenAssignedTo(alice.id)).toEqual([{ ...held, status: 'active', assignedOperator: alice, lastSeq: 2 }]);
      expect(await store.listOpenAssignedTo(bob.id)).toEqual([]);
      expect(await store.listOpenAssignedTo(randomUUID())).toEqual([]);
    });
  });

  describe('citizen token', () => {
    it('finds a conversation by token hash until the token is revoked', async () => {
      const mine = await createConversation({ tokenHash: 'hash-mine' });
      const other = await createConversation({ tokenHash: 'hash-other' });

      expect(await store.findByCitizenTokenHash('hash-mine')).toEqual(mine);
      expect(await store.findByCitizenTokenHash('hash-unknown')).toBeUndefined();

      await store.revokeCitizenToken(mine.id);

      expect(await store.findByCitizenTokenHash('hash-mine')).toBeUndefined();
      expect(await store.findByCitizenTokenHash('hash-other')).toEqual(other);
      // Revoking is not deleting: the conversation and its history remain.
      expect(await store.get(mine.id)).toEqual(mine);
      await expect(store.revokeCitizenToken(randomUUID())).resolves.toBeUndefined();
    });
  });

  describe('eventsAfter', () => {
    it('returns events after a seq, in order, at most limit', async () => {
      const c = await createConversation();
      for (let i = 1; i <= 5; i++) await store.appendMessage(citizenMessage(c.id, `m-${i}`)); // lastSeq 6

      expect(seqsOf(await store.eventsAfter(c.id, 0, 3))).toEqual([1, 2, 3]);
      expect(seqsOf(await store.eventsAfter(c.id, 2, 2))).toEqual([3, 4]);
      expect(seqsOf(await store.eventsAfter(c.id, 4, 100))).toEqual([5, 6]);
      expect(seqsOf(await store.eventsAfter(c.id, 0, Number.MAX_SAFE_INTEGER))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await store.eventsAfter(c.id, 6, 100)).toEqual([]);
      expect(seqsOf(await store.eventsAfter(c.id, 5, 2 ** 40))).toEqual([6]);
      expect(await store.eventsAfter(randomUUID(), 0, 100)).toEqual([]);
    });

    it('accepts any valid seq from a client as afterSeq, however large', async () => {
      const c = await createConversation();

      expect(await store.eventsAfter(c.id, 2 ** 31, 10)).toEqual([]);
      expect(await store.eventsAfter(c.id, Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    });
  });

  if (engine !== 'memory') {
    describe('SQL guarantees below the port', () => {
      if (!inMemory) it('two nodes appending to the same conversations at once: gap-free seqs, each client id stored once', async () => {
        // A second store on the same database, as a second server node would have (its own
        // connections, its own group committer, and on SQLite its own append thread).
        const url = subject.sql?.url;
        if (!url) throw new Error('no SQL URL');
        const otherHandle = openDatabase(url);
        const other = new KyselyConversationStore(otherHandle.db, otherHandle.sqlite);
        try {
          const conversations = [await createConversation(), await createConversation(), await createConversation()];
          // 60 ids per conversation; each node sends every id of its half once, and 10 ids of
          // each conversation are sent by both nodes (a retry that reached the other node).
          const requests = conversations.flatMap((c) =>
            Array.from({ length: 60 }, (_, i) => ({ c, id: `n-${i}`, nodes: i < 10 ? [store, other] : [i % 2 === 0 ? store : other] })),
          );
          const results = await Promise.all(
            requests.flatMap(({ c, id, nodes }) => nodes.map((node) => node.appendMessage(citizenMessage(c.id, id)).then((r) => ({ c, id, r })))),
          );

          for (const c of conversations) {
            const history = await store.eventsAfter(c.id, 0, 1_000);
            expect(seqsOf(history)).toEqual(range(1, 61));
            const byId = new Map(history.flatMap((e) => (e.kind === 'message' ? [[e.clientMessageId, e] as const] : [])));
            expect(byId.size).toBe(60);
            for (const { id, r } of results.filter((x) => x.c === c)) {
              if (r.status === 'rejected') throw new Error('unexpected rejection');
              expect(r.event).toEqual(byId.get(id));
            }
            expect(await store.get(c.id)).toMatchObject({ lastSeq: 61, waitingMessages: 60 });
          }
          expect(results.filter((x) => x.r.status === 'duplicate')).toHaveLength(30);
        } finally {
          await other.shutdown();
          await otherHandle.close();
        }
      });

      it('the database itself rejects a second event with the same conversation and clientMessageId', async () => {
        const c = await createConversation();
        await store.appendMessage(citizenMessage(c.id, 'm-1'));
        const db = subject.sql?.handle.db;
        if (!db) throw new Error('no SQL handle');
        const row = {
          conversation_id: c.id,
          seq: 99,
          kind: 'message',
          at: T0,
          sender: 'citizen',
          client_message_id: 'm-1',
          body: 'forged duplicate',
          operator_id: null,
          operator_rank: null,
          operator_first_name: null,
          data: null,
        };

        const error = await db.insertInto('conversation_events').values(row).execute().then(
          () => null,
          (e: unknown) => e,
        );

        expect(error).not.toBeNull();
        expect(isUniqueViolation(error)).toBe(true);
        // The same row with a fresh client id is accepted: the constraint, not the row, refused it.
        await db.insertInto('conversation_events').values({ ...row, client_message_id: 'm-2' }).execute();
        expect(seqsOf(await store.eventsAfter(c.id, 0, 200))).toEqual([1, 2, 99]);
      });

      it('the database rejects a second event with the same seq', async () => {
        const c = await createConversation();
        const db = subject.sql?.handle.db;
        if (!db) throw new Error('no SQL handle');

        const error = await db
          .insertInto('conversation_events')
          .values({
            conversation_id: c.id,
            seq: 1,
            kind: 'message',
            at: T0,
            sender: 'citizen',
            client_message_id: 'm-x',
            body: 'x',
            operator_id: null,
            operator_rank: null,
            operator_first_name: null,
            data: null,
          })
          .execute()
          .then(
            () => null,
            (e: unknown) => e,
          );

        expect(isUniqueViolation(error)).toBe(true);
      });
    });
  }

  if (engine === 'sqlite' && !inMemory) {
    describe('SQLite durability', () => {
      it('runs in WAL mode with synchronous=FULL on the store connection', async () => {
        const db = subject.sql?.handle.db;
        if (!db) throw new Error('no SQL handle');

        const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
        const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);

        expect(synchronous.rows).toEqual([{ synchronous: 2 }]);
        expect(journal.rows).toEqual([{ journal_mode: 'wal' }]);
      });

      it('a message is committed before appendMessage resolves: an independent connection sees it at once', async () => {
        const c = await createConversation();
        const file = subject.sql?.url.replace(/^sqlite:/, '');
        if (!file) throw new Error('no SQLite file');

        const event = stored(await store.appendMessage(citizenMessage(c.id, 'durable', 'must survive')));

        const other = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
        try {
          const row = other
            .prepare('select seq, body from conversation_events where conversation_id = ? and client_message_id = ?')
            .get(c.id, 'durable');
          expect(row).toEqual({ seq: event.seq, body: 'must survive' });
          expect(other.prepare('select last_seq from conversations where id = ?').get(c.id)).toEqual({ last_seq: 2 });
        } finally {
          other.close();
        }
      });

      it('every message of a group commit is visible to another connection once its own promise resolves', async () => {
        const c = await createConversation();
        const file = subject.sql?.url.replace(/^sqlite:/, '');
        if (!file) throw new Error('no SQLite file');
        const other = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
        const count = other.prepare('select count(*) as n from conversation_events where conversation_id = ? and client_message_id = ?');
        const seen: number[] = [];
        try {
          await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              store.appendMessage(citizenMessage(c.id, `g-${i}`)).then(() => {
                seen.push((count.get(c.id, `g-${i}`) as { n: number }).n);
              }),
            ),
          );
        } finally {
          other.close();
        }
        expect(seen).toEqual(Array.from({ length: 20 }, () => 1));
      });
    });
  }
});
