import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { closeConversation } from './close-conversation.js';
import { sendMessage } from './send-message.js';
import { takeConversation } from './take-conversation.js';

const AT = '2026-01-01T00:00:00.000Z';

async function activeConversation() {
  const w = buildWorld();
  const citizen = await w.startAsCitizen();
  const holder = await w.addStaff('alice', ['operator'], { rank: 'Adjudant', firstName: 'Alice' });
  const other = await w.addStaff('bob', ['operator']);
  await takeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId });
  w.events.published.splice(0);
  return { w, citizen, holder, other };
}

describe('sendMessage by the citizen', () => {
  it('stores the message with the next seq and announces it, to the queue too while waiting', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    w.events.published.splice(0);

    const result = await sendMessage(w.deps, citizen.actor, { conversationId: citizen.conversationId, clientMessageId: 'm-1', text: 'Bonjour' });

    const expected = { kind: 'message', seq: 2, at: AT, sender: 'citizen', clientMessageId: 'm-1', text: 'Bonjour', operator: null };
    expect(result).toEqual({ event: expected, duplicate: false });
    expect(await w.conversations.eventsAfter(citizen.conversationId, 1, 10)).toEqual([expected]);
    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event', 'queue.upsert']);
    const [announced] = w.events.ofType('conversation.event');
    expect(announced?.event).toEqual(expected);
    expect(announced?.conversation).toMatchObject({ lastSeq: 2, waitingMessages: 1 });
  });

  it('stores and announces a retried clientMessageId once; the retry answers duplicate with the original event', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const input = { conversationId: citizen.conversationId, clientMessageId: 'm-1', text: 'Bonjour' };
    const first = await sendMessage(w.deps, citizen.actor, input);
    w.events.published.splice(0);
    w.clock.advance(5_000);

    const second = await sendMessage(w.deps, citizen.actor, input);

    expect(second).toEqual({ event: first.event, duplicate: true });
    expect(second.event.text).toBe('Bonjour');
    expect(w.events.published).toEqual([]);
    expect(await w.conversations.eventsAfter(citizen.conversationId, 0, 10)).toHaveLength(2);
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(2);
  });

  it('refuses a reused clientMessageId with other text (a client bug): message/duplicate_conflict', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const input = { conversationId: citizen.conversationId, clientMessageId: 'm-1', text: 'Bonjour' };
    await sendMessage(w.deps, citizen.actor, input);
    await expect(sendMessage(w.deps, citizen.actor, { ...input, text: 'Autre chose' })).rejects.toMatchObject({
      code: 'message/duplicate_conflict',
    });
    expect(await w.conversations.eventsAfter(citizen.conversationId, 0, 10)).toHaveLength(2);
  });

  it('tells someone else reusing a stored clientMessageId nothing: conversation/not_found', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);
    const input = { conversationId: citizen.conversationId, clientMessageId: 'm-1', text: 'Bonjour' };
    await sendMessage(w.deps, citizen.actor, input);
    await expect(sendMessage(w.deps, alice.actor, input)).rejects.toMatchObject({ code: 'conversation/not_found' });
  });

  it('cannot send to another conversation: conversation/not_found, nothing stored', async () => {
    const w = buildWorld();
    const mine = await w.startAsCitizen();
    const theirs = await w.startAsCitizen();
    w.events.published.splice(0);

    await expect(
      sendMessage(w.deps, mine.actor, { conversationId: theirs.conversationId, clientMessageId: 'm-1', text: 'hello' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(theirs.conversationId))?.lastSeq).toBe(1);
    expect(w.events.published).toEqual([]);
  });

  it('cannot send once the conversation is closed: conversation/closed', async () => {
    const { w, citizen, holder } = await activeConversation();
    await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'answered' });
    w.events.published.splice(0);

    await expect(
      sendMessage(w.deps, citizen.actor, { conversationId: citizen.conversationId, clientMessageId: 'm-late', text: 'encore là ?' }),
    ).rejects.toMatchObject({ code: 'conversation/closed' });
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(3);
    expect(w.events.published).toEqual([]);
  });
});

describe('sendMessage by staff', () => {
  it('the holding operator sends with their public identity; the queue is not told', async () => {
    const { w, citizen, holder } = await activeConversation();

    const result = await sendMessage(w.deps, holder.actor, {
      conversationId: citizen.conversationId,
      clientMessageId: 'op-1',
      text: 'Adjudant Alice, je vous écoute.',
    });

    expect(result).toEqual({
      duplicate: false,
      event: {
        kind: 'message',
        seq: 3,
        at: AT,
        sender: 'operator',
        clientMessageId: 'op-1',
        text: 'Adjudant Alice, je vous écoute.',
        operator: { id: holder.member.id, rank: 'Adjudant', firstName: 'Alice' },
      },
    });
    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event']);
  });

  it('another operator is answered conversation/not_found (existence does not leak)', async () => {
    const { w, citizen, other } = await activeConversation();

    await expect(
      sendMessage(w.deps, other.actor, { conversationId: citizen.conversationId, clientMessageId: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(2);
    expect(w.events.published).toEqual([]);
  });

  it('an operator cannot send to a waiting conversation nobody holds', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const op = await w.addStaff('alice', ['operator']);

    await expect(
      sendMessage(w.deps, op.actor, { conversationId: citizen.conversationId, clientMessageId: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(1);
  });

  it('a non-holder gets not_found, not closed, on a closed conversation', async () => {
    const { w, citizen, holder, other } = await activeConversation();
    await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'answered' });

    await expect(
      sendMessage(w.deps, other.actor, { conversationId: citizen.conversationId, clientMessageId: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    await expect(
      sendMessage(w.deps, holder.actor, { conversationId: citizen.conversationId, clientMessageId: 'y', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'conversation/closed' });
  });

  it('staff without the operator role are refused with auth/forbidden', async () => {
    const { w, citizen } = await activeConversation();
    const supervisor = await w.addStaff('sam', ['supervisor', 'admin']);

    await expect(
      sendMessage(w.deps, supervisor.actor, { conversationId: citizen.conversationId, clientMessageId: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect((await w.conversations.get(citizen.conversationId))?.lastSeq).toBe(2);
  });

  it('a disabled operator is refused with auth/session_ended', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const ghost = await w.addStaff('ghost', ['operator'], { disabled: true });

    await expect(
      sendMessage(w.deps, ghost.actor, { conversationId: citizen.conversationId, clientMessageId: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'auth/session_ended' });
  });
});
