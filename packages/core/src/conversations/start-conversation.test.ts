import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { authenticateCitizen } from './authenticate-citizen.js';
import { startConversation } from './start-conversation.js';

describe('startConversation', () => {
  it('stores a waiting conversation with its opened event and announces it to the queue', async () => {
    const w = buildWorld();
    const { conversation, citizenToken } = await startConversation(w.deps, { topic: 'violence', postalCode: '35000', danger: true });

    expect(conversation).toEqual({
      id: '00000000-0000-4000-8000-000000000002',
      topic: 'violence',
      postalCode: '35000',
      danger: true,
      status: 'waiting',
      createdAt: '2026-01-01T00:00:00.000Z',
      waitingSince: '2026-01-01T00:00:00.000Z',
      assignedOperator: null,
      lastSeq: 1,
      readMarks: { citizen: 0, operator: 0 },
      outcome: null,
      closedAt: null,
      waitingMessages: 0,
      serviceId: null,
    });
    expect(citizenToken).toBe('secret-1');
    expect(await w.conversations.get(conversation.id)).toEqual(conversation);
    expect(await w.conversations.eventsAfter(conversation.id, 0, 10)).toEqual([
      { kind: 'opened', seq: 1, at: '2026-01-01T00:00:00.000Z', topic: 'violence', danger: true },
    ]);
    // Declared danger: supervisors are alerted at once.
    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event', 'queue.upsert', 'danger.detected']);
  });

  it('stores only a hash of the citizen token, which authenticates the citizen for that conversation only', async () => {
    const w = buildWorld();
    const { conversation, citizenToken } = await startConversation(w.deps, { topic: 'general', postalCode: '75001', danger: false });

    expect(await w.conversations.findByCitizenTokenHash(citizenToken)).toBeUndefined();
    expect(await w.conversations.findByCitizenTokenHash(`hashed:${citizenToken}`)).toMatchObject({ id: conversation.id });
    expect(await authenticateCitizen(w.deps, citizenToken)).toEqual({ kind: 'citizen', conversationId: conversation.id });
    await expect(authenticateCitizen(w.deps, 'secret-999')).rejects.toMatchObject({ code: 'auth/invalid_credentials' });
  });

  it('routes the conversation to the service covering its postal code, or to none', async () => {
    const w = buildWorld();
    w.services.add({ id: '00000000-0000-4000-8000-0000000000aa', name: 'Brigade numérique', createdAt: '2026-01-01T00:00:00.000Z' }, ['35000', '35400']);
    const covered = await startConversation(w.deps, { topic: 'general', postalCode: '35400', danger: false });
    const uncovered = await startConversation(w.deps, { topic: 'general', postalCode: '75011', danger: false });

    expect(covered.conversation.serviceId).toBe('00000000-0000-4000-8000-0000000000aa');
    expect(await w.conversations.get(covered.conversation.id)).toMatchObject({ serviceId: '00000000-0000-4000-8000-0000000000aa' });
    expect(uncovered.conversation.serviceId).toBeNull();
  });

  it('refuses a postal code that does not exist, and stores nothing', async () => {
    const w = buildWorld();
    await expect(startConversation(w.deps, { topic: 'general', postalCode: '99999', danger: true })).rejects.toMatchObject({ code: 'postal_code/unknown' });
    expect(await w.conversations.listWaiting()).toEqual([]);
    expect(w.events.published).toEqual([]);
  });
});
