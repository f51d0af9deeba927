import type { Actor } from '@brigade/core';
import type { ServerFrame } from '@brigade/protocol';
import pino from 'pino';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/realtime/connection.js';
import { Hub } from '../../src/realtime/hub.js';

/** A connection on a socket that records the frames written to it. */
function connection(id: string, actor: Actor | null): { c: Connection; frames: ServerFrame[] } {
  const frames: ServerFrame[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (data: string) => frames.push(JSON.parse(data) as ServerFrame), close() {}, terminate() {} };
  const c = new Connection(id, socket as unknown as WebSocket, pino({ level: 'silent' }), undefined, null, { cork() {}, uncork() {} });
  c.actor = actor;
  return { c, frames };
}

const staff = (staffId: string, roles: ('operator' | 'supervisor')[], sessionId = `s-${staffId}`): Actor => ({ kind: 'staff', staffId, roles, sessionId, address: null });

describe('Hub: events for staff reach staff connections only, through its staff index', () => {
  function world() {
    const hub = new Hub();
    const supervisor = connection('sup', staff('sup', ['operator', 'supervisor']));
    const aTab1 = connection('a1', staff('a', ['operator'], 's-a'));
    const aTab2 = connection('a2', staff('a', ['operator'], 's-a'));
    const b = connection('b', staff('b', ['operator']));
    const unauthenticated = connection('anon', null);
    const citizens = Array.from({ length: 200 }, (_, i) => connection(`c${i}`, { kind: 'citizen', conversationId: `conv-${i}` }));
    for (const x of [supervisor, aTab1, aTab2, b, unauthenticated, ...citizens]) {
      hub.add(x.c);
      // As the gateway does after a successful hello.
      if (x.c.actor?.kind === 'staff') hub.addStaff(x.c);
      if (x.c.actor?.kind === 'citizen') hub.addCitizen(x.c, x.c.actor.conversationId);
    }
    hub.addStaff(unauthenticated.c); // no actor: not indexed
    hub.addStaff(citizens[0]!.c); // a citizen: not indexed
    return { hub, supervisor, aTab1, aTab2, b, unauthenticated, citizens };
  }

  it('indexes staff after hello only, and forgets them when they leave', () => {
    const w = world();
    expect([...w.hub.staff].map((c) => c.id).sort()).toEqual(['a1', 'a2', 'b', 'sup']);
    w.hub.remove(w.aTab1.c);
    expect([...w.hub.staff].map((c) => c.id).sort()).toEqual(['a2', 'b', 'sup']);
    expect([...w.hub.staffSessionConnections('s-a')].map((c) => c.id)).toEqual(['a2']);
  });

  it('does not index a connection that closed before its hello finished', () => {
    const hub = new Hub();
    const late = connection('late', null);
    hub.add(late.c);
    hub.remove(late.c); // the socket closed while the session was being checked
    late.c.actor = staff('x', ['supervisor']);
    hub.addStaff(late.c);
    const citizen = connection('gone', null);
    hub.add(citizen.c);
    hub.remove(citizen.c);
    citizen.c.actor = { kind: 'citizen', conversationId: 'conv-x' };
    hub.addCitizen(citizen.c, 'conv-x');
    expect(hub.staff.size).toBe(0);
    expect([...hub.citizenConnections('conv-x')]).toEqual([]);
  });

  it('sends alerts to supervisors, assignments to the holder’s consoles, and nothing to citizens', () => {
    const w = world();
    w.hub.publish({ type: 'queue.waited_too_long', conversation: { id: 'conv-1', topic: 'general', danger: true, waitingSince: '2026-11-29T00:00:00.000Z', serviceId: null } });
    expect(w.supervisor.frames.map((f) => f.type)).toEqual(['alert.waiting']);
    w.hub.remove(w.aTab1.c);
    w.hub.publish({ type: 'staff.disabled', staffId: 'a' });
    expect(w.aTab2.frames).toEqual([{ type: 'session.ended', reason: 'revoked' }]);
    expect(w.aTab1.frames).toEqual([]);
    for (const x of [w.b, w.unauthenticated, ...w.citizens]) expect(x.frames, x.c.id).toEqual([]);
  });
});
