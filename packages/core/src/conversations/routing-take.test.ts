import { describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../testing/builders.js';
import { closeConversation } from './close-conversation.js';
import { assignConversation, takeConversation, takeNextConversation } from './take-conversation.js';

const AT = '2026-01-01T00:00:00.000Z';
const MINUTE = 60_000;
const POLICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const GENDARMERIE = 'aaaaaaaa-0000-4000-8000-000000000002';

/** Two services: the police covers 35000, the gendarmerie 29200. */
function withServices(w: World): void {
  w.services.add({ id: POLICE, name: 'Police', createdAt: AT }, ['35000']);
  w.services.add({ id: GENDARMERIE, name: 'Gendarmerie', createdAt: AT }, ['29200']);
}

/** An operator holding `held` conversations (taken through the use case). */
async function operatorHolding(w: World, username: string, capacity: number, held: number) {
  const op = await w.addStaff(username, ['operator'], { capacity });
  for (let i = 0; i < held; i += 1) {
    const citizen = await w.startAsCitizen();
    await takeConversation(w.deps, op.actor, { conversationId: citizen.conversationId });
  }
  return op;
}

describe('takeConversation: topics and services', () => {
  it('an operator not trained for minors gets conversation/not_handled; it stays waiting, nothing announced or audited', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen({ topic: 'minors' });
    const anna = await w.addStaff('anna', ['operator']);
    w.events.published.splice(0);

    await expect(takeConversation(w.deps, anna.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'conversation/not_handled',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
    expect(w.events.published).toEqual([]);
    expect(w.audit.entries).toEqual([]);
  });

  it('an operator trained for minors takes a minors conversation', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen({ topic: 'minors' });
    const trained = await w.addStaff('trained', ['operator'], { topics: ['general', 'minors'] });

    const taken = await takeConversation(w.deps, trained.actor, { conversationId: citizen.conversationId });

    expect(taken).toMatchObject({ status: 'active', topic: 'minors', assignedOperator: { id: trained.member.id } });
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'conversation.taken', actorId: trained.member.id, conversationId: citizen.conversationId });
  });

  it("a conversation of another service is conversation/not_handled and stays waiting", async () => {
    const w = buildWorld();
    withServices(w);
    const citizen = await w.startAsCitizen({ postalCode: '29200' });
    const police = await w.addStaff('police', ['operator'], { serviceId: POLICE });

    expect((await w.conversations.get(citizen.conversationId))?.serviceId).toBe(GENDARMERIE);
    await expect(takeConversation(w.deps, police.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'conversation/not_handled',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it("an operator of the conversation's service, or of none, takes it", async () => {
    const w = buildWorld();
    withServices(w);
    const first = await w.startAsCitizen({ postalCode: '29200' });
    const second = await w.startAsCitizen({ postalCode: '29200' });
    const gendarme = await w.addStaff('gendarme', ['operator'], { serviceId: GENDARMERIE });
    const anywhere = await w.addStaff('anywhere', ['operator'], { serviceId: null });

    expect((await takeConversation(w.deps, gendarme.actor, { conversationId: first.conversationId })).assignedOperator?.id).toBe(gendarme.member.id);
    expect((await takeConversation(w.deps, anywhere.actor, { conversationId: second.conversationId })).assignedOperator?.id).toBe(anywhere.member.id);
  });

  it('a conversation from an uncovered postal code has no service and any operator takes it', async () => {
    const w = buildWorld();
    withServices(w);
    const citizen = await w.startAsCitizen({ postalCode: '75001' });
    const police = await w.addStaff('police', ['operator'], { serviceId: POLICE });

    expect((await w.conversations.get(citizen.conversationId))?.serviceId).toBeNull();
    expect((await takeConversation(w.deps, police.actor, { conversationId: citizen.conversationId })).status).toBe('active');
  });
});

describe('capacity', () => {
  it('an operator holding as many conversations as their capacity gets operator/at_capacity on take; it stays waiting', async () => {
    const w = buildWorld();
    const anna = await operatorHolding(w, 'anna', 2, 2);
    const third = await w.startAsCitizen();
    w.events.published.splice(0);
    const audited = w.audit.entries.length;

    await expect(takeConversation(w.deps, anna.actor, { conversationId: third.conversationId })).rejects.toMatchObject({
      code: 'operator/at_capacity',
    });
    expect(await w.conversations.get(third.conversationId)).toMatchObject({ status: 'waiting', assignedOperator: null, lastSeq: 1 });
    expect(w.events.published).toEqual([]);
    expect(w.audit.entries).toHaveLength(audited);
  });

  it('an operator at capacity gets operator/at_capacity on take next; the queue is untouched', async () => {
    const w = buildWorld();
    const anna = await operatorHolding(w, 'anna', 2, 2);
    const third = await w.startAsCitizen();
    w.events.published.splice(0);

    await expect(takeNextConversation(w.deps, anna.actor)).rejects.toMatchObject({ code: 'operator/at_capacity' });
    expect((await w.conversations.get(third.conversationId))?.status).toBe('waiting');
    expect(w.events.published).toEqual([]);
  });

  it('below capacity the take succeeds, and closing a conversation makes room again', async () => {
    const w = buildWorld();
    const anna = await operatorHolding(w, 'anna', 2, 1);
    const second = await w.startAsCitizen();
    const third = await w.startAsCitizen();

    await takeConversation(w.deps, anna.actor, { conversationId: second.conversationId });
    await expect(takeConversation(w.deps, anna.actor, { conversationId: third.conversationId })).rejects.toMatchObject({
      code: 'operator/at_capacity',
    });
    await closeConversation(w.deps, anna.actor, { conversationId: second.conversationId, outcome: 'answered' });

    expect((await takeConversation(w.deps, anna.actor, { conversationId: third.conversationId })).status).toBe('active');
  });

  it('a retried take of a conversation the operator already holds succeeds even at full capacity', async () => {
    const w = buildWorld();
    const anna = await w.addStaff('anna', ['operator'], { capacity: 1 });
    const citizen = await w.startAsCitizen();
    await takeConversation(w.deps, anna.actor, { conversationId: citizen.conversationId });

    const again = await takeConversation(w.deps, anna.actor, { conversationId: citizen.conversationId });

    expect(again).toMatchObject({ status: 'active', assignedOperator: { id: anna.member.id }, lastSeq: 2 });
  });

  it("one operator's load does not count against another's capacity", async () => {
    const w = buildWorld();
    await operatorHolding(w, 'anna', 2, 2);
    const bruno = await w.addStaff('bruno', ['operator'], { capacity: 1 });
    const citizen = await w.startAsCitizen();

    expect((await takeConversation(w.deps, bruno.actor, { conversationId: citizen.conversationId })).status).toBe('active');
  });
});

describe('takeNextConversation: eligibility', () => {
  it('skips conversations the operator does not handle and takes the most urgent one they do', async () => {
    const w = buildWorld();
    const minors = await w.startAsCitizen({ topic: 'minors' });
    w.clock.advance(MINUTE);
    const general = await w.startAsCitizen({ topic: 'general' });
    w.clock.advance(MINUTE);
    const violence = await w.startAsCitizen({ topic: 'violence' });
    const anna = await w.addStaff('anna', ['operator']);

    const taken = await takeNextConversation(w.deps, anna.actor);

    // Minors first for anyone trained for them; anna is not: violence (2) before an older general question (4).
    expect(taken.id).toBe(violence.conversationId);
    expect((await w.conversations.get(minors.conversationId))?.status).toBe('waiting');
    expect((await w.conversations.get(general.conversationId))?.status).toBe('waiting');
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'conversation.taken', conversationId: violence.conversationId, detail: { next: true } });
  });

  it('for a trained operator, minors come before violence by default, even waiting less', async () => {
    const w = buildWorld();
    const violence = await w.startAsCitizen({ topic: 'violence' });
    w.clock.advance(MINUTE);
    const minors = await w.startAsCitizen({ topic: 'minors' });
    const trained = await w.addStaff('trained', ['operator'], { topics: ['violence', 'minors'] });

    expect((await takeNextConversation(w.deps, trained.actor)).id).toBe(minors.conversationId);
    expect((await takeNextConversation(w.deps, trained.actor)).id).toBe(violence.conversationId);
  });

  it("skips another service's conversations, however urgent", async () => {
    const w = buildWorld();
    withServices(w);
    await w.startAsCitizen({ topic: 'general', postalCode: '29200', danger: true });
    w.clock.advance(MINUTE);
    const mine = await w.startAsCitizen({ topic: 'general', postalCode: '35000' });
    const police = await w.addStaff('police', ['operator'], { serviceId: POLICE });

    expect((await takeNextConversation(w.deps, police.actor)).id).toBe(mine.conversationId);
  });

  it('a queue holding only conversations the operator does not handle is queue/empty; they stay waiting', async () => {
    const w = buildWorld();
    withServices(w);
    const minors = await w.startAsCitizen({ topic: 'minors', postalCode: '35000' });
    const elsewhere = await w.startAsCitizen({ topic: 'general', postalCode: '29200' });
    const police = await w.addStaff('police', ['operator'], { serviceId: POLICE });
    w.events.published.splice(0);

    await expect(takeNextConversation(w.deps, police.actor)).rejects.toMatchObject({ code: 'queue/empty' });
    expect((await w.conversations.listWaiting()).map((c) => c.id).sort()).toEqual([minors.conversationId, elsewhere.conversationId].sort());
    expect(w.events.published).toEqual([]);
  });
});

describe('assignConversation', () => {
  /** A waiting conversation, a supervisor, and an available, connected operator. */
  async function waitingWithSupervisor(topic: 'general' | 'minors' = 'general') {
    const w = buildWorld();
    const citizen = await w.startAsCitizen({ topic });
    const sam = await w.addStaff('sam', ['supervisor']);
    return { w, citizen, sam };
  }

  it('a supervisor hands a waiting conversation to an operator: assigned, announced and audited', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const anna = await w.addStaff('anna', ['operator'], { rank: 'Brigadier', firstName: 'Anna' });
    w.events.published.splice(0);

    const assigned = await assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: anna.member.id });

    const operator = { id: anna.member.id, rank: 'Brigadier', firstName: 'Anna' };
    expect(assigned).toMatchObject({ status: 'active', assignedOperator: operator, lastSeq: 2 });
    expect(w.events.published).toEqual([
      { type: 'queue.remove', conversationId: citizen.conversationId },
      { type: 'conversation.event', conversation: assigned, event: { kind: 'assigned', seq: 2, at: AT, operator } },
      { type: 'conversation.updated', conversation: assigned },
      { type: 'conversation.assigned', conversation: assigned, fromQueue: true },
    ]);
    expect(w.audit.entries.at(-1)).toMatchObject({
      action: 'conversation.assigned',
      actorId: sam.member.id,
      conversationId: citizen.conversationId,
      targetStaffId: anna.member.id,
    });
    expect((await w.conversations.listOpenAssignedTo(anna.member.id)).map((c) => c.id)).toEqual([citizen.conversationId]);
  });

  it('only supervisors assign: operators, administrators and citizens get auth/forbidden', async () => {
    const { w, citizen } = await waitingWithSupervisor();
    const anna = await w.addStaff('anna', ['operator']);
    const root = await w.addStaff('root', ['admin']);
    const input = { conversationId: citizen.conversationId, operatorId: anna.member.id };

    for (const actor of [anna.actor, root.actor, citizen.actor]) {
      await expect(assignConversation(w.deps, actor, input)).rejects.toMatchObject({ code: 'auth/forbidden' });
    }
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('a paused operator is operator/unavailable', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const paused = await w.addStaff('paused', ['operator'], { availability: 'paused' });

    await expect(assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: paused.member.id })).rejects.toMatchObject({
      code: 'operator/unavailable',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('an operator without a connection is operator/unavailable', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const away = await w.addStaff('away', ['operator'], { online: false });

    await expect(assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: away.member.id })).rejects.toMatchObject({
      code: 'operator/unavailable',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('an operator who does not handle the topic is conversation/not_handled', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor('minors');
    const untrained = await w.addStaff('untrained', ['operator']);

    await expect(
      assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: untrained.member.id }),
    ).rejects.toMatchObject({ code: 'conversation/not_handled' });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('an operator of another service is conversation/not_handled', async () => {
    const w = buildWorld();
    withServices(w);
    const citizen = await w.startAsCitizen({ postalCode: '29200' });
    const sam = await w.addStaff('sam', ['supervisor']);
    const police = await w.addStaff('police', ['operator'], { serviceId: POLICE });

    await expect(assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: police.member.id })).rejects.toMatchObject({
      code: 'conversation/not_handled',
    });
  });

  it('an operator at capacity is operator/at_capacity and nothing is announced', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const full = await operatorHolding(w, 'full', 2, 2);
    w.events.published.splice(0);

    await expect(assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: full.member.id })).rejects.toMatchObject({
      code: 'operator/at_capacity',
    });
    expect(await w.conversations.get(citizen.conversationId)).toMatchObject({ status: 'waiting', assignedOperator: null });
    expect(w.events.published).toEqual([]);
  });

  it('a target that is not an enabled operator is staff/not_found', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const ghost = await w.addStaff('ghost', ['operator'], { disabled: true });
    const input = (operatorId: string) => ({ conversationId: citizen.conversationId, operatorId });

    for (const operatorId of [ghost.member.id, sam.member.id, '00000000-0000-4000-8000-0000000000ff']) {
      await expect(assignConversation(w.deps, sam.actor, input(operatorId))).rejects.toMatchObject({ code: 'staff/not_found' });
    }
  });

  it('a conversation already held is conversation/already_taken and keeps its holder', async () => {
    const { w, citizen, sam } = await waitingWithSupervisor();
    const anna = await w.addStaff('anna', ['operator']);
    const bruno = await w.addStaff('bruno', ['operator']);
    await takeConversation(w.deps, anna.actor, { conversationId: citizen.conversationId });

    await expect(assignConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, operatorId: bruno.member.id })).rejects.toMatchObject({
      code: 'conversation/already_taken',
    });
    expect((await w.conversations.get(citizen.conversationId))?.assignedOperator?.id).toBe(anna.member.id);
  });
});
