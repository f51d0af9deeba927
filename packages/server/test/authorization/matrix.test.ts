import { randomUUID } from 'node:crypto';
import { CLIENT_FRAME_TYPES, DEFAULT_TOPIC_LEVELS, PROTOCOL_VERSION } from '@brigade/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, PASSWORD, type World } from '../support/world.js';

/**
 * Every HTTP route and every WebSocket frame type against every kind of caller, with the answer
 * each must get. "No access" answers like "not found" where a resource is named.
 */
const CALLERS = ['anonymous', 'citizen', 'otherCitizen', 'operator', 'otherOperator', 'supervisor', 'admin', 'disabled'] as const;
type Caller = (typeof CALLERS)[number];

interface Fixture {
  /** A conversation held by `operator`, started by `citizen`. */
  held: { conversationId: string; citizenToken: string };
  /** A conversation started by `otherCitizen`, still waiting. */
  other: { conversationId: string; citizenToken: string };
}

describe.each(testDatabases())('authorization matrix on $name', (database) => {
  let world: World;
  let disabledCookie: string;
  /** Marc stays connected: assignments and transfers go only to operators who are there. */
  let marcOnline: TestSocket;
  /** A service covering a code no fixture uses, so that routing stays as it is. */
  let serviceId: string;
  beforeAll(async () => {
    world = await createWorld(await database.url());
    const service = await http(world.url, 'POST', '/api/services', { cookie: world.cookies.admin, body: { name: 'Plateforme de test' } });
    serviceId = (service.body as { service: { id: string } }).service.id;
    marcOnline = await TestSocket.connect(world.url, { cookie: world.cookies.op2 });
    const { id } = await world.server.createStaff({ username: 'ex', password: PASSWORD, rank: 'Gendarme', firstName: 'Ex', roles: ['operator', 'admin'] });
    disabledCookie = await world.server.signIn('ex');
    expect((await http(world.url, 'POST', `/api/staff/${id}/disable`, { cookie: world.cookies.admin })).status).toBe(200);
  });
  afterAll(async () => {
    await marcOnline?.close();
    await world?.server.close();
    await dropTestDatabases();
  });

  /** A fresh fully authenticated cookie per call, so routes that end sessions do not disturb others. */
  async function cookieFor(caller: Caller, fixture: Fixture): Promise<string | undefined> {
    switch (caller) {
      case 'anonymous':
        return undefined;
      case 'citizen':
        return `brigade_staff=${fixture.held.citizenToken}`;
      case 'otherCitizen':
        return `brigade_staff=${fixture.other.citizenToken}`;
      case 'operator':
        return world.server.signIn('julie');
      case 'otherOperator':
        return world.server.signIn('marc');
      case 'supervisor':
        return world.server.signIn('chef');
      case 'admin':
        return world.server.signIn('admin');
      case 'disabled':
        return disabledCookie;
    }
  }

  async function fixture(): Promise<Fixture> {
    const held = await startConversation(world.url);
    const op = await TestSocket.connect(world.url, { cookie: world.cookies.op1 });
    // Julie closes what earlier fixtures left her, so her capacity never runs out.
    const queue = await op.request({ type: 'queue.subscribe', requestId: rid() });
    for (const mine of queue.type === 'queue.snapshot' ? queue.mine : []) {
      await op.request({ type: 'conversation.close', requestId: rid(), conversationId: mine.id, outcome: 'answered' });
    }
    await op.request({ type: 'conversation.take', requestId: rid(), conversationId: held.conversationId });
    await op.close();
    return { held, other: await startConversation(world.url) };
  }

  const staffOnly = (ok: number): Record<Caller, number> => ({
    anonymous: 401,
    citizen: 401,
    otherCitizen: 401,
    operator: ok,
    otherOperator: ok,
    supervisor: ok,
    admin: ok,
    disabled: 401,
  });
  const adminOnly = (ok: number): Record<Caller, number> => ({ ...staffOnly(403), admin: ok });
  const everyone = (ok: number): Record<Caller, number> => Object.fromEntries(CALLERS.map((c) => [c, ok])) as Record<Caller, number>;

  const routes: { method: string; path: (f: Fixture) => string; body?: (f: Fixture) => unknown; expect: Record<Caller, number> }[] = [
    { method: 'GET', path: () => '/healthz', expect: everyone(200) },
    { method: 'GET', path: () => '/api/setup', expect: everyone(200) },
    {
      method: 'POST',
      path: () => '/api/setup',
      body: () => ({ token: 'x', username: 'late', password: 'a long enough password', rank: 'R', firstName: 'F' }),
      expect: everyone(409),
    },
    { method: 'POST', path: () => '/api/conversations', body: () => ({ topic: 'general', postalCode: '35000', danger: false }), expect: everyone(201) },
    { method: 'POST', path: () => '/api/citizen/exit', body: () => ({ citizenToken: 'unknown-token' }), expect: everyone(204) },
    { method: 'GET', path: () => '/api/auth/me', expect: staffOnly(200) },
    { method: 'POST', path: () => '/api/auth/logout', expect: staffOnly(204) },
    { method: 'GET', path: () => '/api/auth/sessions', expect: staffOnly(200) },
    { method: 'DELETE', path: () => `/api/auth/sessions/${randomUUID()}`, expect: staffOnly(404) },
    { method: 'POST', path: () => '/api/auth/totp', body: () => ({ code: '000000' }), expect: staffOnly(401) },
    { method: 'POST', path: () => '/api/auth/recovery', body: () => ({ code: 'aaaaa-bbbbb' }), expect: staffOnly(401) },
    { method: 'POST', path: () => '/api/auth/webauthn/options', expect: staffOnly(401) },
    { method: 'POST', path: () => '/api/auth/webauthn', body: () => ({ response: {} }), expect: staffOnly(401) },
    { method: 'GET', path: () => '/api/factors', expect: staffOnly(200) },
    { method: 'POST', path: () => '/api/factors/totp/start', expect: staffOnly(200) },
    { method: 'POST', path: () => '/api/factors/totp', body: () => ({ code: '000000', label: 'x' }), expect: staffOnly(401) },
    { method: 'POST', path: () => '/api/factors/webauthn/options', expect: staffOnly(200) },
    { method: 'POST', path: () => '/api/factors/webauthn', body: () => ({ response: {}, label: 'x' }), expect: staffOnly(401) },
    { method: 'DELETE', path: () => `/api/factors/${randomUUID()}`, expect: staffOnly(404) },
    { method: 'POST', path: () => '/api/factors/recovery-codes', expect: staffOnly(200) },
    { method: 'GET', path: () => '/api/staff', expect: adminOnly(200) },
    {
      method: 'POST',
      path: () => '/api/staff',
      body: () => ({ username: `m${randomUUID().slice(0, 8)}`, password: 'a long enough password', rank: 'R', firstName: 'F', roles: ['operator'] }),
      expect: adminOnly(201),
    },
    { method: 'PATCH', path: () => `/api/staff/${world.ids.op2}`, body: () => ({ rank: 'Adjudante' }), expect: adminOnly(200) },
    { method: 'POST', path: () => `/api/staff/${world.ids.supervisor}/enable`, expect: adminOnly(200) },
    { method: 'POST', path: () => `/api/staff/${randomUUID()}/disable`, expect: adminOnly(404) },
    { method: 'GET', path: () => '/api/audit', expect: adminOnly(200) },
    { method: 'GET', path: () => '/api/danger-rules', expect: { ...adminOnly(200), supervisor: 200 } },
    {
      method: 'PUT',
      path: () => '/api/danger-rules',
      body: () => ({ rules: [{ id: 'help', category: 'violence_now', pattern: '\\bau secours\\b', description: 'Appel au secours' }] }),
      expect: adminOnly(200),
    },
    { method: 'GET', path: () => '/api/operators', expect: { ...staffOnly(200), admin: 403 } },
    { method: 'GET', path: () => '/api/topic-priorities', expect: staffOnly(200) },
    { method: 'PUT', path: () => '/api/topic-priorities', body: () => ({ levels: DEFAULT_TOPIC_LEVELS }), expect: adminOnly(200) },
    { method: 'GET', path: () => '/api/routing-mode', expect: staffOnly(200) },
    { method: 'PUT', path: () => '/api/routing-mode', body: () => ({ autoAssign: false }), expect: adminOnly(200) },
    { method: 'GET', path: () => '/api/services', expect: staffOnly(200) },
    { method: 'POST', path: () => '/api/services', body: () => ({ name: `Service ${randomUUID().slice(0, 8)}` }), expect: adminOnly(201) },
    { method: 'PATCH', path: () => `/api/services/${serviceId}`, body: () => ({ name: `Service ${randomUUID().slice(0, 8)}` }), expect: adminOnly(200) },
    { method: 'DELETE', path: () => `/api/services/${randomUUID()}`, expect: adminOnly(404) },
    { method: 'GET', path: () => `/api/services/${serviceId}/postal-codes`, expect: staffOnly(200) },
    { method: 'PUT', path: () => `/api/services/${serviceId}/postal-codes`, body: () => ({ csv: '13001;Marseille' }), expect: adminOnly(200) },
    { method: 'GET', path: () => '/api/postal-codes/35000', expect: everyone(200) },
  ];

  it('answers every HTTP route for every caller as expected', async () => {
    const f = await fixture();
    const failures: string[] = [];
    for (const route of routes) {
      for (const caller of CALLERS) {
        const cookie = await cookieFor(caller, f);
        const res = await http(world.url, route.method, route.path(f), {
          ...(cookie ? { cookie } : {}),
          ...(route.body ? { body: route.body(f) } : {}),
        });
        if (res.status !== route.expect[caller]) failures.push(`${route.method} ${route.path(f)} as ${caller}: ${res.status} (expected ${route.expect[caller]})`);
      }
    }
    expect(failures).toEqual([]);
  });

  type Outcome = 'ok' | 'silent' | 'not_ready' | 'auth/forbidden' | 'conversation/not_found';

  /** Connects as a caller; null when the caller cannot complete the hello at all. */
  async function socketFor(caller: Caller, f: Fixture): Promise<TestSocket | null> {
    if (caller === 'anonymous') return TestSocket.open(world.url);
    if (caller === 'citizen') return TestSocket.connect(world.url, { citizenToken: f.held.citizenToken });
    if (caller === 'otherCitizen') return TestSocket.connect(world.url, { citizenToken: f.other.citizenToken });
    const socket = await TestSocket.open(world.url, { cookie: (await cookieFor(caller, f)) ?? '' });
    const ready = await socket.request({ type: 'session.hello', requestId: rid(), protocolVersion: PROTOCOL_VERSION });
    if (ready.type !== 'session.ready') {
      expect(caller).toBe('disabled');
      expect(ready).toMatchObject({ error: { code: 'auth/required' } });
      return null;
    }
    return socket;
  }

  const frames: Record<string, { frame: (f: Fixture) => Record<string, unknown>; expect: Record<Caller, Outcome> }> = {
    'conversation.sync': {
      frame: (f) => ({ type: 'conversation.sync', requestId: rid(), conversationId: f.held.conversationId, afterSeq: 0 }),
      expect: { anonymous: 'not_ready', citizen: 'ok', otherCitizen: 'conversation/not_found', operator: 'ok', otherOperator: 'conversation/not_found', supervisor: 'ok', admin: 'conversation/not_found', disabled: 'not_ready' },
    },
    'message.send': {
      frame: (f) => ({ type: 'message.send', requestId: rid(), conversationId: f.held.conversationId, clientMessageId: randomUUID(), text: 'x' }),
      expect: { anonymous: 'not_ready', citizen: 'ok', otherCitizen: 'conversation/not_found', operator: 'ok', otherOperator: 'conversation/not_found', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'typing.set': {
      frame: (f) => ({ type: 'typing.set', conversationId: f.held.conversationId, typing: true }),
      expect: { anonymous: 'not_ready', citizen: 'silent', otherCitizen: 'conversation/not_found', operator: 'silent', otherOperator: 'conversation/not_found', supervisor: 'silent', admin: 'conversation/not_found', disabled: 'not_ready' },
    },
    'message.read': {
      frame: (f) => ({ type: 'message.read', conversationId: f.held.conversationId, upToSeq: 1 }),
      expect: { anonymous: 'not_ready', citizen: 'silent', otherCitizen: 'conversation/not_found', operator: 'silent', otherOperator: 'conversation/not_found', supervisor: 'silent', admin: 'conversation/not_found', disabled: 'not_ready' },
    },
    'conversation.take': {
      frame: (f) => ({ type: 'conversation.take', requestId: rid(), conversationId: f.other.conversationId }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'ok', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.take_next': {
      frame: () => ({ type: 'conversation.take_next', requestId: rid() }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'ok', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.assign': {
      frame: (f) => ({ type: 'conversation.assign', requestId: rid(), conversationId: f.other.conversationId, operatorId: world.ids.op2 }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'auth/forbidden', otherOperator: 'auth/forbidden', supervisor: 'ok', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.close': {
      frame: (f) => ({ type: 'conversation.close', requestId: rid(), conversationId: f.held.conversationId, outcome: 'answered' }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'conversation/not_found', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.release': {
      frame: (f) => ({ type: 'conversation.release', requestId: rid(), conversationId: f.held.conversationId }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'conversation/not_found', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.transfer': {
      frame: (f) => ({ type: 'conversation.transfer', requestId: rid(), conversationId: f.held.conversationId, target: { kind: 'topic', topic: 'general' } }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'conversation/not_found', supervisor: 'ok', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'presence.set': {
      frame: () => ({ type: 'presence.set', requestId: rid(), availability: 'available' }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'ok', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'conversation.leave': {
      frame: (f) => ({ type: 'conversation.leave', requestId: rid(), conversationId: f.held.conversationId }),
      expect: { anonymous: 'not_ready', citizen: 'ok', otherCitizen: 'conversation/not_found', operator: 'auth/forbidden', otherOperator: 'auth/forbidden', supervisor: 'auth/forbidden', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
    'queue.subscribe': {
      frame: () => ({ type: 'queue.subscribe', requestId: rid() }),
      expect: { anonymous: 'not_ready', citizen: 'auth/forbidden', otherCitizen: 'auth/forbidden', operator: 'ok', otherOperator: 'ok', supervisor: 'ok', admin: 'auth/forbidden', disabled: 'not_ready' },
    },
  };

  it('covers every client frame type', () => {
    expect(Object.keys(frames).sort()).toEqual(CLIENT_FRAME_TYPES.filter((t) => t !== 'session.hello' && t !== 'ping').sort());
  });

  it('answers every WebSocket frame type for every caller as expected', async () => {
    const failures: string[] = [];
    for (const [type, row] of Object.entries(frames)) {
      for (const caller of CALLERS) {
        const f = await fixture(); // fresh: take, close and leave change the conversation
        const socket = await socketFor(caller, f);
        let outcome: Outcome;
        if (socket === null) outcome = 'not_ready';
        else {
          const frame = row.frame(f);
          const before = socket.frames.length;
          socket.send(frame);
          // Frames without a requestId answer only on failure. A connection's frames are handled in
          // order, so a second request's answer marks the first as done (pings skip the queue).
          const fence = `fence-${rid()}`;
          socket.send({ type: 'conversation.sync', requestId: fence, conversationId: randomUUID(), afterSeq: 0 });
          await socket.waitFor((x) => 'requestId' in x && x.requestId === fence);
          const answer = await (typeof frame.requestId === 'string'
            ? socket.waitFor((x) => 'requestId' in x && x.requestId === frame.requestId)
            : Promise.resolve(socket.frames.slice(before).find((x) => x.type === 'error' && x.requestId !== fence)));
          if (!answer) outcome = 'silent';
          else if (answer.type === 'error') outcome = answer.error.code === 'protocol/not_ready' ? 'not_ready' : (answer.error.code as Outcome);
          else outcome = 'ok';
          await socket.close();
        }
        if (outcome !== row.expect[caller]) failures.push(`${type} as ${caller}: ${outcome} (expected ${row.expect[caller]})`);
      }
    }
    expect(failures).toEqual([]);
  });
});
