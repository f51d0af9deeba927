import { MAX_DELTA_EVENTS } from '@brigade/protocol';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { sendMessage } from './send-message.js';
import { syncConversation } from './sync-conversation.js';
import { takeConversation } from './take-conversation.js';

/** A conversation with `messages` citizen messages after its opened event (lastSeq = messages + 1). */
async function conversationWith(messages: number) {
  const w = buildWorld();
  const citizen = await w.startAsCitizen();
  for (let i = 1; i <= messages; i++) {
    await sendMessage(w.deps, citizen.actor, { conversationId: citizen.conversationId, clientMessageId: `m-${i}`, text: `message ${i}` });
  }
  return { w, citizen };
}

const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('syncConversation', () => {
  it('afterSeq 0 returns a snapshot of every event', async () => {
    const { w, citizen } = await conversationWith(3);

    const result = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 0 });

    expect(result.mode).toBe('snapshot');
    expect(result.conversation.lastSeq).toBe(4);
    expect(seqs(result.events)).toEqual([1, 2, 3, 4]);
    expect(result.events[0]).toMatchObject({ kind: 'opened' });
    expect(result.events[3]).toMatchObject({ kind: 'message', clientMessageId: 'm-3', text: 'message 3' });
  });

  it('afterSeq within reach returns only the missed events, in order', async () => {
    const { w, citizen } = await conversationWith(3);

    const result = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 2 });

    expect(result.mode).toBe('delta');
    expect(seqs(result.events)).toEqual([3, 4]);
  });

  it('afterSeq equal to lastSeq is an empty delta', async () => {
    const { w, citizen } = await conversationWith(3);

    const result = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 4 });

    expect(result).toMatchObject({ mode: 'delta', events: [] });
  });

  it('afterSeq beyond lastSeq (a seq from the future) returns a snapshot', async () => {
    const { w, citizen } = await conversationWith(3);

    const result = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 5 });

    expect(result.mode).toBe('snapshot');
    expect(seqs(result.events)).toEqual([1, 2, 3, 4]);
  });

  it(`exactly MAX_DELTA_EVENTS (${MAX_DELTA_EVENTS}) missed is still a delta; one more is a snapshot`, async () => {
    // lastSeq = MAX_DELTA_EVENTS + 2
    const { w, citizen } = await conversationWith(MAX_DELTA_EVENTS + 1);
    const lastSeq = MAX_DELTA_EVENTS + 2;

    const delta = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 2 });
    expect(delta.mode).toBe('delta');
    expect(seqs(delta.events)).toEqual(range(3, lastSeq));

    const snapshot = await syncConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, afterSeq: 1 });
    expect(snapshot.mode).toBe('snapshot');
    expect(seqs(snapshot.events)).toEqual(range(1, lastSeq));
  });

  it('is answered conversation/not_found to an operator who does not hold it, and served to a supervisor', async () => {
    const { w, citizen } = await conversationWith(1);
    const alice = await w.addStaff('alice', ['operator']);
    const bob = await w.addStaff('bob', ['operator']);
    const sam = await w.addStaff('sam', ['supervisor']);
    await takeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId });

    await expect(syncConversation(w.deps, bob.actor, { conversationId: citizen.conversationId, afterSeq: 0 })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    expect(seqs((await syncConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, afterSeq: 0 })).events)).toEqual([
      1, 2, 3,
    ]);
    expect(seqs((await syncConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, afterSeq: 2 })).events)).toEqual([3]);
  });

  it('a citizen cannot sync another conversation', async () => {
    const { w, citizen } = await conversationWith(0);
    const other = await w.startAsCitizen();

    await expect(syncConversation(w.deps, citizen.actor, { conversationId: other.conversationId, afterSeq: 0 })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
  });
});
