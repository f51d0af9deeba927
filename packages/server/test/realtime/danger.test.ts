import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

describe.each(testDatabases())('danger detection on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('raises a waiting conversation to the top, alerts supervisors and tells the citizen, once', async () => {
    const calm = await startConversation(world.url, { danger: false });
    const { conversationId, citizenToken } = await startConversation(world.url, { danger: false });
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    const operator = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    const snapshot = await operator.request({ type: 'queue.subscribe', requestId: rid() });
    if (snapshot.type !== 'queue.snapshot') throw new Error('no snapshot');
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });

    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'Bonjour, une question.' });
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'Il a sorti un couteau !' });

    expect(await supervisor.waitFor((f) => f.type === 'alert.danger')).toEqual({ type: 'alert.danger', conversationId, category: 'weapon', status: 'waiting' });
    await operator.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === conversationId && f.entry.danger);
    const flagged = await citizen.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'danger_flagged');
    expect(flagged).toMatchObject({ event: { kind: 'danger_flagged', seq: 4, category: null } });
    expect(await citizen.waitFor((f) => f.type === 'conversation.updated' && f.conversation.danger)).toBeTruthy();

    // It now comes before the calmer conversation that waited longer.
    const again = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    const queue = await again.request({ type: 'queue.subscribe', requestId: rid() });
    if (queue.type !== 'queue.snapshot') throw new Error('no snapshot');
    const ids = queue.entries.map((e) => e.conversationId);
    expect(ids.indexOf(conversationId)).toBeLessThan(ids.indexOf(calm.conversationId));

    // Flagged once: another alarming message adds no event and no alert.
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'il va me tuer' });
    const history = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (history.type !== 'conversation.sync') throw new Error('sync failed');
    expect(history.events.filter((e) => e.kind === 'danger_flagged')).toHaveLength(1);
    expect(supervisor.ofType('alert.danger')).toHaveLength(1);
    // Staff see why; citizens do not.
    const staffView = await supervisor.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (staffView.type !== 'conversation.sync') throw new Error('sync failed');
    expect(staffView.events.find((e) => e.kind === 'danger_flagged')).toMatchObject({ category: 'weapon' });
    expect(JSON.stringify(citizen.frames)).not.toContain('weapon');
    await Promise.all([supervisor, operator, citizen, again].map((s) => s.close()));
  });

  it('lets administrators read and replace the rules; supervisors read; others cannot', async () => {
    const read = await http(world.url, 'GET', '/api/danger-rules', { cookie: world.cookies.supervisor });
    expect(read.status).toBe(200);
    const rules = (read.body as { rules: { id: string; pattern: string }[] }).rules;
    expect(rules.length).toBeGreaterThan(5);
    expect((await http(world.url, 'GET', '/api/danger-rules', { cookie: world.cookies.op1 })).status).toBe(403);
    expect((await http(world.url, 'GET', '/api/danger-rules')).status).toBe(401);
    const custom = { rules: [{ id: 'code-word', category: 'aggressor_present', pattern: '\\bpizza margherita\\b', description: 'Mot code convenu' }] };
    expect((await http(world.url, 'PUT', '/api/danger-rules', { cookie: world.cookies.supervisor, body: custom })).status).toBe(403);
    expect((await http(world.url, 'PUT', '/api/danger-rules', { cookie: world.cookies.admin, body: { rules: [{ ...custom.rules[0], pattern: '(' }] } })).status).toBe(400);
    expect((await http(world.url, 'PUT', '/api/danger-rules', { cookie: world.cookies.admin, body: custom })).status).toBe(200);

    // The new rule applies at once; the old ones no longer do.
    const { conversationId, citizenToken } = await startConversation(world.url);
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'il a un couteau' });
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: 'Je voudrais commander une Pizza Margherita' });
    const sync = await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    if (sync.type !== 'conversation.sync') throw new Error('sync failed');
    expect(sync.events.map((e) => e.kind)).toEqual(['opened', 'message', 'message', 'danger_flagged']);
    await citizen.close();
    const audit = await http(world.url, 'GET', `/api/audit?actorId=${world.ids.admin}&limit=3`, { cookie: world.cookies.admin });
    expect(JSON.stringify(audit.body)).toContain('settings.danger_rules_changed');
  });
});
