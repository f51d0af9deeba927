import type { Topic } from '@brigade/protocol';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { closeConversation } from './close-conversation.js';
import { takeConversation } from './take-conversation.js';
import { transferConversation, type TransferRequest } from './transfer-conversation.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:10:00.000Z';
const POLICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const NOTE = 'Elle a peur de rentrer chez elle ce soir';

/**
 * A conversation held by Alice (taken at AT), Bob available and connected, ten minutes later.
 * Both handle `topics` (minors included when asked).
 */
async function heldByAlice(options: { topic?: Topic } = {}) {
  const w = buildWorld();
  w.services.add({ id: POLICE, name: 'Police', createdAt: AT });
  const topics: Topic[] = ['general', 'violence', 'minors'];
  const citizen = await w.startAsCitizen({ topic: options.topic ?? 'general' });
  const alice = await w.addStaff('alice', ['operator'], { rank: 'Brigadier', firstName: 'Alice', topics });
  const bob = await w.addStaff('bob', ['operator'], { rank: 'Gendarme', firstName: 'Bob', topics });
  await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });
  w.events.published.splice(0);
  w.audit.entries.splice(0);
  w.clock.advance(10 * 60 * 1000);
  const before = await w.conversations.get(citizen.conversationId);
  const transfer = (actor: Parameters<typeof transferConversation>[1], target: TransferRequest) =>
    transferConversation(w.deps, actor, { conversationId: citizen.conversationId, target });
  /** Asserts a refused transfer left the conversation, the events and the audit trail as they were. */
  const unchanged = async () => {
    expect(await w.conversations.get(citizen.conversationId)).toEqual(before);
    expect(w.events.published).toEqual([]);
    expect(w.audit.entries).toEqual([]);
  };
  return { w, citizen, alice, bob, transfer, unchanged };
}

describe('transferConversation to an operator', () => {
  it('the holder hands it to another operator with a note: it stays active with the new holder', async () => {
    const { w, citizen, bob, alice, transfer } = await heldByAlice();

    const transferred = await transfer(alice.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE });

    const bobRef = { id: bob.member.id, rank: 'Gendarme', firstName: 'Bob' };
    expect(transferred).toMatchObject({ status: 'active', assignedOperator: bobRef, lastSeq: 3 });
    expect(await w.conversations.get(citizen.conversationId)).toEqual(transferred);
    expect(await w.conversations.eventsAfter(citizen.conversationId, 2, 10)).toEqual([
      { kind: 'transferred', seq: 3, at: LATER, target: 'operator', operator: bobRef, topic: 'general', serviceId: null, note: NOTE },
    ]);
    expect((await w.conversations.listOpenAssignedTo(bob.member.id)).map((c) => c.id)).toEqual([citizen.conversationId]);
    expect(await w.conversations.listOpenAssignedTo(alice.member.id)).toEqual([]);
  });

  it('announces the event, the update, the new holder, and tells the previous holder it left them', async () => {
    const { w, citizen, bob, alice, transfer } = await heldByAlice();

    const transferred = await transfer(alice.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE });

    const [event] = await w.conversations.eventsAfter(citizen.conversationId, 2, 1);
    expect(w.events.published).toEqual([
      { type: 'conversation.event', conversation: transferred, event },
      { type: 'conversation.updated', conversation: transferred },
      { type: 'conversation.assigned', conversation: transferred, fromQueue: false },
      { type: 'conversation.unassigned', conversation: transferred, operatorId: alice.member.id },
    ]);
  });

  it('is audited as conversation.transferred, without the note', async () => {
    const { w, citizen, bob, alice, transfer } = await heldByAlice();

    await transfer(alice.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE });

    expect(w.audit.entries).toHaveLength(1);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'conversation.transferred',
      actorId: alice.member.id,
      conversationId: citizen.conversationId,
      targetStaffId: bob.member.id,
      detail: { target: 'operator', from: alice.member.id },
    });
    expect(JSON.stringify(w.audit.entries)).not.toContain('peur');
  });

  it('the note is stored trimmed', async () => {
    const { w, citizen, bob, alice, transfer } = await heldByAlice();

    await transfer(alice.actor, { kind: 'operator', operatorId: bob.member.id, note: `  ${NOTE}\n` });

    expect((await w.conversations.eventsAfter(citizen.conversationId, 2, 1))[0]).toMatchObject({ kind: 'transferred', note: NOTE });
  });

  it('to the operator who already holds it is request/invalid', async () => {
    const { alice, transfer, unchanged } = await heldByAlice();

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: alice.member.id, note: NOTE })).rejects.toMatchObject({
      code: 'request/invalid',
    });
    await unchanged();
  });

  it('to an operator at capacity is operator/at_capacity and changes nothing', async () => {
    const { w, alice, transfer, unchanged } = await heldByAlice();
    const full = await w.addStaff('full', ['operator'], { capacity: 1 });
    const other = await w.startAsCitizen();
    await takeConversation(w.deps, full.actor, { conversationId: other.conversationId });
    w.events.published.splice(0);
    w.audit.entries.splice(0);

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: full.member.id, note: NOTE })).rejects.toMatchObject({
      code: 'operator/at_capacity',
    });
    await unchanged();
  });

  it('to a paused operator is operator/unavailable and changes nothing', async () => {
    const { w, alice, transfer, unchanged } = await heldByAlice();
    const paused = await w.addStaff('paused', ['operator'], { availability: 'paused' });

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: paused.member.id, note: NOTE })).rejects.toMatchObject({
      code: 'operator/unavailable',
    });
    await unchanged();
  });

  it('to an operator without a connection is operator/unavailable and changes nothing', async () => {
    const { w, alice, transfer, unchanged } = await heldByAlice();
    const away = await w.addStaff('away', ['operator'], { online: false });

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: away.member.id, note: NOTE })).rejects.toMatchObject({
      code: 'operator/unavailable',
    });
    await unchanged();
  });

  it('to an operator who does not handle the topic is conversation/not_handled and changes nothing', async () => {
    const { w, alice, transfer, unchanged } = await heldByAlice({ topic: 'minors' });
    const untrained = await w.addStaff('untrained', ['operator']);

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: untrained.member.id, note: NOTE })).rejects.toMatchObject({
      code: 'conversation/not_handled',
    });
    await unchanged();
  });

  it('to someone who is not an enabled operator is staff/not_found and changes nothing', async () => {
    const { w, alice, transfer, unchanged } = await heldByAlice();
    const sam = await w.addStaff('sam', ['supervisor']);
    const ghost = await w.addStaff('ghost', ['operator'], { disabled: true });

    for (const operatorId of [sam.member.id, ghost.member.id, '00000000-0000-4000-8000-0000000000ff']) {
      await expect(transfer(alice.actor, { kind: 'operator', operatorId, note: NOTE })).rejects.toMatchObject({ code: 'staff/not_found' });
    }
    await unchanged();
  });
});

describe('transferConversation to a topic', () => {
  it('puts it back in the queue under the new topic, keeping its original waiting time', async () => {
    const { w, citizen, alice, transfer } = await heldByAlice();

    const transferred = await transfer(alice.actor, { kind: 'topic', topic: 'violence' });

    expect(transferred).toMatchObject({ status: 'waiting', topic: 'violence', assignedOperator: null, waitingSince: AT, lastSeq: 3 });
    expect(await w.conversations.eventsAfter(citizen.conversationId, 2, 10)).toEqual([
      { kind: 'transferred', seq: 3, at: LATER, target: 'topic', operator: null, topic: 'violence', serviceId: null, note: null },
    ]);
    expect((await w.conversations.listWaiting()).map((c) => c.id)).toEqual([citizen.conversationId]);
  });

  it('announces the event, the update, the queue entry, and tells the previous holder', async () => {
    const { w, citizen, alice, transfer } = await heldByAlice();

    const transferred = await transfer(alice.actor, { kind: 'topic', topic: 'violence' });

    const [event] = await w.conversations.eventsAfter(citizen.conversationId, 2, 1);
    expect(w.events.published).toEqual([
      { type: 'conversation.event', conversation: transferred, event },
      { type: 'conversation.updated', conversation: transferred },
      { type: 'queue.upsert', conversation: transferred },
      { type: 'conversation.unassigned', conversation: transferred, operatorId: alice.member.id },
    ]);
  });

  it('is audited with the topic before and after', async () => {
    const { w, citizen, alice, transfer } = await heldByAlice();

    await transfer(alice.actor, { kind: 'topic', topic: 'minors', note: 'Elle a quinze ans' });

    expect(w.audit.entries).toHaveLength(1);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'conversation.transferred',
      conversationId: citizen.conversationId,
      targetStaffId: null,
      detail: { target: 'topic', from: alice.member.id, topicBefore: 'general', topicAfter: 'minors' },
    });
    expect(JSON.stringify(w.audit.entries)).not.toContain('quinze');
  });
});

describe('transferConversation to a service', () => {
  it('an unknown service is service/not_found and changes nothing', async () => {
    const { alice, transfer, unchanged } = await heldByAlice();

    await expect(transfer(alice.actor, { kind: 'service', serviceId: 'aaaaaaaa-0000-4000-8000-0000000000ff' })).rejects.toMatchObject({
      code: 'service/not_found',
    });
    await unchanged();
  });

  it("a known service: back in the queue with that service, keeping its waiting time", async () => {
    const { w, citizen, alice, transfer } = await heldByAlice();

    const transferred = await transfer(alice.actor, { kind: 'service', serviceId: POLICE });

    expect(transferred).toMatchObject({ status: 'waiting', serviceId: POLICE, topic: 'general', assignedOperator: null, waitingSince: AT });
    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event', 'conversation.updated', 'queue.upsert', 'conversation.unassigned']);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'conversation.transferred',
      detail: { target: 'service', from: alice.member.id, serviceBefore: 'none', serviceAfter: POLICE },
    });
  });
});

describe('transferConversation: who may transfer', () => {
  it('an operator who does not hold it gets conversation/not_found', async () => {
    const { bob, transfer, unchanged } = await heldByAlice();

    await expect(transfer(bob.actor, { kind: 'topic', topic: 'violence' })).rejects.toMatchObject({ code: 'conversation/not_found' });
    await unchanged();
  });

  it('an operator cannot transfer a waiting conversation nobody holds: conversation/not_found', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);

    await expect(
      transferConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, target: { kind: 'topic', topic: 'violence' } }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.topic).toBe('general');
  });

  it('a supervisor transfers a conversation they do not hold; its holder is told it left them', async () => {
    const { w, citizen, alice, bob, transfer } = await heldByAlice();
    const sam = await w.addStaff('sam', ['supervisor']);

    const transferred = await transfer(sam.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE });

    expect(transferred).toMatchObject({ status: 'active', assignedOperator: { id: bob.member.id } });
    expect(w.events.ofType('conversation.unassigned')).toEqual([{ type: 'conversation.unassigned', conversation: transferred, operatorId: alice.member.id }]);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'conversation.transferred',
      actorId: sam.member.id,
      conversationId: citizen.conversationId,
      targetStaffId: bob.member.id,
      detail: { target: 'operator', from: alice.member.id },
    });
  });

  it('a supervisor moves a waiting conversation to another topic: re-announced in the queue, nobody unassigned', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const sam = await w.addStaff('sam', ['supervisor']);
    w.events.published.splice(0);

    const transferred = await transferConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, target: { kind: 'topic', topic: 'violence' } });

    expect(transferred).toMatchObject({ status: 'waiting', topic: 'violence', waitingSince: AT });
    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event', 'conversation.updated', 'queue.upsert']);
  });

  it('a supervisor hands a waiting conversation to an operator: it leaves the queue (queue.remove)', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const sam = await w.addStaff('sam', ['supervisor']);
    const bob = await w.addStaff('bob', ['operator']);
    w.events.published.splice(0);

    const transferred = await transferConversation(w.deps, sam.actor, {
      conversationId: citizen.conversationId,
      target: { kind: 'operator', operatorId: bob.member.id, note: NOTE },
    });

    expect(transferred).toMatchObject({ status: 'active', assignedOperator: { id: bob.member.id } });
    expect(w.events.ofType('queue.remove')).toEqual([{ type: 'queue.remove', conversationId: citizen.conversationId }]);
  });

  it('a closed conversation is conversation/closed for its last holder and for a supervisor', async () => {
    const { w, citizen, alice, bob, transfer } = await heldByAlice();
    const sam = await w.addStaff('sam', ['supervisor']);
    await closeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, outcome: 'answered' });
    const closed = await w.conversations.get(citizen.conversationId);
    w.events.published.splice(0);

    await expect(transfer(alice.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE })).rejects.toMatchObject({ code: 'conversation/closed' });
    await expect(transfer(sam.actor, { kind: 'topic', topic: 'violence' })).rejects.toMatchObject({ code: 'conversation/closed' });
    expect(await w.conversations.get(citizen.conversationId)).toEqual(closed);
    expect(w.events.published).toEqual([]);
  });

  it('a closed conversation is conversation/not_found for an operator who never held it', async () => {
    const { w, citizen, alice, bob, transfer } = await heldByAlice();
    await closeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, outcome: 'answered' });

    await expect(transfer(bob.actor, { kind: 'topic', topic: 'violence' })).rejects.toMatchObject({ code: 'conversation/not_found' });
  });

  it('an unknown conversation is conversation/not_found, even for a supervisor', async () => {
    const w = buildWorld();
    const sam = await w.addStaff('sam', ['supervisor']);

    await expect(
      transferConversation(w.deps, sam.actor, { conversationId: '00000000-0000-4000-8000-0000000000ff', target: { kind: 'topic', topic: 'violence' } }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
  });

  it('citizens and administrators without a queue role get auth/forbidden', async () => {
    const { w, citizen, bob, transfer, unchanged } = await heldByAlice();
    const root = await w.addStaff('root', ['admin']);

    await expect(transfer(citizen.actor, { kind: 'operator', operatorId: bob.member.id, note: NOTE })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(transfer(root.actor, { kind: 'topic', topic: 'violence' })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await unchanged();
  });
});
