// Pure state of "my conversations" (the ones an operator holds) and why one left the list: a
// transfer to a colleague, a return to the queue (released, transferred to another topic or
// service, or the operator was away too long), or found gone after a reconnection. The console
// tells the operator politely, and stops following a conversation it no longer holds. It also
// tells them of one that joined the list without their taking it here (an arrival).
import type { PublicOperator, StaffConversationView, Topic } from '@brigade/protocol';

export interface Departure {
  /** Increasing within a client, so the UI can tell a new departure from one already handled. */
  id: number;
  conversationId: string;
  /** Its topic as last known (after a transfer to another topic: the new one). */
  topic: Topic | null;
  /**
   * transferred: a colleague holds it now (`operator`); returned: it waits in the queue again;
   * gone: the server no longer lists it as mine (seen when reconnecting).
   */
  reason: 'transferred' | 'returned' | 'gone';
  operator: PublicOperator | null;
}

/** The latest departures, newest first: only the newest is announced, the rest are kept for focus handling. */
export const MAX_DEPARTURES = 5;

/**
 * A conversation handed to me without my taking it on this console: automatic assignment, a
 * supervisor's assignment, a colleague's transfer, or a take in another tab.
 */
export interface Arrival {
  /** From the same counter as departures' ids: the newer notice has the higher id. */
  id: number;
  conversationId: string;
  topic: Topic;
}

export interface MineUpdate {
  mine: readonly string[];
  departure: Omit<Departure, 'id'> | null;
}

/**
 * A fresh view of a conversation: it joins my list when I hold it, and leaves it (with why) when
 * it is open and no longer mine. A closed one stays, for the record on screen until dismissed.
 */
export function trackMine(mine: readonly string[], view: StaffConversationView, myId: string): MineUpdate {
  const held = view.status !== 'closed' && view.assignedOperator?.id === myId;
  const listed = mine.includes(view.id);
  if (held && !listed) return { mine: [...mine, view.id], departure: null };
  if (held || !listed || view.status === 'closed') return { mine, departure: null };
  const holder = view.assignedOperator;
  return {
    mine: mine.filter((id) => id !== view.id),
    departure:
      view.status === 'active' && holder !== null
        ? { conversationId: view.id, topic: view.topic, reason: 'transferred', operator: { rank: holder.rank, firstName: holder.firstName } }
        : { conversationId: view.id, topic: view.topic, reason: 'returned', operator: null },
  };
}

/**
 * After a reconnection, the server's list of what I hold is the truth: open conversations I still
 * list but no longer hold have left (while this console was away). Closed ones stay.
 */
export function reconcileMine(
  mine: readonly string[],
  held: readonly string[],
  views: ReadonlyMap<string, { topic: Topic; status: StaffConversationView['status'] } | null>,
): { mine: readonly string[]; departures: Omit<Departure, 'id'>[] } {
  const stillHeld = new Set(held);
  const departures: Omit<Departure, 'id'>[] = [];
  const kept = mine.filter((id) => {
    const view = views.get(id) ?? null;
    if (stillHeld.has(id) || view?.status === 'closed') return true;
    departures.push({ conversationId: id, topic: view?.topic ?? null, reason: 'gone', operator: null });
    return false;
  });
  return { mine: departures.length === 0 ? mine : kept, departures };
}

export function addDeparture(departures: readonly Departure[], departure: Departure): readonly Departure[] {
  return [departure, ...departures].slice(0, MAX_DEPARTURES);
}

export function addArrival(arrivals: readonly Arrival[], arrival: Arrival): readonly Arrival[] {
  return [arrival, ...arrivals].slice(0, MAX_DEPARTURES);
}

/**
 * Whether a conversation the server says is now mine (`conversation.assigned`) arrived without
 * my asking on this console: not listed before, not one this console is taking (by id, or any
 * while a "take next" is unanswered, since its id is only known from the answer).
 */
export function isArrival(conversationId: string, mineBefore: readonly string[], taking: ReadonlySet<string>, takingNext: boolean): boolean {
  return !mineBefore.includes(conversationId) && !taking.has(conversationId) && !takingNext;
}
