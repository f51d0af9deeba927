import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { leaveConversation } from './close-conversation.js';
import { takeConversation } from './take-conversation.js';

const AT = '2026-01-01T00:00:00.000Z';

describe('takeConversation', () => {
  it('assigns the waiting conversation and announces queue.remove, the assigned event, then the update', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator'], { rank: 'Maréchal des logis', firstName: 'Alice' });
    w.events.published.splice(0);

    const conversation = await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });

    const operator = { id: alice.member.id, rank: 'Maréchal des logis', firstName: 'Alice' };
    expect(conversation).toMatchObject({ status: 'active', assignedOperator: operator, lastSeq: 2 });
    expect(w.events.published).toEqual([
      { type: 'queue.remove', conversationId: citizen.conversationId },
      { type: 'conversation.event', conversation, event: { kind: 'assigned', seq: 2, at: AT, operator } },
      { type: 'conversation.updated', conversation },
      { type: 'conversation.assigned', conversation, fromQueue: true },
    ]);
    expect(await w.conversations.listWaiting()).toEqual([]);
  });

  it('of two concurrent takes exactly one wins; the other gets conversation/already_taken and publishes nothing', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    const bob = await w.addStaff('bob', ['operator']);
    w.events.published.splice(0);

    const results = await Promise.allSettled([
      takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId }),
      takeConversation(w.deps, bob.actor, { conversationId: citizen.conversationId }),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'conversation/already_taken' });
    const winnerId = won[0]?.value.assignedOperator?.id;
    expect([alice.member.id, bob.member.id]).toContain(winnerId);
    expect((await w.conversations.get(citizen.conversationId))?.assignedOperator?.id).toBe(winnerId);
    expect(w.events.published.map((e) => e.type)).toEqual(['queue.remove', 'conversation.event', 'conversation.updated', 'conversation.assigned']);
    expect(await w.conversations.eventsAfter(citizen.conversationId, 1, 10)).toHaveLength(1);
  });

  it('a retried take by the holder succeeds without a second assignment; others get already_taken', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    const bob = await w.addStaff('bob', ['operator']);
    await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });
    w.events.published.splice(0);

    const again = await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });
    expect(again.assignedOperator?.id).toBe(alice.member.id);
    expect(again.lastSeq).toBe(2);
    expect(w.events.published).toEqual([]);
    await expect(takeConversation(w.deps, bob.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'conversation/already_taken',
    });
  });

  it('a closed conversation cannot be taken and reveals nothing: conversation/not_found', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    await leaveConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId });
    await expect(takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
  });

  it('an unknown conversation is conversation/not_found', async () => {
    const w = buildWorld();
    const alice = await w.addStaff('alice', ['operator']);

    await expect(
      takeConversation(w.deps, alice.actor, { conversationId: '00000000-0000-4000-8000-0000000000ff' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
  });

  it('requires the operator role: supervisors, admins and citizens get auth/forbidden', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const sam = await w.addStaff('sam', ['supervisor', 'admin']);

    await expect(takeConversation(w.deps, sam.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'auth/forbidden',
    });
    await expect(takeConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'auth/forbidden',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('a disabled operator gets auth/session_ended and the conversation stays waiting', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const ghost = await w.addStaff('ghost', ['operator'], { disabled: true });

    await expect(takeConversation(w.deps, ghost.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'auth/session_ended',
    });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });
});
