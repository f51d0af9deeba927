// The realtime client against an in-memory socket and fake timers: handshake, resume,
// outbox re-send with the same clientMessageId, heartbeat, backoff, and "never reconnect
// once the session ended".
import { CLOSE_CODES, HEARTBEAT_TIMEOUT_MS, type ClientFrame, type ServerFrame } from '@brigade/protocol';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RealtimeClient, RealtimeError } from './realtime-client.js';
import type { SocketHandlers, SocketLike } from './socket.js';
import { CONVERSATION_ID, citizenView, message, opened, staffView, uuid } from './test-builders.js';

class FakeSocket implements SocketLike {
  readonly sent: ClientFrame[] = [];
  closed: number | null = null;
  constructor(readonly handlers: SocketHandlers) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close(code?: number): void {
    this.closed = code ?? 1000;
  }
  receive(frame: ServerFrame): void {
    this.handlers.message(JSON.stringify(frame));
  }
  last<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }> {
    const found = this.sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type).at(-1);
    if (found === undefined) throw new Error(`no ${type} frame sent`);
    return found;
  }
  all<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type);
  }
}

let sockets: FakeSocket[];
let ids: number;

function makeClient(citizenToken: string | undefined = 'token-1'): RealtimeClient {
  return new RealtimeClient({
    url: 'ws://test/realtime',
    side: 'citizen',
    ...(citizenToken !== undefined ? { citizenToken } : {}),
    network: null,
    random: () => 0,
    newId: () => uuid(500 + ids++),
    createSocket: (_url, handlers) => {
      const socket = new FakeSocket(handlers);
      sockets.push(socket);
      return socket;
    },
  });
}

function current(): FakeSocket {
  const socket = sockets.at(-1);
  if (socket === undefined) throw new Error('no socket');
  return socket;
}

/** Opens the current socket and answers its hello. */
function handshake(): FakeSocket {
  const socket = current();
  socket.handlers.open();
  const hello = socket.last('session.hello');
  socket.receive({
    type: 'session.ready',
    requestId: hello.requestId,
    protocolVersion: 1,
    connectionId: 'c1',
    identity: { kind: 'citizen', conversationId: CONVERSATION_ID },
    heartbeatIntervalMs: 15_000,
  });
  return socket;
}

function answerSync(socket: FakeSocket, events = [opened(1)], lastSeq = events.at(-1)?.seq ?? 0): void {
  const sync = socket.last('conversation.sync');
  socket.receive({ type: 'conversation.sync', requestId: sync.requestId, mode: 'delta', conversation: citizenView({ lastSeq }), events });
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  ids = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RealtimeClient', () => {
  test('hello carries the citizen token, then subscribing syncs from seq 0', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    expect(socket.last('session.hello')).toMatchObject({ protocolVersion: 1, citizenToken: 'token-1' });
    expect(socket.last('conversation.sync')).toMatchObject({ conversationId: CONVERSATION_ID, afterSeq: 0 });
    expect(client.getSnapshot().status).toBe('online');
  });

  test('invalid frames are ignored', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    answerSync(socket);
    const before = client.getSnapshot();
    socket.handlers.message('not json');
    socket.handlers.message(JSON.stringify({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: { kind: 'message', seq: 'x' } }));
    expect(client.getSnapshot()).toBe(before);
  });

  test('messages wait for the sync, are re-sent with the same id after a drop, and resume from the last seq', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    let socket = handshake();
    const id = client.sendMessage(CONVERSATION_ID, '  bonjour  ');
    expect(socket.all('message.send')).toEqual([]); // not synced yet
    answerSync(socket, [opened(1), message(2, 'operator')]);
    const first = socket.last('message.send');
    expect(first).toMatchObject({ clientMessageId: id, text: 'bonjour' });

    socket.handlers.close(1006);
    expect(client.getSnapshot().status).toBe('offline');
    vi.advanceTimersByTime(250); // first backoff step with random() = 0
    expect(sockets).toHaveLength(2);
    socket = handshake();
    expect(socket.last('conversation.sync')).toMatchObject({ afterSeq: 2 });
    answerSync(socket, []);
    const resent = socket.last('message.send');
    expect(resent.clientMessageId).toBe(id);
    expect(resent.requestId).not.toBe(first.requestId);

    socket.receive({
      type: 'message.ack',
      requestId: resent.requestId,
      conversationId: CONVERSATION_ID,
      clientMessageId: resent.clientMessageId,
      seq: 3,
      at: '2025-01-01T03:00:00.000Z',
      duplicate: true,
    });
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.pending[0]).toMatchObject({ status: 'sent', ackedSeq: 3 });
    socket.receive({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: message(3, 'citizen', resent.clientMessageId, 'bonjour') });
    const state = client.getSnapshot().conversations.get(CONVERSATION_ID);
    expect(state?.pending).toEqual([]);
    expect(state?.events.filter((e) => e.kind === 'message')).toHaveLength(2);
  });

  test('a gap in seq triggers a re-sync from the last contiguous seq', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    answerSync(socket);
    socket.receive({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: message(3, 'operator') });
    expect(socket.all('conversation.sync')).toHaveLength(2);
    expect(socket.last('conversation.sync')).toMatchObject({ afterSeq: 1 });
    // A second gap while the re-sync is in flight does not send another one.
    socket.receive({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: message(4, 'operator') });
    expect(socket.all('conversation.sync')).toHaveLength(2);
    answerSync(socket, [message(2, 'operator'), message(3, 'operator'), message(4, 'operator')]);
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.lastSeq).toBe(4);
  });

  test('no pong within the timeout: the connection is dropped and re-opened', () => {
    const client = makeClient();
    client.start();
    const socket = handshake();
    vi.advanceTimersByTime(15_000);
    expect(socket.all('ping')).toHaveLength(1);
    vi.advanceTimersByTime(HEARTBEAT_TIMEOUT_MS);
    expect(socket.closed).not.toBeNull();
    expect(client.getSnapshot().status).toBe('offline');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
  });

  test('a pong in time keeps the connection', () => {
    const client = makeClient();
    client.start();
    const socket = handshake();
    vi.advanceTimersByTime(15_000);
    socket.receive({ type: 'pong' });
    vi.advanceTimersByTime(HEARTBEAT_TIMEOUT_MS);
    expect(socket.closed).toBeNull();
    expect(client.getSnapshot().status).toBe('online');
  });

  test('backoff grows between failed attempts and resets once connected', () => {
    const client = makeClient();
    client.start();
    current().handlers.close(1006);
    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    current().handlers.close(1006);
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    handshake();
    current().handlers.close(1006);
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(4);
  });

  test('session.ended or close code 4001: never reconnects', () => {
    const client = makeClient();
    client.start();
    const socket = handshake();
    socket.receive({ type: 'session.ended', reason: 'citizen_exit' });
    expect(client.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'citizen_exit' });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);

    const other = makeClient();
    other.start();
    current().handlers.close(CLOSE_CODES.sessionEnded);
    expect(other.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'auth' });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
  });

  test('a refused hello (revoked token) ends the session', () => {
    const client = makeClient();
    client.start();
    const socket = current();
    socket.handlers.open();
    socket.receive({
      type: 'error',
      requestId: socket.last('session.hello').requestId,
      error: { code: 'auth/invalid_credentials', message: 'no' },
    });
    expect(client.getSnapshot().status).toBe('ended');
  });

  test('requests resolve on ack, reject on error, and reject when the link drops', async () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    let socket = handshake();
    answerSync(socket);

    const leaving = client.leave(CONVERSATION_ID);
    socket.receive({ type: 'ack', requestId: socket.last('conversation.leave').requestId });
    await expect(leaving).resolves.toBeUndefined();

    const again = client.leave(CONVERSATION_ID);
    socket.receive({
      type: 'error',
      requestId: socket.last('conversation.leave').requestId,
      error: { code: 'conversation/closed', message: 'closed' },
    });
    await expect(again).rejects.toMatchObject({ code: 'conversation/closed' });

    const lost = client.leave(CONVERSATION_ID);
    socket.handlers.close(1006);
    await expect(lost).rejects.toBeInstanceOf(RealtimeError);
    vi.advanceTimersByTime(250);
    socket = handshake();
    expect(socket).toBe(current());
  });

  test('a refused message is marked failed and can be retried', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    answerSync(socket);
    const id = client.sendMessage(CONVERSATION_ID, 'x');
    socket.receive({
      type: 'error',
      requestId: socket.last('message.send').requestId,
      error: { code: 'request/invalid', message: 'bad' },
    });
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.pending[0]).toMatchObject({ status: 'failed' });
    client.retryMessage(CONVERSATION_ID, id ?? '');
    expect(socket.all('message.send')).toHaveLength(2);
  });

  test('restored outbox (after a page reload) is sent once the sync arrives, unless already stored', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    client.restoreOutbox(CONVERSATION_ID, [
      { clientMessageId: uuid(900), text: 'déjà reçu', createdAt: '2025-01-01T03:00:00.000Z' },
      { clientMessageId: uuid(901), text: 'pas encore', createdAt: '2025-01-01T03:00:01.000Z' },
    ]);
    const socket = handshake();
    answerSync(socket, [opened(1), message(2, 'citizen', uuid(900), 'déjà reçu')]);
    expect(socket.all('message.send').map((f) => f.clientMessageId)).toEqual([uuid(901)]);
  });

  test('peer typing shows, then expires if never cleared; own typing echoes are ignored', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    answerSync(socket);
    socket.receive({ type: 'typing', conversationId: CONVERSATION_ID, from: 'citizen', typing: true });
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.peerTyping).toBe(false);
    socket.receive({ type: 'typing', conversationId: CONVERSATION_ID, from: 'operator', typing: true });
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.peerTyping).toBe(true);
    vi.advanceTimersByTime(8_000);
    expect(client.getSnapshot().conversations.get(CONVERSATION_ID)?.peerTyping).toBe(false);
  });

  test('markRead sends only when something new was received', () => {
    const client = makeClient();
    client.start();
    client.subscribeConversation(CONVERSATION_ID);
    const socket = handshake();
    answerSync(socket, [opened(1), message(2, 'operator')]);
    client.markRead(CONVERSATION_ID);
    client.markRead(CONVERSATION_ID);
    expect(socket.all('message.read')).toEqual([{ type: 'message.read', conversationId: CONVERSATION_ID, upToSeq: 2 }]);
  });

  test('stop() closes the socket and keeps quiet for good', () => {
    const client = makeClient();
    client.start();
    const socket = handshake();
    client.stop();
    expect(socket.closed).toBe(1000);
    expect(client.getSnapshot().status).toBe('stopped');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('RealtimeClient, staff side', () => {
  test('danger alerts are kept newest first until dismissed', () => {
    const client = makeClient(undefined);
    client.start();
    const socket = handshake();
    socket.receive({ type: 'alert.danger', conversationId: uuid(1), category: 'weapon', status: 'waiting' });
    socket.receive({ type: 'alert.danger', conversationId: uuid(2), category: 'threat_to_life', status: 'active' });
    expect(client.getSnapshot().dangerAlerts.map((a) => [a.conversationId, a.category, a.status])).toEqual([
      [uuid(2), 'threat_to_life', 'active'],
      [uuid(1), 'weapon', 'waiting'],
    ]);
    client.dismissDangerAlert(uuid(2));
    expect(client.getSnapshot().dangerAlerts.map((a) => a.conversationId)).toEqual([uuid(1)]);
  });

  test('assign sends the operator and settles on the ack', async () => {
    const client = makeClient(undefined);
    client.start();
    const socket = handshake();
    const assigning = client.assign(CONVERSATION_ID, uuid(7));
    const frame = socket.last('conversation.assign');
    expect(frame).toMatchObject({ conversationId: CONVERSATION_ID, operatorId: uuid(7) });
    socket.receive({ type: 'ack', requestId: frame.requestId, conversationId: CONVERSATION_ID });
    await expect(assigning).resolves.toBeUndefined();
  });

  test('a conversation read without holding it can be left: it is no longer synced or kept', () => {
    const client = makeClient(undefined);
    client.start();
    let socket = handshake();
    client.subscribeConversation(CONVERSATION_ID);
    answerSync(socket, [opened(1), message(2, 'citizen')]);
    expect(client.getSnapshot().conversations.has(CONVERSATION_ID)).toBe(true);
    client.unfollow(CONVERSATION_ID);
    expect(client.getSnapshot().conversations.has(CONVERSATION_ID)).toBe(false);
    socket.receive({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: message(3, 'citizen') });
    expect(client.getSnapshot().conversations.has(CONVERSATION_ID)).toBe(false);
    // After a reconnection it is not synced again.
    socket.handlers.close(1006);
    vi.advanceTimersByTime(250);
    socket = handshake();
    expect(socket.all('conversation.sync')).toEqual([]);
  });
});

describe('RealtimeClient, routing (presence, transfer, long waits)', () => {
  const ME = uuid(100);
  const me = { id: ME, rank: 'Adjudante', firstName: 'Julie' };
  const account = {
    id: ME,
    username: 'julie',
    rank: 'Adjudante',
    firstName: 'Julie',
    roles: ['operator' as const, 'supervisor' as const],
    disabled: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    capacity: 6,
    topics: ['general' as const, 'violence' as const],
    serviceId: null,
    availability: 'available' as const,
  };

  function staffHandshake(): FakeSocket {
    const socket = current();
    socket.handlers.open();
    const hello = socket.last('session.hello');
    socket.receive({
      type: 'session.ready',
      requestId: hello.requestId,
      protocolVersion: 1,
      connectionId: 'c1',
      identity: { kind: 'staff', staff: account },
      heartbeatIntervalMs: 15_000,
    });
    return socket;
  }

  function holding(): { client: RealtimeClient; socket: FakeSocket } {
    const client = makeClient(undefined);
    client.subscribeQueue();
    client.start();
    const socket = staffHandshake();
    const queue = socket.last('queue.subscribe');
    socket.receive({ type: 'queue.snapshot', requestId: queue.requestId, entries: [], mine: [staffView({ assignedOperator: me, lastSeq: 1 })] });
    const sync = socket.last('conversation.sync');
    socket.receive({ type: 'conversation.sync', requestId: sync.requestId, mode: 'snapshot', conversation: staffView({ assignedOperator: me, lastSeq: 1 }), events: [opened(1)] });
    expect(client.getSnapshot().mine).toEqual([CONVERSATION_ID]);
    return { client, socket };
  }

  test('presence.set is acknowledged, then my availability reads paused', async () => {
    const client = makeClient(undefined);
    client.start();
    const socket = staffHandshake();
    const pausing = client.setAvailability('paused');
    const frame = socket.last('presence.set');
    expect(frame.availability).toBe('paused');
    expect(client.getSnapshot().staff?.availability).toBe('available');
    socket.receive({ type: 'ack', requestId: frame.requestId });
    await pausing;
    expect(client.getSnapshot().staff?.availability).toBe('paused');
  });

  test('transferred away: it leaves my list, is no longer followed, and the departure names the colleague', async () => {
    const { client, socket } = holding();
    const transferring = client.transfer(CONVERSATION_ID, { kind: 'operator', operatorId: uuid(101), note: 'Victime mineure, rappel prévu' });
    const frame = socket.last('conversation.transfer');
    expect(frame.target).toEqual({ kind: 'operator', operatorId: uuid(101), note: 'Victime mineure, rappel prévu' });
    // The server announces the new holder before it acknowledges.
    const colleague = { id: uuid(101), rank: 'Gendarme', firstName: 'Paul' };
    socket.receive({ type: 'conversation.updated', conversation: staffView({ assignedOperator: colleague, lastSeq: 2 }) });
    socket.receive({ type: 'ack', requestId: frame.requestId, conversationId: CONVERSATION_ID });
    await transferring;
    const snapshot = client.getSnapshot();
    expect(snapshot.mine).toEqual([]);
    expect(snapshot.conversations.has(CONVERSATION_ID)).toBe(false);
    expect(snapshot.departures).toEqual([
      { id: 1, conversationId: CONVERSATION_ID, topic: 'violence', reason: 'transferred', operator: { rank: 'Gendarme', firstName: 'Paul' } },
    ]);
    // Its later events are not kept, and it is not synced again after a reconnection.
    socket.receive({ type: 'conversation.event', conversationId: CONVERSATION_ID, event: message(3, 'citizen') });
    expect(client.getSnapshot().conversations.has(CONVERSATION_ID)).toBe(false);
    socket.handlers.close(1006);
    vi.advanceTimersByTime(250);
    const next = staffHandshake();
    expect(next.all('conversation.sync')).toEqual([]);
  });

  test('released: it leaves my list as back in the queue', async () => {
    const { client, socket } = holding();
    const releasing = client.release(CONVERSATION_ID);
    const frame = socket.last('conversation.release');
    socket.receive({ type: 'conversation.updated', conversation: staffView({ status: 'waiting', assignedOperator: null, lastSeq: 2 }) });
    socket.receive({ type: 'ack', requestId: frame.requestId, conversationId: CONVERSATION_ID });
    await releasing;
    expect(client.getSnapshot().mine).toEqual([]);
    expect(client.getSnapshot().departures[0]).toMatchObject({ reason: 'returned', conversationId: CONVERSATION_ID });
  });

  test('a refused transfer keeps the conversation mine and rejects with the code', async () => {
    const { client, socket } = holding();
    const transferring = client.transfer(CONVERSATION_ID, { kind: 'operator', operatorId: uuid(101), note: 'Suite' });
    const frame = socket.last('conversation.transfer');
    socket.receive({ type: 'error', requestId: frame.requestId, error: { code: 'operator/at_capacity', message: 'full' } });
    await expect(transferring).rejects.toMatchObject({ code: 'operator/at_capacity' });
    expect(client.getSnapshot().mine).toEqual([CONVERSATION_ID]);
    expect(client.getSnapshot().departures).toEqual([]);
  });

  test('after a reconnection, a conversation the server no longer lists as mine has left', () => {
    const { client, socket } = holding();
    socket.handlers.close(1006);
    vi.advanceTimersByTime(250);
    const next = staffHandshake();
    const queue = next.last('queue.subscribe');
    next.receive({ type: 'queue.snapshot', requestId: queue.requestId, entries: [], mine: [] });
    expect(client.getSnapshot().mine).toEqual([]);
    expect(client.getSnapshot().departures[0]).toMatchObject({ reason: 'gone', conversationId: CONVERSATION_ID });
  });

  test('a conversation handed to me (automatic assignment) is followed and kept as an arrival; one I take is not', async () => {
    const client = makeClient(undefined);
    client.subscribeQueue();
    client.start();
    const socket = staffHandshake();
    const queue = socket.last('queue.subscribe');
    socket.receive({ type: 'queue.snapshot', requestId: queue.requestId, entries: [], mine: [] });

    socket.receive({ type: 'conversation.assigned', conversation: staffView({ id: uuid(1), topic: 'general', status: 'active', assignedOperator: me }) });
    expect(client.getSnapshot().mine).toEqual([uuid(1)]);
    expect(socket.last('conversation.sync').conversationId).toBe(uuid(1));
    expect(client.getSnapshot().arrivals).toEqual([{ id: 1, conversationId: uuid(1), topic: 'general' }]);

    // Taken here: the server announces it before it acknowledges; no arrival.
    const taking = client.take(uuid(2));
    socket.receive({ type: 'conversation.assigned', conversation: staffView({ id: uuid(2), status: 'active', assignedOperator: me }) });
    socket.receive({ type: 'ack', requestId: socket.last('conversation.take').requestId });
    await taking;
    // "Take next": the id is only known from the answer.
    const next = client.takeNext();
    socket.receive({ type: 'conversation.assigned', conversation: staffView({ id: uuid(3), status: 'active', assignedOperator: me }) });
    socket.receive({ type: 'ack', requestId: socket.last('conversation.take_next').requestId, conversationId: uuid(3) });
    await next;
    expect(client.getSnapshot().mine).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(client.getSnapshot().arrivals.map((a) => a.conversationId)).toEqual([uuid(1)]);

    // Once the takes are answered, the next handed-over conversation is an arrival again, numbered after the first.
    socket.receive({ type: 'conversation.assigned', conversation: staffView({ id: uuid(4), topic: 'minors', status: 'active', assignedOperator: me }) });
    expect(client.getSnapshot().arrivals[0]).toEqual({ id: 2, conversationId: uuid(4), topic: 'minors' });
  });

  test('long-wait alerts are kept until dismissed or the conversation leaves the queue', () => {
    const client = makeClient(undefined);
    client.subscribeQueue();
    client.start();
    const socket = staffHandshake();
    socket.receive({ type: 'alert.waiting', conversationId: uuid(1), waitingSince: '2025-01-01T03:00:00.000Z', danger: false });
    socket.receive({ type: 'alert.waiting', conversationId: uuid(2), waitingSince: '2025-01-01T03:01:00.000Z', danger: true });
    expect(client.getSnapshot().waitingAlerts.map((a) => [a.conversationId, a.danger])).toEqual([
      [uuid(2), true],
      [uuid(1), false],
    ]);
    socket.receive({ type: 'queue.remove', conversationId: uuid(2) });
    expect(client.getSnapshot().waitingAlerts.map((a) => a.conversationId)).toEqual([uuid(1)]);
    client.dismissWaitingAlert(uuid(1));
    expect(client.getSnapshot().waitingAlerts).toEqual([]);
  });
});
