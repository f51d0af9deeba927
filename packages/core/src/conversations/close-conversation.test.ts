import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { authenticateCitizen } from './authenticate-citizen.js';
import { closeConversation, leaveConversation, quickExit } from './close-conversation.js';
import { sendMessage } from './send-message.js';
import { takeConversation } from './take-conversation.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:10:00.000Z';

async function activeConversation() {
  const w = buildWorld();
  const citizen = await w.startAsCitizen();
  const holder = await w.addStaff('alice', ['operator']);
  const other = await w.addStaff('bob', ['operator', 'supervisor']);
  await takeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId });
  w.events.published.splice(0);
  w.clock.advance(10 * 60 * 1000);
  return { w, citizen, holder, other };
}

describe('closeConversation', () => {
  it('the holder closes with an outcome; the closed event and the update are announced', async () => {
    const { w, citizen, holder } = await activeConversation();

    const closed = await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'referred' });

    expect(closed).toMatchObject({ status: 'closed', outcome: 'referred', closedAt: LATER, lastSeq: 3 });
    expect(w.events.published).toEqual([
      { type: 'conversation.event', conversation: closed, event: { kind: 'closed', seq: 3, at: LATER, by: 'operator', outcome: 'referred' } },
      { type: 'conversation.updated', conversation: closed },
    ]);
    expect(await w.conversations.get(citizen.conversationId)).toEqual(closed);
  });

  it('another operator, even a supervisor, cannot close it: conversation/not_found, still active', async () => {
    const { w, citizen, other } = await activeConversation();

    await expect(
      closeConversation(w.deps, other.actor, { conversationId: citizen.conversationId, outcome: 'answered' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('active');
    expect(w.events.published).toEqual([]);
  });

  it('nobody can close a waiting conversation with closeConversation (no holder yet)', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    const alice = await w.addStaff('alice', ['operator']);

    await expect(
      closeConversation(w.deps, alice.actor, { conversationId: citizen.conversationId, outcome: 'answered' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
  });

  it('closing twice: the holder is told conversation/closed, any other operator conversation/not_found', async () => {
    const { w, citizen, holder, other } = await activeConversation();
    const carol = await w.addStaff('carol', ['operator']);
    await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'answered' });

    await expect(
      closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'referred' }),
    ).rejects.toMatchObject({ code: 'conversation/closed' });
    await expect(
      closeConversation(w.deps, carol.actor, { conversationId: citizen.conversationId, outcome: 'referred' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    // Even an operator who may read it as a supervisor: only the holder is told it is closed.
    await expect(
      closeConversation(w.deps, other.actor, { conversationId: citizen.conversationId, outcome: 'referred' }),
    ).rejects.toMatchObject({ code: 'conversation/not_found' });
    expect((await w.conversations.get(citizen.conversationId))?.outcome).toBe('answered');
  });

  it('citizens and staff without the operator role get auth/forbidden', async () => {
    const { w, citizen } = await activeConversation();
    const sam = await w.addStaff('sam', ['supervisor', 'admin']);

    await expect(
      closeConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId, outcome: 'answered' }),
    ).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(
      closeConversation(w.deps, sam.actor, { conversationId: citizen.conversationId, outcome: 'answered' }),
    ).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('active');
  });
});

describe('leaveConversation', () => {
  it('the citizen leaves a waiting conversation: removed from the queue, closed as citizen_left', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    w.events.published.splice(0);

    const closed = await leaveConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId });

    expect(closed).toMatchObject({ status: 'closed', outcome: 'citizen_left', closedAt: AT, lastSeq: 2 });
    expect(w.events.published).toEqual([
      { type: 'queue.remove', conversationId: citizen.conversationId },
      { type: 'conversation.event', conversation: closed, event: { kind: 'closed', seq: 2, at: AT, by: 'citizen', outcome: 'citizen_left' } },
      { type: 'conversation.updated', conversation: closed },
    ]);
  });

  it('the citizen leaves an active conversation: no queue.remove', async () => {
    const { w, citizen } = await activeConversation();

    await leaveConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId });

    expect(w.events.published.map((e) => e.type)).toEqual(['conversation.event', 'conversation.updated']);
    expect(await w.conversations.get(citizen.conversationId)).toMatchObject({ status: 'closed', outcome: 'citizen_left' });
  });

  it('leaving twice is conversation/closed; leaving another conversation is not_found; staff are forbidden', async () => {
    const { w, citizen, holder } = await activeConversation();
    const stranger = await w.startAsCitizen();
    await leaveConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId });

    await expect(leaveConversation(w.deps, citizen.actor, { conversationId: citizen.conversationId })).rejects.toMatchObject({
      code: 'conversation/closed',
    });
    await expect(leaveConversation(w.deps, citizen.actor, { conversationId: stranger.conversationId })).rejects.toMatchObject({
      code: 'conversation/not_found',
    });
    await expect(leaveConversation(w.deps, holder.actor, { conversationId: stranger.conversationId })).rejects.toMatchObject({
      code: 'auth/forbidden',
    });
    expect((await w.conversations.get(stranger.conversationId))?.status).toBe('waiting');
  });
});

describe('quickExit', () => {
  it('revokes the token at once and closes the conversation as citizen_quick_exit', async () => {
    const { w, citizen } = await activeConversation();
    await sendMessage(w.deps, citizen.actor, { conversationId: citizen.conversationId, clientMessageId: 'm-1', text: 'bonjour' });
    w.events.published.splice(0);

    await quickExit(w.deps, citizen.citizenToken);

    await expect(authenticateCitizen(w.deps, citizen.citizenToken)).rejects.toMatchObject({ code: 'auth/invalid_credentials' });
    const stored = await w.conversations.get(citizen.conversationId);
    expect(stored).toMatchObject({ status: 'closed', outcome: 'citizen_quick_exit', closedAt: LATER, lastSeq: 4 });
    expect(w.events.published.map((e) => e.type)).toEqual(['citizen.session_ended', 'conversation.event', 'conversation.updated']);
    expect(w.events.published[0]).toEqual({ type: 'citizen.session_ended', conversationId: citizen.conversationId });
    expect(w.events.ofType('conversation.event')[0]?.event).toEqual({
      kind: 'closed',
      seq: 4,
      at: LATER,
      by: 'citizen',
      outcome: 'citizen_quick_exit',
    });
  });

  it('from the queue, also removes the conversation from the queue', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    w.events.published.splice(0);

    await quickExit(w.deps, citizen.citizenToken);

    expect(w.events.published.map((e) => e.type)).toEqual([
      'citizen.session_ended',
      'queue.remove',
      'conversation.event',
      'conversation.updated',
    ]);
    expect(await w.conversations.listWaiting()).toEqual([]);
  });

  it('on an already closed conversation only revokes the token', async () => {
    const { w, citizen, holder } = await activeConversation();
    await closeConversation(w.deps, holder.actor, { conversationId: citizen.conversationId, outcome: 'answered' });
    w.events.published.splice(0);

    await quickExit(w.deps, citizen.citizenToken);

    await expect(authenticateCitizen(w.deps, citizen.citizenToken)).rejects.toMatchObject({ code: 'auth/invalid_credentials' });
    expect(await w.conversations.get(citizen.conversationId)).toMatchObject({ outcome: 'answered', lastSeq: 3 });
    expect(w.events.published).toEqual([{ type: 'citizen.session_ended', conversationId: citizen.conversationId }]);
  });

  it('an unknown token is a silent no-op', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    w.events.published.splice(0);

    await expect(quickExit(w.deps, 'not-a-token')).resolves.toBeUndefined();

    expect(w.events.published).toEqual([]);
    expect((await w.conversations.get(citizen.conversationId))?.status).toBe('waiting');
    expect(await authenticateCitizen(w.deps, citizen.citizenToken)).toEqual({ kind: 'citizen', conversationId: citizen.conversationId });
  });

  it('a second quick exit with the same (now revoked) token does nothing', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();
    await quickExit(w.deps, citizen.citizenToken);
    w.events.published.splice(0);

    await quickExit(w.deps, citizen.citizenToken);

    expect(w.events.published).toEqual([]);
  });
});
