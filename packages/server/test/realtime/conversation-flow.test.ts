import { randomUUID } from 'node:crypto';
import type { ServerFrame } from '@brigade/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

const isEvent = (conversationId: string, kind?: string) => (f: ServerFrame) =>
  f.type === 'conversation.event' && f.conversationId === conversationId && (kind === undefined || f.event.kind === kind);

describe.each(testDatabases())('conversation flow on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('carries a whole conversation between a citizen and an operator, live on both sides', async () => {
    const operator = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    const queue = await operator.request({ type: 'queue.subscribe', requestId: rid() });
    expect(queue.type).toBe('queue.snapshot');

    const { conversationId, citizenToken } = await startConversation(world.url, { topic: 'violence', danger: true });
    const upsert = await operator.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === conversationId);
    expect(upsert).toMatchObject({ entry: { topic: 'violence', danger: true, postalCode: '35000', pendingMessages: 0 } });

    const citizen = await TestSocket.connect(world.url, { citizenToken });
    const sync = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    expect(sync).toMatchObject({ type: 'conversation.sync', mode: 'snapshot', conversation: { status: 'waiting', operator: null } });
    if (sync.type !== 'conversation.sync') throw new Error('unreachable');
    expect(sync.events.map((e) => e.kind)).toEqual(['opened']);
    expect(sync.conversation).not.toHaveProperty('postalCode');

    // The citizen writes while waiting; the queue entry counts it.
    const waitingMessage = randomUUID();
    const ack = await citizen.request({
      type: 'message.send',
      requestId: rid(),
      conversationId,
      clientMessageId: waitingMessage,
      text: 'Bonjour, je suis enfermée.',
    });
    expect(ack).toMatchObject({ type: 'message.ack', seq: 2, duplicate: false, clientMessageId: waitingMessage });
    await operator.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === conversationId && f.entry.pendingMessages === 1);

    // The operator takes it: it leaves the queue, the citizen sees who answers (rank and first name only).
    const taken = await operator.request({ type: 'conversation.take', requestId: rid(), conversationId });
    expect(taken.type).toBe('ack');
    await operator.waitFor((f) => f.type === 'queue.remove' && f.conversationId === conversationId);
    const assigned = await citizen.waitFor(isEvent(conversationId, 'assigned'));
    expect(assigned).toMatchObject({ event: { kind: 'assigned', seq: 3, operator: { rank: 'Adjudante', firstName: 'Julie' } } });
    if (assigned.type === 'conversation.event' && assigned.event.kind === 'assigned') {
      expect(Object.keys(assigned.event.operator).sort()).toEqual(['firstName', 'rank']);
    }

    const opSync = await operator.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (opSync.type !== 'conversation.sync') throw new Error(`sync failed ${JSON.stringify(opSync)}`);
    expect(opSync.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(opSync.events[1]).toMatchObject({ kind: 'message', sender: 'citizen', text: 'Bonjour, je suis enfermée.' });

    // Typing goes to the other side only.
    citizen.send({ type: 'typing.set', conversationId, typing: true });
    await operator.waitFor((f) => f.type === 'typing' && f.from === 'citizen' && f.typing);
    operator.send({ type: 'typing.set', conversationId, typing: true });
    await citizen.waitFor((f) => f.type === 'typing' && f.from === 'operator' && f.typing);

    // Operator → citizen and citizen → operator, live.
    const reply = await operator.request({
      type: 'message.send',
      requestId: rid(),
      conversationId,
      clientMessageId: randomUUID(),
      text: 'Je suis là. Êtes-vous en sécurité ?',
    });
    expect(reply).toMatchObject({ type: 'message.ack', seq: 4 });
    const received = await citizen.waitFor((f) => isEvent(conversationId, 'message')(f) && f.type === 'conversation.event' && f.event.seq === 4);
    expect(received).toMatchObject({
      event: { seq: 4, sender: 'operator', text: 'Je suis là. Êtes-vous en sécurité ?', operator: { rank: 'Adjudante', firstName: 'Julie' } },
    });
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'Oui.' });
    await operator.waitFor((f) => isEvent(conversationId, 'message')(f) && f.type === 'conversation.event' && f.event.seq === 5);

    // Read marks: the citizen sees that the operator has read up to 5.
    operator.send({ type: 'message.read', conversationId, upToSeq: 5 });
    await citizen.waitFor((f) => f.type === 'conversation.updated' && f.conversation.readMarks.operator === 5);
    citizen.send({ type: 'message.read', conversationId, upToSeq: 4 });
    await operator.waitFor((f) => f.type === 'conversation.updated' && f.conversation.readMarks.citizen === 4);

    // Closing with an outcome ends it on both sides; sending afterwards is refused.
    const close = await operator.request({ type: 'conversation.close', requestId: rid(), conversationId, outcome: 'referred' });
    expect(close.type).toBe('ack');
    await citizen.waitFor((f) => isEvent(conversationId, 'closed')(f));
    const late = await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'encore' });
    expect(late).toMatchObject({ type: 'error', error: { code: 'conversation/closed' } });

    // No frame the citizen received carries staff-only fields.
    const citizenJson = JSON.stringify(citizen.frames);
    expect(citizenJson).not.toContain('postalCode');
    expect(citizenJson).not.toContain(world.ids.op1);
    await Promise.all([citizen.close(), operator.close()]);
  });

  it('keeps two citizens and two operators apart', async () => {
    const a = await startConversation(world.url);
    const b = await startConversation(world.url);
    const op1 = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    const op2 = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    const citizenA = await TestSocket.connect(world.url, { citizenToken: a.citizenToken });
    const citizenB = await TestSocket.connect(world.url, { citizenToken: b.citizenToken });

    expect(await op1.request({ type: 'conversation.take', requestId: rid(), conversationId: a.conversationId })).toMatchObject({ type: 'ack' });
    expect(await op2.request({ type: 'conversation.take', requestId: rid(), conversationId: b.conversationId })).toMatchObject({ type: 'ack' });
    for (const [socket, id] of [
      [citizenA, a.conversationId],
      [citizenB, b.conversationId],
      [op1, a.conversationId],
      [op2, b.conversationId],
    ] as const) {
      expect(await socket.request({ type: 'conversation.sync', requestId: rid(), conversationId: id, afterSeq: 0 })).toMatchObject({
        type: 'conversation.sync',
      });
    }

    // A citizen's token opens its own conversation only; an operator cannot read or write another's.
    const notFound = { type: 'error', error: { code: 'conversation/not_found' } };
    expect(await citizenA.request({ type: 'conversation.sync', requestId: rid(), conversationId: b.conversationId, afterSeq: 0 })).toMatchObject(notFound);
    expect(
      await citizenA.request({ type: 'message.send', requestId: rid(), conversationId: b.conversationId, clientMessageId: randomUUID(), text: 'x' }),
    ).toMatchObject(notFound);
    expect(await op2.request({ type: 'conversation.sync', requestId: rid(), conversationId: a.conversationId, afterSeq: 0 })).toMatchObject(notFound);
    expect(
      await op2.request({ type: 'message.send', requestId: rid(), conversationId: a.conversationId, clientMessageId: randomUUID(), text: 'x' }),
    ).toMatchObject(notFound);
    expect(await op2.request({ type: 'conversation.close', requestId: rid(), conversationId: a.conversationId, outcome: 'answered' })).toMatchObject(
      notFound,
    );
    // Taking an already-taken conversation is refused.
    expect(await op2.request({ type: 'conversation.take', requestId: rid(), conversationId: a.conversationId })).toMatchObject({
      error: { code: 'conversation/already_taken' },
    });

    // Traffic in A reaches A's two parties and nobody else.
    await citizenA.request({ type: 'message.send', requestId: rid(), conversationId: a.conversationId, clientMessageId: randomUUID(), text: 'secret A' });
    await op1.waitFor(isEvent(a.conversationId, 'message'));
    await citizenB.request({ type: 'message.send', requestId: rid(), conversationId: b.conversationId, clientMessageId: randomUUID(), text: 'secret B' });
    await op2.waitFor(isEvent(b.conversationId, 'message'));
    expect(JSON.stringify(citizenB.frames)).not.toContain('secret A');
    expect(JSON.stringify(op2.frames)).not.toContain('secret A');
    expect(JSON.stringify(citizenA.frames)).not.toContain('secret B');
    expect(JSON.stringify(op1.frames)).not.toContain('secret B');
    await Promise.all([op1, op2, citizenA, citizenB].map((s) => s.close()));
  });

  it('stores and shows a message once however often it is sent', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await op.request({ type: 'conversation.take', requestId: rid(), conversationId });
    await op.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    const clientMessageId = randomUUID();
    const frame = { type: 'message.send', conversationId, clientMessageId, text: 'double clic' } as const;
    // Three sends in the same tick (double click + retry), then one more after the first ack.
    const acks = await Promise.all([1, 2, 3].map(() => citizen.request({ ...frame, requestId: rid() })));
    const again = await citizen.request({ ...frame, requestId: rid() });
    const seqs = [...acks, again].map((f) => (f.type === 'message.ack' ? f.seq : -1));
    expect(new Set(seqs)).toEqual(new Set([seqs[0]]));
    expect([...acks, again].filter((f) => f.type === 'message.ack' && !f.duplicate)).toHaveLength(1);
    // A second connection of the same citizen (e.g. after reload) retrying the same id is also a duplicate.
    const reloaded = await TestSocket.connect(world.url, { citizenToken });
    expect(await reloaded.request({ ...frame, requestId: rid() })).toMatchObject({ type: 'message.ack', duplicate: true, seq: seqs[0] });

    const marker = randomUUID();
    await citizen.request({ ...frame, clientMessageId: marker, text: 'marker', requestId: rid() });
    await op.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'message' && f.event.clientMessageId === marker);
    const seen = op.ofType('conversation.event').filter((f) => f.event.kind === 'message' && f.event.clientMessageId === clientMessageId);
    expect(seen).toHaveLength(1);
    const history = await op.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (history.type !== 'conversation.sync') throw new Error('sync failed');
    expect(history.events.filter((e) => e.kind === 'message' && e.clientMessageId === clientMessageId)).toHaveLength(1);
    await Promise.all([op.close(), citizen.close(), reloaded.close()]);
  });

  it('resumes after a disconnect with exactly what was missed, in order', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await op.request({ type: 'conversation.take', requestId: rid(), conversationId });
    let citizen = await TestSocket.connect(world.url, { citizenToken });
    const first = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (first.type !== 'conversation.sync') throw new Error('sync failed');
    const lastSeen = first.events.at(-1)?.seq ?? 0;
    await citizen.close();

    const texts = ['un', 'deux', 'trois'];
    for (const text of texts) {
      await op.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text });
    }
    citizen = await TestSocket.connect(world.url, { citizenToken });
    const resume = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: lastSeen });
    expect(resume).toMatchObject({ type: 'conversation.sync', mode: 'delta' });
    if (resume.type !== 'conversation.sync') throw new Error('unreachable');
    expect(resume.events.map((e) => (e.kind === 'message' ? e.text : e.kind))).toEqual(texts);
    expect(resume.events.map((e) => e.seq)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);

    // A message whose ack was lost with the connection is resent with the same id: stored once.
    const pending = randomUUID();
    citizen.send({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: pending, text: 'perdu ?' });
    citizen.ws.terminate();
    await citizen.waitClosed();
    citizen = await TestSocket.connect(world.url, { citizenToken });
    const retry = await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: pending, text: 'perdu ?' });
    expect(retry.type).toBe('message.ack');
    const all = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (all.type !== 'conversation.sync') throw new Error('sync failed');
    expect(all.events.filter((e) => e.kind === 'message' && e.clientMessageId === pending)).toHaveLength(1);
    const seqs = all.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));

    // A client claiming a seq from the future gets the whole history rather than nothing.
    const future = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 10_000 });
    expect(future).toMatchObject({ mode: 'snapshot' });
    await Promise.all([op.close(), citizen.close()]);
  });

  it('delivers events committed while a sync is in flight exactly once', async () => {
    const { conversationId, citizenToken } = await startConversation(world.url);
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await op.request({ type: 'conversation.take', requestId: rid(), conversationId });
    await op.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    // Fire operator messages while the citizen subscribes.
    const sends = Array.from({ length: 20 }, (_, i) =>
      op.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: `m${i}` }),
    );
    const sync = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const acks = await Promise.all(sends);
    const lastSeq = Math.max(...acks.map((a) => (a.type === 'message.ack' ? a.seq : 0)));
    await citizen.waitFor((f) => f.type === 'conversation.event' && f.event.seq === lastSeq).catch(() => undefined);
    if (sync.type !== 'conversation.sync') throw new Error('sync failed');
    const seen = [...sync.events.map((e) => e.seq), ...citizen.ofType('conversation.event').map((f) => f.event.seq)];
    expect(seen).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    await Promise.all([op.close(), citizen.close()]);
  });
});
