import { DEFAULT_TOPIC_LEVELS, type OperatorView, type ServerFrame } from '@brigade/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, PASSWORD, type World } from '../support/world.js';

/** Presence, capacity and topics of operators; transfers; topic levels — with real clients, on both databases. */
describe.each(testDatabases())('operators and transfers on $name', (database) => {
  let world: World;
  /** A fresh operator per test, so capacities and presence never leak between tests. */
  let serial = 0;
  async function operator(options: { capacity?: number; topics?: ('general' | 'violence' | 'minors' | 'cyberharassment' | 'discrimination' | 'other')[] } = {}) {
    serial += 1;
    const username = `agent${serial}`;
    const firstName = `Agent${serial}`;
    const { id } = await world.server.createStaff({ username, password: PASSWORD, rank: 'Gendarme', firstName, roles: ['operator'], ...options });
    const cookie = await world.server.signIn(username);
    return { id, firstName, cookie, connect: () => TestSocket.connect(world.url, { cookie }) };
  }
  async function operators(cookie: string): Promise<OperatorView[]> {
    const res = await http(world.url, 'GET', '/api/operators', { cookie });
    expect(res.status).toBe(200);
    return (res.body as { operators: OperatorView[] }).operators;
  }
  const error = (code: string) => ({ type: 'error', error: { code } });

  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('shows each operator as offline, available or paused with their load, and assigns only to those available', async () => {
    const anna = await operator({ capacity: 3 });
    expect((await operators(world.cookies.supervisor)).find((o) => o.id === anna.id)).toMatchObject({ presence: 'offline', load: 0, capacity: 3 });
    const socket = await anna.connect();
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    expect((await operators(world.cookies.supervisor)).find((o) => o.id === anna.id)).toMatchObject({ presence: 'available' });

    expect(await socket.request({ type: 'presence.set', requestId: rid(), availability: 'paused' })).toMatchObject({ type: 'ack' });
    // Colleagues see it too (operators list each other to transfer).
    expect((await operators(world.cookies.op1)).find((o) => o.id === anna.id)).toMatchObject({ presence: 'paused' });
    const waiting = await startConversation(world.url);
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId: waiting.conversationId, operatorId: anna.id })).toMatchObject(
      error('operator/unavailable'),
    );

    expect(await socket.request({ type: 'presence.set', requestId: rid(), availability: 'available' })).toMatchObject({ type: 'ack' });
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId: waiting.conversationId, operatorId: anna.id })).toMatchObject({
      type: 'ack',
    });
    expect((await operators(world.cookies.supervisor)).find((o) => o.id === anna.id)).toMatchObject({ presence: 'available', load: 1 });

    // Gone: offline, and nothing more is assigned to her.
    await socket.close();
    const other = await startConversation(world.url);
    await expect.poll(async () => (await operators(world.cookies.supervisor)).find((o) => o.id === anna.id)?.presence).toBe('offline');
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId: other.conversationId, operatorId: anna.id })).toMatchObject(
      error('operator/unavailable'),
    );
    await supervisor.close();
  });

  it('tells an operator’s consoles at once when their routing profile or availability changes', async () => {
    const anna = await operator({ capacity: 2 });
    const [tab1, tab2] = await Promise.all([anna.connect(), anna.connect()]);
    const patch = await http(world.url, 'PATCH', `/api/staff/${anna.id}`, { cookie: world.cookies.admin, body: { capacity: 4, topics: ['general', 'minors'] } });
    expect(patch.status).toBe(200);
    for (const tab of [tab1, tab2]) {
      expect(await tab.waitFor((f) => f.type === 'account.updated' && f.staff.capacity === 4)).toMatchObject({ staff: { id: anna.id, topics: ['general', 'minors'] } });
    }
    await tab1.request({ type: 'presence.set', requestId: rid(), availability: 'paused' });
    expect(await tab2.waitFor((f) => f.type === 'account.updated' && f.staff.availability === 'paused')).toBeTruthy();
    // Nobody else hears of it.
    const other = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    await other.request({ type: 'queue.subscribe', requestId: rid() });
    expect(other.ofType('account.updated')).toHaveLength(0);
    await Promise.all([tab1.close(), tab2.close(), other.close()]);
  });

  it('keeps minors for trained operators: others can neither take them nor get them next', async () => {
    const untrained = await operator();
    const trained = await operator({ topics: ['minors', 'violence'] });
    const [u, t] = await Promise.all([untrained.connect(), trained.connect()]);
    const minor = await startConversation(world.url, { topic: 'minors' });

    expect(await u.request({ type: 'conversation.take', requestId: rid(), conversationId: minor.conversationId })).toMatchObject(error('conversation/not_handled'));
    // Drain what other tests left waiting, so that only the minors conversation remains for take_next.
    for (;;) {
      const next = await u.request({ type: 'conversation.take_next', requestId: rid() });
      if (next.type !== 'ack') {
        expect(next).toMatchObject(error('queue/empty'));
        break;
      }
      await u.request({ type: 'conversation.close', requestId: rid(), conversationId: next.conversationId ?? '', outcome: 'answered' });
    }
    expect(await t.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ type: 'ack', conversationId: minor.conversationId });
    await Promise.all([u.close(), t.close()]);
  });

  it('never gives an operator more than their capacity, and a full operator leaves the conversation waiting', async () => {
    const solo = await operator({ capacity: 1 });
    const socket = await solo.connect();
    const first = await startConversation(world.url);
    const second = await startConversation(world.url);
    expect(await socket.request({ type: 'conversation.take', requestId: rid(), conversationId: first.conversationId })).toMatchObject({ type: 'ack' });

    expect(await socket.request({ type: 'conversation.take', requestId: rid(), conversationId: second.conversationId })).toMatchObject(error('operator/at_capacity'));
    expect(await socket.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject(error('operator/at_capacity'));
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    const snapshot = await supervisor.request({ type: 'queue.subscribe', requestId: rid() });
    expect(snapshot.type === 'queue.snapshot' && snapshot.entries.some((e) => e.conversationId === second.conversationId)).toBe(true);
    expect(await supervisor.request({ type: 'conversation.assign', requestId: rid(), conversationId: second.conversationId, operatorId: solo.id })).toMatchObject(
      error('operator/at_capacity'),
    );

    // Closing one frees the place.
    await socket.request({ type: 'conversation.close', requestId: rid(), conversationId: first.conversationId, outcome: 'answered' });
    expect(await socket.request({ type: 'conversation.take', requestId: rid(), conversationId: second.conversationId })).toMatchObject({ type: 'ack' });
    await Promise.all([socket.close(), supervisor.close()]);
  });

  it('transfers to a colleague with a note the colleague reads and the citizen never receives', async () => {
    const from = await operator();
    const to = await operator();
    const [a, b] = await Promise.all([from.connect(), to.connect()]);
    const { conversationId, citizenToken } = await startConversation(world.url);
    const citizen = await TestSocket.connect(world.url, { citizenToken });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    await a.request({ type: 'conversation.take', requestId: rid(), conversationId });
    await a.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const hello = crypto.randomUUID();
    await a.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: hello, text: 'Bonjour, je vous écoute.' });
    const note = 'Elle craint que son conjoint lise ses messages : ne pas rappeler.';

    // A note is required for a colleague.
    expect(
      await a.request({ type: 'conversation.transfer', requestId: rid(), conversationId, target: { kind: 'operator', operatorId: to.id } } as never),
    ).toMatchObject(error('request/invalid'));
    expect(await a.request({ type: 'conversation.transfer', requestId: rid(), conversationId, target: { kind: 'operator', operatorId: to.id, note } })).toMatchObject({
      type: 'ack',
      conversationId,
    });

    expect(await b.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === conversationId)).toBeTruthy();
    const history = await b.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    // Staff see which colleague wrote what (by id); the citizen never does.
    expect(history.type === 'conversation.sync' && history.events.find((e) => e.kind === 'message' && e.clientMessageId === hello)).toMatchObject({ operatorId: from.id });
    expect(history.type === 'conversation.sync' && history.events.at(-1)).toMatchObject({
      kind: 'transferred',
      target: 'operator',
      operator: { firstName: to.firstName },
      note,
    });
    // The previous holder's console sees it is no longer theirs, and cannot write in it any more.
    expect(await a.waitFor((f) => f.type === 'conversation.updated' && 'assignedOperator' in f.conversation && f.conversation.assignedOperator?.id === to.id)).toBeTruthy();
    expect(
      await a.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: crypto.randomUUID(), text: 'encore moi' }),
    ).toMatchObject(error('conversation/not_found'));

    // From now on the conversation is B's alone: A's console no longer receives it live.
    const after = crypto.randomUUID();
    await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: after, text: 'Vous êtes là ?' });
    await b.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'message' && f.event.clientMessageId === after);
    await a.request({ type: 'conversation.sync', requestId: rid(), conversationId: crypto.randomUUID(), afterSeq: 0 }); // a fence: A's frames so far are in
    expect(a.frames.some((f) => f.type === 'conversation.event' && f.event.kind === 'message' && f.event.clientMessageId === after)).toBe(false);

    // The citizen is told who answers now; nothing of the note reaches them, live or on resume.
    const live = await citizen.waitFor((f) => f.type === 'conversation.event' && f.event.kind === 'transferred');
    expect(live).toMatchObject({ event: { kind: 'transferred', target: 'operator', operator: { firstName: to.firstName }, note: null, serviceId: null } });
    await citizen.request({ type: 'conversation.sync', requestId: rid(), conversationId, afterSeq: 0 });
    const everything = JSON.stringify(citizen.frames);
    expect(everything).not.toContain('craint');
    expect(everything).not.toContain(to.id);
    expect(everything).not.toContain(from.id);
    expect(everything).toContain('Bonjour, je vous écoute.');
    await Promise.all([a.close(), b.close(), citizen.close()]);
  });

  it('transfers to another topic: back in the queue with its original waiting time, re-ordered', async () => {
    const holder = await operator();
    const socket = await holder.connect();
    const watcher = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    await watcher.request({ type: 'queue.subscribe', requestId: rid() });
    const { conversationId } = await startConversation(world.url, { topic: 'general' });
    const waitingSince = ((await watcher.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === conversationId)) as Extract<ServerFrame, { type: 'queue.upsert' }>)
      .entry.waitingSince;
    await socket.request({ type: 'conversation.take', requestId: rid(), conversationId });

    expect(
      await socket.request({ type: 'conversation.transfer', requestId: rid(), conversationId, target: { kind: 'topic', topic: 'violence', note: 'Violences conjugales en fait' } }),
    ).toMatchObject({ type: 'ack' });
    const back = await watcher.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === conversationId && f.entry.topic === 'violence');
    expect(back).toMatchObject({ entry: { level: DEFAULT_TOPIC_LEVELS.violence, waitingSince } });
    // Unknown service: refused, nothing changes.
    const other = await startConversation(world.url);
    await socket.request({ type: 'conversation.take', requestId: rid(), conversationId: other.conversationId });
    expect(
      await socket.request({ type: 'conversation.transfer', requestId: rid(), conversationId: other.conversationId, target: { kind: 'service', serviceId: crypto.randomUUID() } }),
    ).toMatchObject(error('service/not_found'));
    await Promise.all([socket.close(), watcher.close()]);
  });

  it('lets an administrator set the topic levels: consoles get the new order at once and take_next follows it', async () => {
    const socket = await (await operator({ topics: ['general', 'violence'] })).connect();
    const watcher = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    await watcher.request({ type: 'queue.subscribe', requestId: rid() });
    // Take whatever other tests left waiting first.
    const drainer = await (await operator({ capacity: 20, topics: ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'] })).connect();
    while ((await drainer.request({ type: 'conversation.take_next', requestId: rid() })).type === 'ack');
    const general = await startConversation(world.url, { topic: 'general' });
    const violence = await startConversation(world.url, { topic: 'violence' });

    expect((await http(world.url, 'PUT', '/api/topic-priorities', { cookie: world.cookies.op1, body: { levels: DEFAULT_TOPIC_LEVELS } })).status).toBe(403);
    const levels = { ...DEFAULT_TOPIC_LEVELS, general: 1, violence: 2 };
    const put = await http(world.url, 'PUT', '/api/topic-priorities', { cookie: world.cookies.admin, body: { levels } });
    expect(put).toMatchObject({ status: 200, body: { levels } });
    expect(await watcher.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === general.conversationId && f.entry.level === 1)).toBeTruthy();
    expect((await http(world.url, 'GET', '/api/topic-priorities', { cookie: world.cookies.op1 })).body).toEqual({ levels });

    expect(await socket.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ conversationId: general.conversationId });
    expect(await socket.request({ type: 'conversation.take_next', requestId: rid() })).toMatchObject({ conversationId: violence.conversationId });
    // Out-of-range levels are refused.
    expect((await http(world.url, 'PUT', '/api/topic-priorities', { cookie: world.cookies.admin, body: { levels: { ...levels, general: 0 } } })).status).toBe(400);
    expect((await http(world.url, 'PUT', '/api/topic-priorities', { cookie: world.cookies.admin, body: { levels: DEFAULT_TOPIC_LEVELS } })).status).toBe(200);
    await Promise.all([socket.close(), watcher.close(), drainer.close()]);
  });

  it('hands conversations out automatically when an administrator turns it on: lightest load first, eligible and available only', async () => {
    expect((await http(world.url, 'PUT', '/api/routing-mode', { cookie: world.cookies.supervisor, body: { autoAssign: true } })).status).toBe(403);
    // Clear what other tests left waiting, then connect three operators.
    const drainer = await (await operator({ capacity: 20, topics: ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'] })).connect();
    while ((await drainer.request({ type: 'conversation.take_next', requestId: rid() })).type === 'ack');
    await drainer.close();
    const busy = await operator({ capacity: 2 });
    const light = await operator({ capacity: 2 });
    const paused = await operator({ capacity: 2 });
    const [b, l, p] = await Promise.all([busy.connect(), light.connect(), paused.connect()]);
    await p.request({ type: 'presence.set', requestId: rid(), availability: 'paused' });
    const held = await startConversation(world.url);
    await b.request({ type: 'conversation.take', requestId: rid(), conversationId: held.conversationId });

    expect(await http(world.url, 'PUT', '/api/routing-mode', { cookie: world.cookies.admin, body: { autoAssign: true } })).toMatchObject({ status: 200, body: { autoAssign: true } });
    const first = await startConversation(world.url);
    expect(await l.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === first.conversationId)).toBeTruthy();
    // Now both hold one: the next goes to either, and the third fills the last place; the paused one gets nothing.
    const second = await startConversation(world.url);
    const third = await startConversation(world.url);
    const holders = async (id: string) => {
      const res = await http(world.url, 'GET', '/api/operators', { cookie: world.cookies.supervisor });
      return (res.body as { operators: OperatorView[] }).operators.find((o) => o.id === id)?.load;
    };
    await expect.poll(() => holders(busy.id)).toBe(2);
    await expect.poll(() => holders(light.id)).toBe(2);
    expect(await holders(paused.id)).toBe(0);
    // Everyone is full: a fourth waits, and is handed out as soon as a place frees.
    const fourth = await startConversation(world.url);
    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    const snapshot = await supervisor.request({ type: 'queue.subscribe', requestId: rid() });
    expect(snapshot.type === 'queue.snapshot' && snapshot.entries.map((e) => e.conversationId)).toEqual([fourth.conversationId]);
    await p.request({ type: 'presence.set', requestId: rid(), availability: 'available' });
    expect(await p.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === fourth.conversationId)).toBeTruthy();
    expect([second.conversationId, third.conversationId]).not.toContain(fourth.conversationId);

    expect((await http(world.url, 'PUT', '/api/routing-mode', { cookie: world.cookies.admin, body: { autoAssign: false } })).status).toBe(200);
    const manual = await startConversation(world.url);
    await supervisor.waitFor((f) => f.type === 'queue.upsert' && f.entry.conversationId === manual.conversationId);
    expect((await http(world.url, 'GET', '/api/routing-mode', { cookie: world.cookies.op1 })).body).toEqual({ autoAssign: false });
    await Promise.all([b.close(), l.close(), p.close(), supervisor.close()]);
  });

  it('does not hand a conversation straight back to the operator who gave it back', async () => {
    const drainer = await (await operator({ capacity: 20, topics: ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'] })).connect();
    while ((await drainer.request({ type: 'conversation.take_next', requestId: rid() })).type === 'ack');
    await drainer.close();
    const solo = await operator();
    const socket = await solo.connect();
    expect((await http(world.url, 'PUT', '/api/routing-mode', { cookie: world.cookies.admin, body: { autoAssign: true } })).status).toBe(200);
    try {
      const { conversationId } = await startConversation(world.url);
      await socket.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === conversationId);
      expect(await socket.request({ type: 'conversation.release', requestId: rid(), conversationId })).toMatchObject({ type: 'ack' });
      // Two dispatcher rounds later it still waits for someone else…
      await new Promise((r) => setTimeout(r, 4500));
      expect(socket.ofType('conversation.assigned').filter((f) => f.conversation.id === conversationId)).toHaveLength(1);
      // …who gets it as soon as they are there.
      const colleague = await (await operator()).connect();
      expect(await colleague.waitFor((f) => f.type === 'conversation.assigned' && f.conversation.id === conversationId, 10_000)).toBeTruthy();
      await colleague.close();
    } finally {
      await http(world.url, 'PUT', '/api/routing-mode', { cookie: world.cookies.admin, body: { autoAssign: false } });
      await socket.close();
    }
  });
});
