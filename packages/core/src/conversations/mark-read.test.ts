import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { closeConversation } from './close-conversation.js';
import { markRead, setTyping } from './mark-read.js';
import { sendMessage } from './send-message.js';
import { takeConversation } from './take-conversation.js';

/** Active conversation held by alice, with two citizen messages: lastSeq 4. */
async function activeConversation() {
  const w = buildWorld();
  const citizen = await w.startAsCitizen();
  const holder = await w.addStaff('alice', ['operator']);
  const bob = await w.addStaff('bob', ['operator']);
  const supervisor = await w.addStaff('sam', ['supervisor']);
  await takeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId });
  for (const id of ['m-1', 'm-2']) {
    await sendMessage(w.deps, citizen.actor, { conversationId: citizen.conversationId, clientMessageId: id, text: id });
  }
  w.events.published.splice(0);
  return { w, citizen, holder, bob, supervisor };
}

describe('markRead', () => {
  it('raises the citizen side and announces the update', async () => {
    const { w, citizen } = await activeConversation();

    await markRead(w.deps, citizen.actor, { conversationId: citizen.conversationId, upToSeq: 3 });

    const stored = await w.conversations.get(citizen.conversationId);
    expect(stored?.readMarks).toEqual({ citizen: 3, operator: 0 });
    expect(w.events.published).toEqual([{ type: 'conversation.updated', conversation: stored }]);
  });

  it('the holder raises the operator side', async () => {
    const { w, citizen, holder } = await activeConversation();

    await markRead(w.deps, holder.actor, { conversationId: citizen.conversationId, upToSeq: 4 });

    expect((await w.conversations.get(citizen.conversationId))?.readMarks).toEqual({ citizen: 0, operator: 4 });
  });

  it('never lowers a mark, and says nothing when nothing changes', async () => {
    const { w, citizen } = await activeConversation();
    await markRead(w.deps, citizen.actor, { conversationId: citizen.conversationId, upToSeq: 3 });
    w.events.published.splice(0);

    await markRead(w.deps, citizen.actor, { conversationId: citizen.conversationId, upToSeq: 2 });
    await markRead(w.deps, citizen.actor, { conversationId: citizen.conversationId, upToSeq: 3 });

    expect((await w.conversations.get(citizen.conversationId))?.readMarks.citizen).toBe(3);
    expect(w.events.published).toEqual([]);
  });

  it('never marks beyond lastSeq', async () => {
    const { w, citizen } = await activeConversation();

    await markRead(w.deps, citizen.actor, { conversationId: citizen.conversationId, upToSeq: 1_000 });

    expect((await w.conversations.get(citizen.conversationId))?.readMarks.citizen).toBe(4);
  });

  it('a supervisor watching does not mark anything as read', async () => {
    const { w, citizen, supervisor } = await activeConversation();

    await markRead(w.deps, supervisor.actor, { conversationId: citizen.conversationId, upToSeq: 4 });

    expect((await w.conversations.get(citizen.conversationId))?.readMarks).toEqual({ citizen: 0, operator: 0 });
    expect(w.events.published).toEqual([]);
  });

  it('an operator who does not hold it gets conversation/not_found', async () => {
    const { w, citizen, bob } = await activeConversation();

    await expect(markRead(w.deps, bob.actor, { conversationId: citizen.conversationId, upToSeq: 4 })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    expect((await w.conversations.get(citizen.conversationId))?.readMarks.operator).toBe(0);
  });
});

describe('setTyping', () => {
  it('relays the citizen typing, and the holder typing, without storing anything', async () => {
    const { w, citizen, holder } = await activeConversation();

    await setTyping(w.deps, citizen.actor, { conversationId: citizen.conversationId, typing: true });
    await setTyping(w.deps, holder.actor, { conversationId: citizen.conversationId, typing: false });

    expect(w.events.published).toEqual([
      { type: 'typing', conversationId: citizen.conversationId, from: 'citizen', typing: true },
      { type: 'typing', conversationId: citizen.conversationId, from: 'operator', typing: false },
    ]);
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(4);
  });

  it('a supervisor who does not hold the conversation produces no typing event', async () => {
    const { w, citizen, supervisor } = await activeConversation();

    await setTyping(w.deps, supervisor.actor, { conversationId: citizen.conversationId, typing: true });

    expect(w.events.published).toEqual([]);
  });

  it('an operator who does not hold the conversation is refused with not_found and produces nothing', async () => {
    const { w, citizen, bob } = await activeConversation();

    await expect(setTyping(w.deps, bob.actor, { conversationId: citizen.conversationId, typing: true })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    expect(w.events.published).toEqual([]);
  });

  it('nothing is relayed on a closed conversation', async () => {
    const { w, citizen, holder } = await activeConversation();
    await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'answered' });
    w.events.published.splice(0);

    await setTyping(w.deps, citizen.actor, { conversationId: citizen.conversationId, typing: true });

    expect(w.events.published).toEqual([]);
  });
});
