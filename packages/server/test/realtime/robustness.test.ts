import { randomUUID } from 'node:crypto';
import { CLIENT_FRAME_TYPES, CLOSE_CODES, MAX_FRAME_BYTES, MESSAGE_TEXT_MAX, PROTOCOL_VERSION } from '@brigade/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

/** One valid-looking frame of each authenticated type, for "before hello" and "wrong role" checks. */
function sampleFrames(conversationId: string): Record<string, Record<string, unknown>> {
  return {
    'conversation.sync': { type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 },
    'message.send': { type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'x' },
    'typing.set': { type: 'typing.set', conversationId, typing: true },
    'message.read': { type: 'message.read', conversationId, upToSeq: 1 },
    'conversation.take': { type: 'conversation.take', requestId: rid(), conversationId },
    'conversation.take_next': { type: 'conversation.take_next', requestId: rid() },
    'conversation.assign': { type: 'conversation.assign', requestId: rid(), conversationId, operatorId: conversationId },
    'conversation.close': { type: 'conversation.close', requestId: rid(), conversationId, outcome: 'answered' },
    'conversation.release': { type: 'conversation.release', requestId: rid(), conversationId },
    'conversation.leave': { type: 'conversation.leave', requestId: rid(), conversationId },
    'conversation.transfer': { type: 'conversation.transfer', requestId: rid(), conversationId, target: { kind: 'topic', topic: 'general' } },
    'presence.set': { type: 'presence.set', requestId: rid(), availability: 'paused' },
    'queue.subscribe': { type: 'queue.subscribe', requestId: rid() },
  };
}

describe.each(testDatabases())('realtime robustness on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('answers bad frames with clear errors and keeps serving', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    const expectError = async (send: () => void, code: string) => {
      const before = citizen.frames.length;
      send();
      const frame = await citizen.waitFor((f, ) => f.type === 'error' && citizen.frames.indexOf(f) >= before);
      expect(frame).toMatchObject({ type: 'error', error: { code } });
    };
    await expectError(() => citizen.sendRaw('not json {'), 'request/invalid');
    await expectError(() => citizen.send({ type: 'no.such.type', requestId: 'r1' }), 'protocol/unknown_type');
    await expectError(() => citizen.send({ hello: 'world' }), 'request/invalid');
    await expectError(() => citizen.sendRaw(Buffer.from([1, 2, 3])), 'request/invalid');
    await expectError(() => citizen.send(null as unknown as Record<string, unknown>), 'request/invalid');
    // Too long, empty, wrong id format: refused with the requestId echoed, nothing stored.
    for (const text of ['x'.repeat(MESSAGE_TEXT_MAX + 1), '   ']) {
      const answer = await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text });
      expect(answer).toMatchObject({ type: 'error', error: { code: 'request/invalid' } });
    }
    const badId = { type: 'message.send', requestId: 'bad-id', conversationId, clientMessageId: 'not-a-uuid', text: 'x' };
    citizen.send(badId);
    expect(await citizen.waitFor((f) => f.type === 'error' && f.requestId === 'bad-id')).toMatchObject({ error: { code: 'request/invalid' } });
    // Exactly 4,000 characters is accepted.
    const ok = await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'é'.repeat(MESSAGE_TEXT_MAX) });
    expect(ok).toMatchObject({ type: 'message.ack', seq: 2 });
    const history = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    expect(history.type === 'conversation.sync' && history.events.length).toBe(2);

    // An oversized frame closes that connection (1009) and nothing else.
    const other = await TestSocket.connect(world.url, { citizenToken });
    citizen.sendRaw('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await citizen.waitClosed()).code).toBe(1009);
    const still = await other.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'toujours là' });
    expect(still).toMatchObject({ type: 'message.ack', seq: 3 });
    expect((await http(world.url, 'GET', '/healthz')).status).toBe(200);
    await other.close();
  });

  it('refuses every authenticated frame type before hello', async () => {
    const { conversationId } = await startConversation(world.url);
    const socket = await TestSocket.open(world.url);
    const frames = sampleFrames(conversationId);
    expect(Object.keys(frames).sort()).toEqual(CLIENT_FRAME_TYPES.filter((t) => t !== 'session.hello' && t !== 'ping').sort());
    for (const frame of Object.values(frames)) {
      const before = socket.frames.length;
      socket.send(frame);
      if ('requestId' in frame) {
        expect(await socket.waitFor((f) => f.type === 'error' && f.requestId === frame.requestId)).toMatchObject({
          error: { code: 'protocol/not_ready' },
        });
      } else {
        expect(await socket.waitFor((f) => f.type === 'error' && socket.frames.indexOf(f) >= before)).toMatchObject({
          error: { code: 'protocol/not_ready' },
        });
      }
    }
    // ping works without a session (heartbeat), and answers its nonce.
    socket.send({ type: 'ping', nonce: 'n1' });
    expect(await socket.waitFor((f) => f.type === 'pong')).toEqual({ type: 'pong', nonce: 'n1' });
    await socket.close();
  });

  it('refuses wrong credentials and ends the connection', async () => {
    const badToken = await TestSocket.open(world.url);
    expect(await badToken.request({ type: 'session.hello', requestId: rid(), protocolVersion: PROTOCOL_VERSION, citizenToken: 'forged' })).toMatchObject({
      error: { code: 'auth/invalid_credentials' },
    });
    expect((await badToken.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);

    const noCookie = await TestSocket.open(world.url);
    expect(await noCookie.request({ type: 'session.hello', requestId: rid(), protocolVersion: PROTOCOL_VERSION })).toMatchObject({
      error: { code: 'auth/required' },
    });
    expect((await noCookie.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);

    const badCookie = await TestSocket.open(world.url, { cookie: 'brigade_staff=forged' });
    expect(await badCookie.request({ type: 'session.hello', requestId: rid(), protocolVersion: PROTOCOL_VERSION })).toMatchObject({
      error: { code: 'auth/required' },
    });

    const oldVersion = await TestSocket.open(world.url, { cookie: world.cookies.op1 });
    expect(await oldVersion.request({ type: 'session.hello', requestId: rid(), protocolVersion: 0 })).toMatchObject({
      error: { code: 'protocol/unsupported_version' },
    });

    // A page from another site cannot open the socket (cross-site WebSocket hijacking).
    await expect(TestSocket.open(world.url, { cookie: world.cookies.op1, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const sameOrigin = await TestSocket.open(world.url, { cookie: world.cookies.op1, origin: world.url });
    await sameOrigin.close();
  });

  it('answers wrong roles on every handler with forbidden or not found', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    for (const type of ['conversation.take', 'conversation.close', 'queue.subscribe'] as const) {
      const frame = sampleFrames(conversationId)[type] as { requestId: string } & Record<string, unknown>;
      expect(await citizen.request(frame as never)).toMatchObject({ error: { code: 'auth/forbidden' } });
    }
    // Administrators without the operator role cannot take, write or read the queue.
    const admin = await TestSocket.connect(world.url, { cookie: world.cookies.admin });
    for (const type of ['conversation.take', 'queue.subscribe', 'message.send'] as const) {
      const frame = sampleFrames(conversationId)[type] as { requestId: string } & Record<string, unknown>;
      expect(await admin.request(frame as never)).toMatchObject({ error: { code: 'auth/forbidden' } });
    }
    expect(await admin.request(sampleFrames(conversationId)['conversation.sync'] as never)).toMatchObject({ error: { code: 'conversation/not_found' } });
    // Staff cannot use the citizen's leave.
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    expect(await op.request(sampleFrames(conversationId)['conversation.leave'] as never)).toMatchObject({ error: { code: 'auth/forbidden' } });
    // Supervisors see the queue and may read any conversation, but cannot take one.
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    expect(await supervisor.request(sampleFrames(conversationId)['queue.subscribe'] as never)).toMatchObject({ type: 'queue.snapshot' });
    expect(await supervisor.request(sampleFrames(conversationId)['conversation.sync'] as never)).toMatchObject({ type: 'conversation.sync' });
    expect(await supervisor.request(sampleFrames(conversationId)['conversation.take'] as never)).toMatchObject({ error: { code: 'auth/forbidden' } });
    // An operator who does not hold it cannot read it.
    expect(await op.request(sampleFrames(conversationId)['conversation.sync'] as never)).toMatchObject({ error: { code: 'conversation/not_found' } });
    await Promise.all([citizen, admin, op, supervisor].map((s) => s.close()));
  });

  it('closes a staff member’s sockets when they log out', async () => {
    const cookie = await world.server.signIn('marc');
    const a = await TestSocket.connect(world.url, { cookie });
    const b = await TestSocket.connect(world.url, { cookie });
    const otherSession = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    expect((await http(world.url, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    for (const socket of [a, b]) {
      expect(await socket.waitFor((f) => f.type === 'session.ended')).toEqual({ type: 'session.ended', reason: 'logout' });
      expect((await socket.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    }
    // The session is gone; another session of the same person is untouched.
    expect((await http(world.url, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
    expect(otherSession.closed).toBeNull();
    expect(await otherSession.request({ type: 'queue.subscribe', requestId: rid() })).toMatchObject({ type: 'queue.snapshot' });
    await otherSession.close();
  });

  it('ends the citizen session on quick exit: sockets closed, token dead, operator told', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await op.request({ type: 'conversation.take', requestId: rid(), conversationId });
    await op.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    // sendBeacon posts text/plain.
    const res = await fetch(`${world.url}/api/citizen/exit`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ citizenToken }),
    });
    expect(res.status).toBe(204);
    expect(await citizen.waitFor((f) => f.type === 'session.ended')).toEqual({ type: 'session.ended', reason: 'citizen_exit' });
    expect((await citizen.waitClosed()).code).toBe(CLOSE_CODES.sessionEnded);
    expect(await op.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'closed')).toMatchObject({
      event: { kind: 'closed', by: 'citizen', outcome: 'citizen_quick_exit' },
    });
    const again = await TestSocket.open(world.url);
    expect(await again.request({ type: 'session.hello', requestId: rid(), protocolVersion: PROTOCOL_VERSION, citizenToken })).toMatchObject({
      error: { code: 'auth/invalid_credentials' },
    });
    // Unknown tokens answer the same (no oracle).
    expect((await http(world.url, 'POST', '/api/citizen/exit', { body: { citizenToken: 'nope' } })).status).toBe(204);
    await op.close();
  });

  it('lets a citizen end the chat', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const watcher = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await watcher.request({ type: 'queue.subscribe', requestId: rid() });
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    expect(await citizen.request({ type: 'conversation.leave', requestId: rid(), conversationId })).toMatchObject({ type: 'ack' });
    expect(await citizen.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'closed')).toMatchObject({
      event: { by: 'citizen', outcome: 'citizen_left' },
    });
    await watcher.waitFor((f) => f.type === 'queue.remove' && f.conversationId === conversationId);
    expect(await citizen.request({ type: 'conversation.leave', requestId: rid(), conversationId })).toMatchObject({ error: { code: 'conversation/closed' } });
    await Promise.all([citizen.close(), watcher.close()]);
  });
});
