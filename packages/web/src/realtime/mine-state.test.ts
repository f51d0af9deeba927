import { describe, expect, test } from 'vitest';
import { addArrival, addDeparture, isArrival, MAX_DEPARTURES, reconcileMine, trackMine } from './mine-state.js';
import { CONVERSATION_ID, staffView, uuid } from './test-builders.js';

const ME = uuid(100);
const me = { id: ME, rank: 'Adjudante', firstName: 'Julie' };
const colleague = { id: uuid(101), rank: 'Gendarme', firstName: 'Paul' };

describe('trackMine', () => {
  test('a conversation I hold joins my list once', () => {
    const view = staffView({ assignedOperator: me });
    const joined = trackMine([], view, ME);
    expect(joined).toEqual({ mine: [CONVERSATION_ID], departure: null });
    const again = trackMine(joined.mine, view, ME);
    expect(again.mine).toBe(joined.mine);
    expect(again.departure).toBeNull();
  });

  test('transferred to a colleague: it leaves my list, naming who holds it now', () => {
    const { mine, departure } = trackMine([uuid(1), CONVERSATION_ID], staffView({ assignedOperator: colleague, topic: 'violence' }), ME);
    expect(mine).toEqual([uuid(1)]);
    expect(departure).toEqual({
      conversationId: CONVERSATION_ID,
      topic: 'violence',
      reason: 'transferred',
      operator: { rank: 'Gendarme', firstName: 'Paul' },
    });
  });

  test('released, or transferred to another topic or service: it leaves my list as back in the queue', () => {
    const { mine, departure } = trackMine([CONVERSATION_ID], staffView({ status: 'waiting', assignedOperator: null, topic: 'minors' }), ME);
    expect(mine).toEqual([]);
    expect(departure).toMatchObject({ reason: 'returned', topic: 'minors', operator: null });
  });

  test('a closed conversation stays listed (until dismissed); one I never listed is ignored', () => {
    const closed = trackMine([CONVERSATION_ID], staffView({ status: 'closed', assignedOperator: me }), ME);
    expect(closed).toEqual({ mine: [CONVERSATION_ID], departure: null });
    const other = trackMine([uuid(1)], staffView({ assignedOperator: colleague }), ME);
    expect(other).toEqual({ mine: [uuid(1)], departure: null });
  });
});

describe('reconcileMine', () => {
  test('after a reconnection, open conversations the server no longer lists as mine have left', () => {
    const views = new Map([
      [uuid(1), { topic: 'general' as const, status: 'active' as const }],
      [uuid(2), { topic: 'violence' as const, status: 'active' as const }],
      [uuid(3), { topic: 'other' as const, status: 'closed' as const }],
    ]);
    const { mine, departures } = reconcileMine([uuid(1), uuid(2), uuid(3)], [uuid(1)], views);
    expect(mine).toEqual([uuid(1), uuid(3)]);
    expect(departures).toEqual([{ conversationId: uuid(2), topic: 'violence', reason: 'gone', operator: null }]);
  });

  test('nothing left: the same list is returned', () => {
    const mine = [uuid(1)];
    expect(reconcileMine(mine, [uuid(1), uuid(2)], new Map()).mine).toBe(mine);
  });
});

test('departures are kept newest first, bounded', () => {
  let departures: ReturnType<typeof addDeparture> = [];
  for (let id = 1; id <= MAX_DEPARTURES + 2; id++) {
    departures = addDeparture(departures, { id, conversationId: uuid(id), topic: null, reason: 'gone', operator: null });
  }
  expect(departures.map((d) => d.id)).toEqual([7, 6, 5, 4, 3]);
});

describe('arrivals', () => {
  test('a conversation is an arrival when this console did not ask for it', () => {
    expect(isArrival(uuid(1), [], new Set(), false)).toBe(true);
    // Already listed (a second frame about it), taken here by id, or while a "take next" is unanswered.
    expect(isArrival(uuid(1), [uuid(1)], new Set(), false)).toBe(false);
    expect(isArrival(uuid(1), [], new Set([uuid(1)]), false)).toBe(false);
    expect(isArrival(uuid(1), [], new Set(), true)).toBe(false);
    // Taking another one by id does not hide this one.
    expect(isArrival(uuid(1), [], new Set([uuid(2)]), false)).toBe(true);
  });

  test('the latest are kept, newest first', () => {
    let arrivals = addArrival([], { id: 1, conversationId: uuid(1), topic: 'general' });
    for (let i = 2; i <= MAX_DEPARTURES + 2; i += 1) arrivals = addArrival(arrivals, { id: i, conversationId: uuid(i), topic: 'general' });
    expect(arrivals).toHaveLength(MAX_DEPARTURES);
    expect(arrivals[0]!.id).toBe(MAX_DEPARTURES + 2);
  });
});
