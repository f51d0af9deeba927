// Pure state of one conversation as a client holds it: the stored events (contiguous by `seq`),
// the latest view, and the own messages not yet seen as stored events (the outbox).
// No I/O here: the realtime client feeds frames in, the UI reads the timeline out.
import type {
  CitizenConversationView,
  ConversationEvent,
  ErrorCode,
  PublicOperator,
  StaffConversationView,
  Topic,
} from '@brigade/protocol';

export type Side = 'citizen' | 'operator';
export type ConversationView = CitizenConversationView | StaffConversationView;

/** A message written here and not yet seen as a stored event. Re-sent with the same id until acked. */
export interface PendingMessage {
  conversationId: string;
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** sending: in the outbox; sent: acked (durably stored) but its event not received yet; failed: refused. */
  status: 'sending' | 'sent' | 'failed';
  ackedSeq: number | null;
  failure: ErrorCode | null;
}

export interface ConversationState {
  conversationId: string;
  view: ConversationView | null;
  /** Stored events, sorted, contiguous from the first held one up to `lastSeq`. */
  events: readonly ConversationEvent[];
  lastSeq: number;
  pending: readonly PendingMessage[];
  peerTyping: boolean;
  /** True once a sync answer arrived on the current connection (sends wait for it). */
  synced: boolean;
  /** Set when the server refused to sync this conversation (e.g. `conversation/not_found`). */
  error: ErrorCode | null;
  /** Citizens, while waiting: place in the queue (1 = next) and the server's estimate. */
  queuePosition: QueuePosition | null;
}

export interface QueuePosition {
  position: number;
  estimatedWaitSeconds: number | null;
}

export function emptyConversation(conversationId: string): ConversationState {
  return { conversationId, view: null, events: [], lastSeq: 0, pending: [], peerTyping: false, synced: false, error: null, queuePosition: null };
}

/** Result of feeding a frame: the new state, and whether a hole in `seq` calls for a re-sync. */
export interface Applied {
  state: ConversationState;
  /** 'delta': sync again after lastSeq; 'full': drop everything and sync from 0. */
  resync: 'delta' | 'full' | null;
}

function storedMessageIds(events: readonly ConversationEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.kind === 'message') ids.add(e.clientMessageId);
  return ids;
}

/** Drops the pending messages that now exist as stored events (dedupe by clientMessageId). */
function settlePending(pending: readonly PendingMessage[], events: readonly ConversationEvent[]): readonly PendingMessage[] {
  if (pending.length === 0) return pending;
  const stored = storedMessageIds(events);
  const kept = pending.filter((p) => !stored.has(p.clientMessageId));
  return kept.length === pending.length ? pending : kept;
}

/** Applies a `conversation.sync` answer (delta or snapshot). */
export function applySync(
  state: ConversationState,
  sync: { mode: 'delta' | 'snapshot'; conversation: ConversationView; events: readonly ConversationEvent[] },
): Applied {
  const incoming = [...sync.events].sort((a, b) => a.seq - b.seq);
  let events: ConversationEvent[];
  if (sync.mode === 'snapshot') {
    events = dedupeBySeq(incoming);
  } else {
    const fresh = dedupeBySeq(incoming.filter((e) => e.seq > state.lastSeq));
    if (!isContiguous(state.lastSeq, fresh)) {
      // The server skipped events we do not hold: rebuild from scratch rather than loop on deltas.
      return { state: { ...state, synced: false }, resync: 'full' };
    }
    events = [...state.events, ...fresh];
  }
  const lastSeq = events.length > 0 ? events[events.length - 1]!.seq : 0;
  return {
    state: {
      ...state,
      view: sync.conversation,
      events,
      lastSeq,
      pending: settlePending(state.pending, events),
      synced: true,
      error: null,
    },
    resync: null,
  };
}

function dedupeBySeq(sorted: readonly ConversationEvent[]): ConversationEvent[] {
  const out: ConversationEvent[] = [];
  for (const e of sorted) if (out.length === 0 || out[out.length - 1]!.seq !== e.seq) out.push(e);
  return out;
}

function isContiguous(after: number, sorted: readonly ConversationEvent[]): boolean {
  return sorted.every((e, i) => e.seq === after + 1 + i);
}

/** Applies one live event: ignored if already held, appended if next, re-sync asked if a hole. */
export function applyEvent(state: ConversationState, event: ConversationEvent): Applied {
  if (event.seq <= state.lastSeq) return { state, resync: null };
  if (event.seq !== state.lastSeq + 1) return { state, resync: 'delta' };
  const events = [...state.events, event];
  let view = state.view;
  if (view !== null) {
    view = { ...view, lastSeq: event.seq };
    // The `closed` event is authoritative even if the matching `conversation.updated` is late.
    if (event.kind === 'closed') view = { ...view, status: 'closed', outcome: event.outcome };
  }
  const pending =
    event.kind === 'message' ? state.pending.filter((p) => p.clientMessageId !== event.clientMessageId) : state.pending;
  return { state: { ...state, view, events, lastSeq: event.seq, pending }, resync: null };
}

export function applyView(state: ConversationState, view: ConversationView): ConversationState {
  return { ...state, view };
}

/** `message.ack`: the message is durably stored; it stays shown as "sent" until its event arrives. */
export function applyAck(state: ConversationState, clientMessageId: string, seq: number): ConversationState {
  if (seq <= state.lastSeq && storedMessageIds(state.events).has(clientMessageId)) {
    return { ...state, pending: state.pending.filter((p) => p.clientMessageId !== clientMessageId) };
  }
  return {
    ...state,
    pending: state.pending.map((p) =>
      p.clientMessageId === clientMessageId ? { ...p, status: 'sent', ackedSeq: seq, failure: null } : p,
    ),
  };
}

export function addPending(state: ConversationState, message: PendingMessage): ConversationState {
  if (state.pending.some((p) => p.clientMessageId === message.clientMessageId)) return state;
  if (storedMessageIds(state.events).has(message.clientMessageId)) return state;
  return { ...state, pending: [...state.pending, message] };
}

export function failPending(state: ConversationState, clientMessageId: string, code: ErrorCode): ConversationState {
  return {
    ...state,
    pending: state.pending.map((p) => (p.clientMessageId === clientMessageId ? { ...p, status: 'failed', failure: code } : p)),
  };
}

/** Puts a failed message back in the outbox. */
export function retryPending(state: ConversationState, clientMessageId: string): ConversationState {
  return {
    ...state,
    pending: state.pending.map((p) =>
      p.clientMessageId === clientMessageId && p.status === 'failed' ? { ...p, status: 'sending', failure: null } : p,
    ),
  };
}

/** The messages to (re)send: in the outbox, in the order they were written. */
export function outboxOf(state: ConversationState): PendingMessage[] {
  return state.pending.filter((p) => p.status === 'sending');
}

/** Connection lost: nothing is synced any more and the peer's typing state is unknown. */
export function markDisconnected(state: ConversationState): ConversationState {
  if (!state.synced && !state.peerTyping) return state;
  return { ...state, synced: false, peerTyping: false };
}

// ---------------------------------------------------------------- timeline (what the UI shows)

export type OwnMessageState = 'sending' | 'sent' | 'read' | 'failed';

export type TimelineItem =
  | {
      kind: 'message';
      key: string;
      clientMessageId: string;
      mine: boolean;
      sender: Side;
      operator: PublicOperator | null;
      text: string;
      at: string;
      seq: number | null;
      /** Only for own messages. */
      state: OwnMessageState | null;
    }
  | { kind: 'opened'; key: string; at: string }
  | { kind: 'assigned'; key: string; at: string; operator: PublicOperator }
  /** The holder gave it back, or dropped off for longer than the grace period: it waits again. */
  | { kind: 'returned_to_queue'; key: string; at: string; reason: 'operator_offline' | 'released' }
  /** `category` is null for citizens (staff-only detail). */
  | { kind: 'danger_flagged'; key: string; at: string; category: string | null }
  /**
   * Handed on: to `operator` (rank and first name), or back to the queue under `topic` or
   * `serviceId`. `serviceId` and `note` (for whoever takes over) are null for citizens.
   */
  | {
      kind: 'transferred';
      key: string;
      at: string;
      target: 'operator' | 'topic' | 'service';
      operator: PublicOperator | null;
      topic: Topic;
      serviceId: string | null;
      note: string | null;
    }
  | { kind: 'closed'; key: string; at: string; by: 'operator' | 'citizen' | 'system' };

/** Whether an operator message is this operator's: by id (staff events carry it), else by name. */
function writtenBy(e: { operator: PublicOperator | null; operatorId?: string | undefined }, self: SelfOperator): boolean {
  if (e.operator === null) return true;
  if (e.operatorId !== undefined && self.id !== undefined) return e.operatorId === self.id;
  return e.operator.rank === self.rank && e.operator.firstName === self.firstName;
}

/** The operator reading, to tell their own messages from a previous holder's. */
export type SelfOperator = PublicOperator & { id?: string };

export function peerOf(side: Side): Side {
  return side === 'citizen' ? 'operator' : 'citizen';
}

/** The highest seq the other side has read. */
export function peerReadMark(state: ConversationState, me: Side): number {
  return state.view?.readMarks[peerOf(me)] ?? 0;
}

/**
 * Stored events then pending messages, with the delivery state of own messages. `self`: the
 * operator reading (staff side), so that after a transfer a colleague's earlier messages are not
 * shown as one's own. Events name operators by rank and first name only, so that is what is compared.
 */
export function timelineOf(state: ConversationState, me: Side, self: SelfOperator | null = null): TimelineItem[] {
  const readUpTo = peerReadMark(state, me);
  const items: TimelineItem[] = [];
  for (const e of state.events) {
    const key = `e${e.seq}`;
    switch (e.kind) {
      case 'opened':
        items.push({ kind: 'opened', key, at: e.at });
        break;
      case 'assigned':
        items.push({ kind: 'assigned', key, at: e.at, operator: e.operator });
        break;
      case 'returned_to_queue':
        items.push({ kind: 'returned_to_queue', key, at: e.at, reason: e.reason });
        break;
      case 'danger_flagged':
        items.push({ kind: 'danger_flagged', key, at: e.at, category: e.category });
        break;
      case 'transferred':
        items.push({
          kind: 'transferred',
          key,
          at: e.at,
          target: e.target,
          operator: e.operator,
          topic: e.topic,
          serviceId: e.serviceId,
          note: e.note,
        });
        break;
      case 'closed':
        items.push({ kind: 'closed', key, at: e.at, by: e.by });
        break;
      case 'message': {
        const mine = e.sender === me && (self === null || writtenBy(e, self));
        items.push({
          kind: 'message',
          // Keyed by clientMessageId so a pending bubble turns into the stored one without remounting.
          key: `m${e.clientMessageId}`,
          clientMessageId: e.clientMessageId,
          mine,
          sender: e.sender,
          operator: e.operator,
          text: e.text,
          at: e.at,
          seq: e.seq,
          state: mine ? (readUpTo >= e.seq ? 'read' : 'sent') : null,
        });
        break;
      }
      default: {
        // An event kind added to the protocol must be shown (or deliberately hidden) here.
        const unhandled: never = e;
        return unhandled;
      }
    }
  }
  for (const p of state.pending) {
    const state_: OwnMessageState = p.status === 'sent' && p.ackedSeq !== null && readUpTo >= p.ackedSeq ? 'read' : p.status;
    items.push({
      kind: 'message',
      key: `m${p.clientMessageId}`,
      clientMessageId: p.clientMessageId,
      mine: true,
      sender: me,
      operator: null,
      text: p.text,
      at: p.createdAt,
      seq: p.ackedSeq,
      state: state_,
    });
  }
  return items;
}

/** Messages from the other side after `readUpTo` (for unread dots). */
export function unreadCount(state: ConversationState, me: Side, readUpTo: number): number {
  let n = 0;
  for (const e of state.events) if (e.kind === 'message' && e.sender !== me && e.seq > readUpTo) n++;
  return n;
}
