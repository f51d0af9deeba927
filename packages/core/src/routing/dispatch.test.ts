import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { dispatchWaiting, readRoutingMode, replaceRoutingMode, RoutingModeSetting, type RoutingMode, type RoutingModeStore } from './dispatch.js';

class MemoryModeStore implements RoutingModeStore {
  saved: RoutingMode | null = null;
  async load() {
    return this.saved;
  }
  async save(mode: RoutingMode) {
    this.saved = { ...mode };
  }
}

describe('dispatchWaiting', () => {
  it('gives the most urgent conversation to the operator with the lightest load relative to capacity', async () => {
    const w = buildWorld();
    const big = await w.addStaff('big', ['operator'], { capacity: 6 });
    const small = await w.addStaff('small', ['operator'], { capacity: 2 });
    // big holds 2 of 6 (a third), small 0 of 2.
    for (let i = 0; i < 2; i += 1) {
      const c = await w.startAsCitizen();
      await w.conversations.assign(c.conversationId, { id: big.member.id, rank: 'Gendarme', firstName: 'Big' }, w.clock.now().toISOString(), 6);
    }
    const general = await w.startAsCitizen({ topic: 'general' });
    const violence = await w.startAsCitizen({ topic: 'violence' });

    const assigned = await dispatchWaiting(w.deps, [big.member.id, small.member.id]);

    // Violence first, to small (0 of 2); then general to big: 2 of 6 is lighter than small’s 1 of 2.
    expect(assigned.map((c) => [c.id, c.assignedOperator?.id])).toEqual([
      [violence.conversationId, small.member.id],
      [general.conversationId, big.member.id],
    ]);
    expect(w.audit.entries).toContainEqual(
      expect.objectContaining({ action: 'conversation.assigned', actorId: null, conversationId: violence.conversationId, targetStaffId: small.member.id, detail: { automatic: true } }),
    );
    expect(w.events.published.filter((e) => e.type === 'conversation.assigned')).toHaveLength(2);
  });

  it('skips paused, offline, disabled and full operators and those who do not handle the topic', async () => {
    const w = buildWorld();
    const paused = await w.addStaff('paused', ['operator'], { availability: 'paused' });
    const offline = await w.addStaff('offline', ['operator'], { online: false });
    const disabled = await w.addStaff('disabled', ['operator'], { disabled: true });
    const full = await w.addStaff('full', ['operator'], { capacity: 1, topics: ['minors'] });
    const untrained = await w.addStaff('untrained', ['operator']);
    const busy = await w.startAsCitizen({ topic: 'minors' });
    await w.conversations.assign(busy.conversationId, { id: full.member.id, rank: 'Gendarme', firstName: 'Full' }, w.clock.now().toISOString(), 1);
    const minor = await w.startAsCitizen({ topic: 'minors' });

    const ids = [paused, offline, disabled, full, untrained].map((s) => s.member.id);
    expect(await dispatchWaiting(w.deps, ids)).toEqual([]);
    expect(await w.conversations.get(minor.conversationId)).toMatchObject({ status: 'waiting' });

    const trained = await w.addStaff('trained', ['operator'], { topics: ['minors'] });
    expect((await dispatchWaiting(w.deps, [...ids, trained.member.id])).map((c) => c.assignedOperator?.id)).toEqual([trained.member.id]);
  });

  it('stops at capacity: what cannot be placed stays waiting', async () => {
    const w = buildWorld();
    const solo = await w.addStaff('solo', ['operator'], { capacity: 1 });
    await w.startAsCitizen();
    await w.startAsCitizen();

    expect(await dispatchWaiting(w.deps, [solo.member.id])).toHaveLength(1);
    expect(await w.conversations.listWaiting()).toHaveLength(1);
    expect(await dispatchWaiting(w.deps, [solo.member.id])).toEqual([]);
  });
});

describe('routing mode', () => {
  it('is read by staff and changed by administrators only, audited', async () => {
    const w = buildWorld();
    const admin = await w.addStaff('root', ['admin']);
    const op = await w.addStaff('op', ['operator']);
    const citizen = await w.startAsCitizen();
    const store = new MemoryModeStore();
    const deps = { routingMode: new RoutingModeSetting(), routingModeStore: store, audit: w.audit, clock: w.clock };

    expect(readRoutingMode(deps, op.actor)).toEqual({ autoAssign: false });
    expect(() => readRoutingMode(deps, citizen.actor)).toThrow(expect.objectContaining({ code: 'auth/forbidden' }));
    await expect(replaceRoutingMode(deps, op.actor, { autoAssign: true })).rejects.toMatchObject({ code: 'auth/forbidden' });

    expect(await replaceRoutingMode(deps, admin.actor, { autoAssign: true })).toEqual({ autoAssign: true });
    expect(store.saved).toEqual({ autoAssign: true });
    expect((await RoutingModeSetting.load(store)).mode).toEqual({ autoAssign: true });
    expect(w.audit.entries).toContainEqual(expect.objectContaining({ action: 'settings.routing_mode_changed', actorId: admin.member.id }));
  });
});
