import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPIC_LEVELS } from '@brigade/protocol';
import { buildWorld } from '../testing/builders.js';
import type { Conversation } from './conversation.js';
import { queueSnapshot, sortQueue } from './queue-snapshot.js';
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

describe('sortQueue', () => {
  const base = (id: string, danger: boolean, waitingSince: string, topic: Conversation['topic'] = 'general'): Conversation => ({
    id,
    topic,
    postalCode: '35000',
    danger,
    status: 'waiting',
    createdAt: waitingSince,
    waitingSince,
    serviceId: null,
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

    expect(sortQueue(list, new Date('2026-01-01T00:06:00.000Z'), DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('orders danger, then violence, then cyber-harassment and discrimination, then general; longest wait inside a level', () => {
    const now = new Date('2026-01-01T00:05:00.000Z');
    const list = [
      base('general-old', false, '2026-01-01T00:00:00.000Z', 'general'),
      base('discrimination', false, '2026-01-01T00:03:00.000Z', 'discrimination'),
      base('violence-new', false, '2026-01-01T00:04:00.000Z', 'violence'),
      base('danger-new', true, '2026-01-01T00:04:30.000Z', 'general'),
      base('violence-old', false, '2026-01-01T00:01:00.000Z', 'violence'),
      base('cyber', false, '2026-01-01T00:04:00.000Z', 'cyberharassment'),
    ];
    expect(sortQueue(list, now, DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual(['danger-new', 'violence-old', 'violence-new', 'discrimination', 'cyber', 'general-old']);
  });

  it('orders by the levels an administrator set: minors first by default, and any level given to a topic', () => {
    const now = new Date('2026-01-01T00:05:00.000Z');
    const list = [
      base('violence', false, '2026-01-01T00:01:00.000Z', 'violence'),
      base('minors', false, '2026-01-01T00:04:00.000Z', 'minors'),
      base('general', false, '2026-01-01T00:00:00.000Z', 'general'),
    ];
    expect(sortQueue(list, now, DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual(['minors', 'violence', 'general']);
    const generalFirst = { ...DEFAULT_TOPIC_LEVELS, general: 1, minors: 2, violence: 3 };
    expect(sortQueue(list, now, generalFirst).map((c) => c.id)).toEqual(['general', 'minors', 'violence']);
  });

  it('ages a waiting conversation one level per 10 minutes, never above danger', () => {
    const general = base('general', false, '2026-01-01T00:00:00.000Z', 'general');
    const violence = base('violence', false, '2026-01-01T00:25:00.000Z', 'violence');
    const danger = base('danger', true, '2026-01-01T00:29:00.000Z', 'general');
    // At 00:26 the general question (level 4) has aged to 2: same level as violence, and it waited longer.
    expect(sortQueue([violence, general, danger], new Date('2026-01-01T00:26:00.000Z'), DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual(['danger', 'general', 'violence']);
    // At 00:05 it has not aged yet.
    expect(sortQueue([general, base('v2', false, '2026-01-01T00:04:00.000Z', 'violence')], new Date('2026-01-01T00:05:00.000Z'), DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual([
      'v2',
      'general',
    ]);
    // After hours it ranks with level 1, still behind danger.
    expect(sortQueue([general, danger], new Date('2026-01-01T05:00:00.000Z'), DEFAULT_TOPIC_LEVELS).map((c) => c.id)).toEqual(['danger', 'general']);
  });
});
