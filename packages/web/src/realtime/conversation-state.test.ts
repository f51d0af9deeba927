import { describe, expect, test } from 'vitest';
import {
  addPending,
  applyAck,
  applyEvent,
  applySync,
  emptyConversation,
  failPending,
  outboxOf,
  retryPending,
  timelineOf,
  unreadCount,
  type ConversationState,
  type PendingMessage,
} from './conversation-state.js';
import { CONVERSATION_ID, citizenView, message, opened, uuid } from './test-builders.js';

function pending(n: number, text = `p${n}`): PendingMessage {
  return {
    conversationId: CONVERSATION_ID,
    clientMessageId: uuid(1000 + n),
    text,
    createdAt: '2025-01-01T03:00:00.000Z',
    status: 'sending',
    ackedSeq: null,
    failure: null,
  };
}

function synced(events = [opened(1), message(2, 'citizen')]): ConversationState {
  return applySync(emptyConversation(CONVERSATION_ID), {
    mode: 'snapshot',
    conversation: citizenView({ lastSeq: events.length }),
    events,
  }).state;
}

describe('applySync', () => {
  test('a snapshot replaces the history and marks the conversation synced', () => {
    const state = synced();
    expect(state.lastSeq).toBe(2);
    expect(state.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(state.synced).toBe(true);
  });

  test('a delta appends only what is new, in seq order', () => {
    const state = synced();
    const { state: next, resync } = applySync(state, {
      mode: 'delta',
      conversation: citizenView({ lastSeq: 4 }),
      events: [message(4, 'operator'), message(2, 'citizen'), message(3, 'operator')],
    });
    expect(resync).toBeNull();
    expect(next.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(next.lastSeq).toBe(4);
  });

  test('a delta with a hole asks for a full re-sync instead of guessing', () => {
    const { resync, state } = applySync(synced(), {
      mode: 'delta',
      conversation: citizenView({ lastSeq: 5 }),
      events: [message(4, 'operator'), message(5, 'operator')],
    });
    expect(resync).toBe('full');
    expect(state.synced).toBe(false);
  });

  test('pending messages already stored disappear (dedupe by clientMessageId)', () => {
    const p = pending(1);
    const state = addPending(synced(), p);
    const { state: next } = applySync(state, {
      mode: 'delta',
      conversation: citizenView({ lastSeq: 3 }),
      events: [message(3, 'citizen', p.clientMessageId, p.text)],
    });
    expect(next.pending).toEqual([]);
    expect(timelineOf(next, 'citizen').filter((i) => i.kind === 'message')).toHaveLength(2);
  });
});

describe('applyEvent', () => {
  test('appends the next event', () => {
    const { state, resync } = applyEvent(synced(), message(3, 'operator'));
    expect(resync).toBeNull();
    expect(state.lastSeq).toBe(3);
  });

  test('ignores events already held', () => {
    const before = synced();
    const { state, resync } = applyEvent(before, message(2, 'citizen'));
    expect(state).toBe(before);
    expect(resync).toBeNull();
  });

  test('asks for a delta re-sync on a gap and does not apply the event', () => {
    const before = synced();
    const { state, resync } = applyEvent(before, message(4, 'operator'));
    expect(resync).toBe('delta');
    expect(state.lastSeq).toBe(2);
  });

  test('turns the pending message into the stored one', () => {
    const p = pending(1);
    const { state } = applyEvent(addPending(synced(), p), message(3, 'citizen', p.clientMessageId, p.text));
    expect(state.pending).toEqual([]);
    const mine = timelineOf(state, 'citizen').filter((i) => i.kind === 'message' && i.mine);
    expect(mine.map((i) => i.key)).toEqual([`m${uuid(2)}`, `m${p.clientMessageId}`]);
  });

  test('a closed event closes the view even before conversation.updated', () => {
    const { state } = applyEvent(synced(), { kind: 'closed', seq: 3, at: '2025-01-01T03:00:00.000Z', by: 'operator', outcome: 'answered' });
    expect(state.view?.status).toBe('closed');
    expect(state.view?.outcome).toBe('answered');
  });
});

describe('outbox and message states', () => {
  test('sending → sent (acked) → read (peer read mark ≥ seq)', () => {
    const p = pending(1);
    let state = addPending(synced(), p);
    expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ state: 'sending' });
    expect(outboxOf(state)).toHaveLength(1);

    state = applyAck(state, p.clientMessageId, 3);
    expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ state: 'sent', seq: 3 });
    expect(outboxOf(state)).toHaveLength(0);

    state = applyEvent(state, message(3, 'citizen', p.clientMessageId, p.text)).state;
    expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ state: 'sent', seq: 3 });

    state = { ...state, view: citizenView({ lastSeq: 3, readMarks: { citizen: 3, operator: 3 } }) };
    expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ state: 'read' });
  });

  test('an acked message whose event was already held is simply dropped', () => {
    const p = pending(1);
    let state = addPending(synced(), p);
    state = applyEvent(state, message(3, 'citizen', p.clientMessageId)).state;
    state = applyAck(state, p.clientMessageId, 3);
    expect(state.pending).toEqual([]);
  });

  test('adding the same clientMessageId twice keeps one', () => {
    const p = pending(1);
    const state = addPending(addPending(synced(), p), p);
    expect(state.pending).toHaveLength(1);
  });

  test('failed messages leave the outbox until retried', () => {
    const p = pending(1);
    let state = failPending(addPending(synced(), p), p.clientMessageId, 'conversation/closed');
    expect(outboxOf(state)).toEqual([]);
    expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ state: 'failed' });
    state = retryPending(state, p.clientMessageId);
    expect(outboxOf(state).map((m) => m.clientMessageId)).toEqual([p.clientMessageId]);
  });

  test('the peer messages are never marked with a state; unread counts only the peer', () => {
    const state = applyEvent(synced(), message(3, 'operator')).state;
    const last = timelineOf(state, 'citizen').at(-1);
    expect(last).toMatchObject({ mine: false, state: null });
    expect(unreadCount(state, 'citizen', 0)).toBe(1);
    expect(unreadCount(state, 'operator', 0)).toBe(1);
    expect(unreadCount(state, 'operator', 2)).toBe(0);
  });
});

test('a danger flag shows in the timeline, with its category only when the server gave one', () => {
  const { state } = applyEvent(synced(), { kind: 'danger_flagged', seq: 3, at: '2025-01-01T03:00:00.000Z', category: null });
  expect(timelineOf(state, 'citizen').at(-1)).toMatchObject({ kind: 'danger_flagged', category: null });
});

test('a conversation given back to the queue shows why in the timeline', () => {
  const { state } = applyEvent(synced(), { kind: 'returned_to_queue', seq: 3, at: '2025-01-01T03:00:00.000Z', reason: 'operator_offline' });
  expect(timelineOf(state, 'operator').at(-1)).toMatchObject({ kind: 'returned_to_queue', reason: 'operator_offline' });
});

test('a transfer shows in the timeline with what the server gave (staff: service and note; citizens: neither)', () => {
  const at = '2025-01-01T03:00:00.000Z';
  const toColleague = applyEvent(synced(), {
    kind: 'transferred',
    seq: 3,
    at,
    target: 'operator',
    operator: { rank: 'Gendarme', firstName: 'Paul' },
    topic: 'violence',
    serviceId: null,
    note: 'Rappel prévu à 18 h',
  }).state;
  expect(timelineOf(toColleague, 'operator').at(-1)).toEqual({
    kind: 'transferred',
    key: 'e3',
    at,
    target: 'operator',
    operator: { rank: 'Gendarme', firstName: 'Paul' },
    topic: 'violence',
    serviceId: null,
    note: 'Rappel prévu à 18 h',
  });
  const toTopic = applyEvent(synced(), { kind: 'transferred', seq: 3, at, target: 'topic', operator: null, topic: 'minors', serviceId: null, note: null }).state;
  expect(timelineOf(toTopic, 'citizen').at(-1)).toMatchObject({ kind: 'transferred', target: 'topic', note: null });
});

test('after a transfer, the earlier operator’s messages are not the new holder’s own', () => {
  const state = synced([opened(1), message(2, 'operator'), message(3, 'citizen')]);
  // message() writes as Adjudante Julie; Gendarme Paul now holds the conversation.
  const paul = timelineOf(state, 'operator', { rank: 'Gendarme', firstName: 'Paul' });
  expect(paul[1]).toMatchObject({ kind: 'message', sender: 'operator', mine: false, state: null });
  const julie = timelineOf(state, 'operator', { rank: 'Adjudante', firstName: 'Julie' });
  expect(julie[1]).toMatchObject({ kind: 'message', mine: true });
});

test('two operators with the same rank and first name are told apart by the id staff events carry', () => {
  const julieId = '00000000-0000-4000-8000-0000000000aa';
  const written = { ...message(2, 'operator'), operatorId: julieId };
  const state = synced([opened(1), written]);
  const otherJulie = timelineOf(state, 'operator', { id: '00000000-0000-4000-8000-0000000000bb', rank: 'Adjudante', firstName: 'Julie' });
  expect(otherJulie[1]).toMatchObject({ kind: 'message', mine: false });
  expect(timelineOf(state, 'operator', { id: julieId, rank: 'Adjudante', firstName: 'Julie' })[1]).toMatchObject({ mine: true });
});
