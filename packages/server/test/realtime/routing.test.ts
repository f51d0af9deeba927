import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

describe.each(testDatabases())('routing on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('gives the most urgent conversation to "take next", and tells waiting citizens their place', async () => {
    const general = await startConversation(world.url, { topic: 'general' });
    const violence = await startConversation(world.url, { topic: 'violence' });
    const cyber = await startConversation(world.url, { topic: 'cyberharassment' });
    const citizen = await TestSocket.connect(world.url, { citizenToken: general.citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId: general.conversationId, afterSeq: 0 });
    // The general question waits behind violence and cyber-harassment: third.
    expect(await citizen.waitFor((f) => f.type === 'queue.position' && f.position === 3, 5000)).toMatchObject({
      conversationId: general.conversationId,
      estimatedWaitSeconds: null,
    });

    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    const first = await op.request({ type: 'conversation.take_next', requestId: rid() });
    expect(first).toMatchObject({ type: 'ack', conversationId: violence.conversationId });
    expect(await op.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === violence.conversationId)).toBeTruthy();
    expect(await citizen.waitFor((f) => f.type === 'queue.position' && f.position === 2, 5000)).toBeTruthy();
    expect(await op.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ conversationId: cyber.conversationId });
    expect(await citizen.waitFor((f) => f.type === 'queue.position' && f.position === 1, 5000)).toBeTruthy();
    expect(await op.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ conversationId: general.conversationId });
    expect(await op.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ error: { code: 'queue/empty' } });
    await Promise.all([citizen.close(), op.close()]);
  });

  it('lets a supervisor hand a conversation to an operator, whose consoles are told', async () => {
    const { conversationId } = await startConversation(world.url);
    const marc = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId, operatorId: world.ids.op2 })).toMatchObject({
      type: 'ack',
      conversationId,
    });
    expect(await marc.waitFor((f) => f.type === 'conversation.assigned')).toMatchObject({
      conversation: { id: conversationId, assignedOperator: { id: world.ids.op2 } },
    });
    // Not to someone who is not an operator, and not twice.
    const other = await startConversation(world.url);
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId: other.conversationId, operatorId: world.ids.admin })).toMatchObject({
      error: { code: 'staff/not_found' },
    });
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId, operatorId: world.ids.op1 })).toMatchObject({
      error: { code: 'conversation/already_taken' },
    });
    await Promise.all([marc.close(), supervisor.close()]);
  });

  it('gives a conversation to exactly one of many operators taking it at the same moment', async () => {
    const { conversationId } = await startConversation(world.url);
    const sockets = await Promise.all([world.cookies.op1, world.cookies.op2, world.cookies.op1, world.cookies.op2].map((cookie) => TestSocket.connect(world.url, { cookie })));
    const answers = await Promise.all(sockets.map((s) => s.request({ type: 'conversation.take', requestId: rid(), conversationId })));
    const winners = answers.filter((a) => a.type === 'ack');
    // Two sockets of the same operator may both be told "yours" (a retried take); one operator holds it.
    const holders = new Set(answers.flatMap((a, i) => (a.type === 'ack' ? [i % 2] : [])));
    expect(winners.length).toBeGreaterThanOrEqual(1);
    expect(holders.size).toBe(1);
    expect(answers.filter((a) => a.type === 'error').every((a) => a.type === 'error' && a.error.code === 'conversation/already_taken')).toBe(true);
    // And the database agrees: one assigned event.
    const sync = await sockets[0]!.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (sync.type === 'conversation.sync') expect(sync.events.filter((e) => e.kind === 'assigned')).toHaveLength(1);
    await Promise.all(sockets.map((s) => s.close()));
  });
});
