import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { DEFAULT_OPERATOR_TOPICS } from './staff.js';
import { createStaff, updateStaff } from './staff-use-cases.js';

const AT = '2026-01-01T00:00:00.000Z';
const POLICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const GENDARMERIE = 'aaaaaaaa-0000-4000-8000-000000000002';
const UNKNOWN_SERVICE = 'aaaaaaaa-0000-4000-8000-0000000000ff';

const request = { username: 'op1', password: 'long enough password', rank: 'Gendarme', firstName: 'Paul', roles: ['operator' as const] };

/** A world with two services and an administrator whose session has no recent step-up. */
async function withAdmin() {
  const w = buildWorld();
  w.services.add({ id: POLICE, name: 'Police', createdAt: AT });
  w.services.add({ id: GENDARMERIE, name: 'Gendarmerie', createdAt: AT });
  const admin = await w.addStaff('chef', ['admin']);
  expect(admin.actor.stepUpAt ?? null).toBeNull();
  return { w, admin };
}

describe('createStaff: routing profile', () => {
  it('without a profile: capacity 6, every topic but minors, no service, available', async () => {
    const { w, admin } = await withAdmin();

    const member = await createStaff(w.staffDeps, admin.actor, request);

    expect(member).toMatchObject({
      capacity: 6,
      topics: ['cyberharassment', 'discrimination', 'general', 'other', 'violence'],
      serviceId: null,
      availability: 'available',
    });
    expect(member.topics).not.toContain('minors');
    expect(await w.staff.findById(member.id)).toEqual(member);
  });

  it('with a capacity, topics (repeats dropped, in a stable order) and a known service, stored as given', async () => {
    const { w, admin } = await withAdmin();

    const member = await createStaff(w.staffDeps, admin.actor, {
      ...request,
      capacity: 3,
      topics: ['minors', 'general', 'minors'],
      serviceId: POLICE,
    });

    expect(member).toMatchObject({ capacity: 3, topics: ['general', 'minors'], serviceId: POLICE });
    expect(await w.staff.findById(member.id)).toEqual(member);
  });

  it('an explicit null service means any service', async () => {
    const { w, admin } = await withAdmin();

    const member = await createStaff(w.staffDeps, admin.actor, { ...request, serviceId: null });

    expect(member.serviceId).toBeNull();
  });

  it('an unknown service is service/not_found: no account, nothing audited', async () => {
    const { w, admin } = await withAdmin();

    await expect(createStaff(w.staffDeps, admin.actor, { ...request, serviceId: UNKNOWN_SERVICE })).rejects.toMatchObject({
      code: 'service/not_found',
    });
    expect(await w.staff.findByUsername('op1')).toBeUndefined();
    expect(w.audit.entries).toEqual([]);
  });
});

describe('updateStaff: routing profile', () => {
  it('changing capacity, topics and service needs no step-up; stored, audited with the new values', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator']);

    const updated = await updateStaff(w.staffDeps, admin.actor, {
      staffId: op.member.id,
      capacity: 2,
      topics: ['violence', 'minors', 'violence'],
      serviceId: POLICE,
    });

    expect(updated).toMatchObject({ capacity: 2, topics: ['minors', 'violence'], serviceId: POLICE, roles: ['operator'] });
    expect(await w.staff.findById(op.member.id)).toEqual(updated);
    expect(w.audit.entries).toHaveLength(1);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'staff.updated',
      actorId: admin.member.id,
      targetStaffId: op.member.id,
      detail: { profile: true, capacity: 2, topics: 'minors,violence', serviceId: POLICE },
    });
  });

  it('records only the routing values that changed', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator'], { capacity: 4, serviceId: POLICE });

    await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, capacity: 5, serviceId: POLICE });

    expect(w.audit.entries[0]?.detail).toEqual({ profile: true, capacity: 5 });
  });

  it('moving an operator to another service, then to none, is recorded each time ("none" for no service)', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator'], { serviceId: POLICE });

    await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, serviceId: GENDARMERIE });
    const updated = await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, serviceId: null });

    expect(updated.serviceId).toBeNull();
    expect(w.audit.entries.map((e) => e.detail)).toEqual([
      { profile: true, serviceId: GENDARMERIE },
      { profile: true, serviceId: 'none' },
    ]);
  });

  it('an unknown service is service/not_found and the account is unchanged', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator'], { serviceId: POLICE });

    await expect(updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, capacity: 2, serviceId: UNKNOWN_SERVICE })).rejects.toMatchObject({
      code: 'service/not_found',
    });
    expect(await w.staff.findById(op.member.id)).toEqual(op.member);
    expect(w.audit.entries).toEqual([]);
  });

  it('a routing change keeps the sessions and only tells the person’s consoles their new profile', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator']);
    await w.sessions.create({
      id: 'session-1',
      tokenHash: 'hashed:t',
      staffId: op.member.id,
      createdAt: AT,
      expiresAt: '2026-01-01T08:00:00.000Z',
      stage: 'full',
      lastSeenAt: AT,
      stepUpAt: null,
      address: null,
      userAgent: null,
      pending: null,
    });

    await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, capacity: 1, topics: ['general'] });

    expect((await w.sessions.listForStaff(op.member.id)).map((s) => s.id)).toEqual(['session-1']);
    expect(w.events.published).toEqual([{ type: 'staff.updated', member: expect.objectContaining({ id: op.member.id, capacity: 1, topics: ['general'] }) }]);
  });

  it('the same roles sent along with a routing change need no step-up either', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator', 'supervisor']);

    const updated = await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, roles: ['supervisor', 'operator'], capacity: 3 });

    expect(updated.capacity).toBe(3);
  });

  it('a role change along with a routing change still needs a step-up, and then nothing changes', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator']);

    await expect(updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, roles: ['operator', 'supervisor'], capacity: 3 })).rejects.toMatchObject({
      code: 'auth/step_up_required',
    });
    expect(await w.staff.findById(op.member.id)).toEqual(op.member);
    expect(w.audit.entries).toEqual([]);
  });

  it('only administrators change a routing profile: auth/forbidden otherwise', async () => {
    const { w } = await withAdmin();
    const op = await w.addStaff('op1', ['operator']);
    const sam = await w.addStaff('sam', ['supervisor', 'operator']);

    await expect(updateStaff(w.staffDeps, sam.actor, { staffId: op.member.id, topics: ['minors'] })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(updateStaff(w.staffDeps, op.actor, { staffId: op.member.id, capacity: 20 })).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect(await w.staff.findById(op.member.id)).toEqual(op.member);
  });

  it('the same topics in another order are not recorded as a change', async () => {
    const { w, admin } = await withAdmin();
    const op = await w.addStaff('op1', ['operator'], { topics: DEFAULT_OPERATOR_TOPICS });

    await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, topics: [...DEFAULT_OPERATOR_TOPICS].reverse() });

    expect(w.audit.entries[0]?.detail).toEqual({ profile: true });
  });
});
