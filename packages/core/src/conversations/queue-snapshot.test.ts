import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import type { Conversation } from './conversation.js';
import { compareQueueOrder, queueSnapshot } from './queue-snapshot.js';
import { takeConversation } from './take-conversation.js';

const MINUTE = 60_000;

describe('queueSnapshot', () => {
  it('orders the waiting queue danger first, then longest wait; lists what the caller holds', async () => {
    const w = buildWorld();
    const oldCalm = await w.startAsCitizen({ danger: false });
    w.clock.advance(MINUTE);
    const oldDanger = await w.startAsCitizen({ danger: true });
    w.clock.advance(MINUTE);
    const taken = await w.startAsCitizen({ danger: true });
    w.clock.advance(MINUTE);
    const newCalm = await w.startAsCitizen({ danger: false });
    w.clock.advance(MINUTE);
    const newDanger = await w.startAsCitizen({ danger: true });
    const alice = await w.addStaff('alice', ['operator']);
    await takeConversation(w.deps, alice.actor, { conversationId: taken.conversationId });

    const snapshot = await queueSnapshot(w.deps, alice.actor);

    expect(snapshot.waiting.map((c) => c.id)).toEqual([
      oldDanger.conversationId,
      newDanger.conversationId,
      oldCalm.conversationId,
      newCalm.conversationId,
    ]);
    expect(snapshot.mine.map((c) => c.id)).toEqual([taken.conversationId]);
  });

  it('is open to supervisors (with nothing of their own) and closed to citizens and admins without a queue role', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const sam = await w.addStaff('sam', ['supervisor']);
    const root = await w.addStaff('root', ['admin']);

    expect(await queueSnapshot(w.deps, sam.actor)).toMatchObject({ waiting: [{ id: citizen.conversationId }], mine: [] });
    await expect(queueSnapshot(w.deps, root.actor)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(queueSnapshot(w.deps, citizen.actor)).rejects.toMatchObject({ code: 'auth/forbidden' });
  });
});

describe('compareQueueOrder', () => {
  const base = (id: string, danger: boolean, waitingSince: string): Conversation => ({
    id,
    topic: 'general',
    postalCode: '35000',
    danger,
    status: 'waiting',
    createdAt: waitingSince,
    waitingSince,
    assignedOperator: null,
    lastSeq: 1,
    readMarks: { citizen: 0, operator: 0 },
    outcome: null,
    closedAt: null,
    waitingMessages: 0,
  });

  it('breaks ties on equal waiting times by id, so the order is total and stable', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const list = [base('c', false, at), base('a', false, at), base('b', true, '2026-01-01T00:05:00.000Z'), base('d', false, at)];

    expect([...list].sort(compareQueueOrder).map((c) => c.id)).toEqual(['b', 'a', 'c', 'd']);
  });
});
