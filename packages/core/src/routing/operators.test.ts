import { describe, expect, it } from 'vitest';
import { closeConversation } from '../conversations/close-conversation.js';
import { takeConversation } from '../conversations/take-conversation.js';
import { buildWorld } from '../testing/builders.js';
import { listOperators, setAvailability } from './operators.js';

const POLICE = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('listOperators', () => {
  it('lists enabled operators only, sorted by first name, with their routing profile', async () => {
    const w = buildWorld();
    const zoe = await w.addStaff('zoe', ['operator'], { rank: 'Brigadier', capacity: 3, topics: ['minors', 'general'], serviceId: POLICE });
    const bea = await w.addStaff('bea', ['operator', 'supervisor']);
    await w.addStaff('ghost', ['operator'], { disabled: true });
    await w.addStaff('sam', ['supervisor']);
    await w.addStaff('root', ['admin']);

    const operators = await listOperators(w.deps, bea.actor);

    expect(operators).toEqual([
      {
        id: bea.member.id,
        rank: 'Gendarme',
        firstName: 'Bea',
        presence: 'available',
        load: 0,
        capacity: 6,
        topics: ['general', 'violence', 'cyberharassment', 'discrimination', 'other'],
        serviceId: null,
      },
      { id: zoe.member.id, rank: 'Brigadier', firstName: 'Zoe', presence: 'available', load: 0, capacity: 3, topics: ['minors', 'general'], serviceId: POLICE },
    ]);
  });

  it('presence is offline without a connection, whatever the availability; else the availability', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator'], { online: true, availability: 'available' });
    const bruno = await w.addStaff('bruno', ['operator'], { online: true, availability: 'paused' });
    const chloe = await w.addStaff('chloe', ['operator'], { online: false, availability: 'available' });
    const david = await w.addStaff('david', ['operator'], { online: false, availability: 'paused' });

    const presence = new Map((await listOperators(w.deps, anna.actor)).map((o) => [o.id, o.presence]));

    expect(presence).toEqual(
      new Map([
        [anna.member.id, 'available'],
        [bruno.member.id, 'paused'],
        [chloe.member.id, 'offline'],
        [david.member.id, 'offline'],
      ]),
    );
  });

  it('follows connections: an operator who disconnects becomes offline', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator']);
    w.online.delete(anna.member.id);

    expect((await listOperators(w.deps, anna.actor))[0]?.presence).toBe('offline');
  });

  it('load counts the active conversations each holds, not waiting or closed ones', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator']);
    const bruno = await w.addStaff('bruno', ['operator']);
    const first = await w.startAsCitizen();
    const second = await w.startAsCitizen();
    const third = await w.startAsCitizen();
    await w.startAsCitizen();
    for (const c of [first, second, third]) await takeConversation(w.deps, anna.actor, { conversationId: c.conversationId });
    await closeConversation(w.deps, anna.actor, { conversationId: third.conversationId, outcome: 'answered' });

    const load = new Map((await listOperators(w.deps, bruno.actor)).map((o) => [o.id, o.load]));

    expect(load).toEqual(
      new Map([
        [anna.member.id, 2],
        [bruno.member.id, 0],
      ]),
    );
  });

  it('is open to operators and supervisors', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator']);
    const sam = await w.addStaff('sam', ['supervisor']);

    expect((await listOperators(w.deps, anna.actor)).map((o) => o.id)).toEqual([anna.member.id]);
    expect((await listOperators(w.deps, sam.actor)).map((o) => o.id)).toEqual([anna.member.id]);
  });

  it('is closed to administrators without a queue role and to citizens: auth/forbidden', async () => {
    const w = buildWorld();
    await w.addStaff('anna', ['operator']);
    const root = await w.addStaff('root', ['admin']);
    const citizen = await w.startAsCitizen();

    await expect(listOperators(w.deps, root.actor)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(listOperators(w.deps, citizen.actor)).rejects.toMatchObject({ code: 'auth/forbidden' });
  });
});

describe('setAvailability', () => {
  it('an operator pauses: returned, persisted and shown as paused to colleagues', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator']);

    const updated = await setAvailability(w.deps, anna.actor, 'paused');

    expect(updated).toMatchObject({ id: anna.member.id, availability: 'paused' });
    expect((await w.staff.findById(anna.member.id))?.availability).toBe('paused');
    expect((await listOperators(w.deps, anna.actor))[0]?.presence).toBe('paused');
  });

  it('an operator becomes available again after a pause', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator'], { availability: 'paused' });

    await setAvailability(w.deps, anna.actor, 'available');

    expect((await w.staff.findById(anna.member.id))?.availability).toBe('available');
  });

  it('is audited as staff.availability_changed with the new availability', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator']);

    await setAvailability(w.deps, anna.actor, 'paused');

    expect(w.audit.entries).toHaveLength(1);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'staff.availability_changed',
      actorId: anna.member.id,
      targetStaffId: anna.member.id,
      address: '192.0.2.1',
      detail: { availability: 'paused' },
    });
  });

  it('only operators have an availability: supervisors, administrators and citizens get auth/forbidden', async () => {
    const w = buildWorld();
    const sam = await w.addStaff('sam', ['supervisor', 'admin']);
    const citizen = await w.startAsCitizen();

    await expect(setAvailability(w.deps, sam.actor, 'paused')).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(setAvailability(w.deps, citizen.actor, 'paused')).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect((await w.staff.findById(sam.member.id))?.availability).toBe('available');
    expect(w.audit.entries).toEqual([]);
  });

  it('an account that no longer exists gets auth/session_ended and nothing is audited', async () => {
    const w = buildWorld();
    const gone = { kind: 'staff' as const, staffId: '00000000-0000-4000-8000-0000000000ff', roles: ['operator' as const], sessionId: 's', address: null };

    await expect(setAvailability(w.deps, gone, 'paused')).rejects.toMatchObject({ code: 'auth/session_ended' });
    expect(w.audit.entries).toEqual([]);
  });
});
