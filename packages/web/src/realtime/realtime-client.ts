// The one realtime client of both front ends (citizen page and staff console).
//
// It owns the WebSocket: hello, subscriptions (conversation.sync from the last seq held),
// heartbeat, reconnection with backoff, and the outbox of messages not yet acknowledged, which
// it re-sends with the same clientMessageId after each reconnection (the server dedupes).
// State lives in immutable snapshots for React's useSyncExternalStore; the state transitions
// themselves are the pure functions of conversation-state.ts and queue-state.ts.
import {
  CLOSE_CODES,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  PROTOCOL_VERSION,
  messageTextSchema,
  serverFrameSchema,
  type Availability,
  type ClientFrame,
  type ErrorCode,
  type OPERATOR_OUTCOMES,
  type ServerFrame,
  type ServerFrameOf,
  type StaffAccount,
  type StaffConversationView,
  type TransferTarget,
} from '@brigade/protocol';
import { backoffDelay } from './backoff.js';
import {
  addPending,
  applyAck,
  applyEvent,
  applySync,
  applyView,
  emptyConversation,
  failPending,
  markDisconnected,
  outboxOf,
  retryPending,
  type ConversationState,
  type ConversationView,
  type PendingMessage,
  type Side,
} from './conversation-state.js';
import { addDangerAlert, dismissDangerAlert, type DangerAlert } from './danger-alerts.js';
import { addArrival, addDeparture, isArrival, reconcileMine, trackMine, type Arrival, type Departure } from './mine-state.js';
import { applyQueueSnapshot, emptyQueue, removeQueueEntry, upsertQueueEntry, type QueueState } from './queue-state.js';
import { browserNetworkSignals, openBrowserSocket, type NetworkSignals, type SocketFactory, type SocketLike } from './socket.js';
import { addWaitingAlert, dismissWaitingAlert, keepWaiting, type WaitingAlert } from './waiting-alerts.js';

/**
 * connecting: first connection attempt; online: session ready; offline: lost, retrying;
 * ended: the server ended the session (do not retry); stopped: closed by this page.
 */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'ended' | 'stopped';
export type EndReason = 'logout' | 'citizen_exit' | 'revoked' | 'auth';

export interface RealtimeSnapshot {
  readonly status: ConnectionStatus;
  readonly endReason: EndReason | null;
  /** The staff member this connection authenticated as (null for citizens). */
  readonly staff: StaffAccount | null;
  readonly conversations: ReadonlyMap<string, ConversationState>;
  readonly queue: QueueState;
  /** Staff: ids of the conversations this operator holds, in the order taken. */
  readonly mine: readonly string[];
  /** Supervisors: danger alerts received on this connection, newest first. */
  readonly dangerAlerts: readonly DangerAlert[];
  /** Supervisors: conversations that waited too long and still wait, newest alert first. */
  readonly waitingAlerts: readonly WaitingAlert[];
  /** Staff: conversations that left my list without my dismissing them (transferred, returned), newest first. */
  readonly departures: readonly Departure[];
  /** Staff: conversations handed to me without my taking them on this console, newest first. */
  readonly arrivals: readonly Arrival[];
}

export interface RealtimeClientOptions {
  url: string;
  side: Side;
  citizenToken?: string;
  createSocket?: SocketFactory;
  network?: NetworkSignals | null;
  random?: () => number;
  newId?: () => string;
}

/** A request the server refused, or that could not be answered (connection lost: `service/unavailable`). */
export class RealtimeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }
}

type OperatorOutcome = (typeof OPERATOR_OUTCOMES)[number];

/** Waits this long for the socket to open, then for `session.ready`, before trying again. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long an answer to take/close/leave may take before the UI is told it failed. */
const REQUEST_TIMEOUT_MS = 15_000;
/** The peer's "typing" flag expires if not refreshed (a lost "stopped typing" must not stick). */
const PEER_TYPING_TTL_MS = 8_000;
/** Retry delay after a transient refusal (rate limit, server busy). */
const TRANSIENT_RETRY_MS = 2_000;

const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'request/rate_limited',
  'internal/error',
  'service/unavailable',
  'protocol/not_ready',
]);
const SESSION_CODES: ReadonlySet<ErrorCode> = new Set([
  'auth/required',
  'auth/invalid_credentials',
  'auth/session_ended',
  'protocol/unsupported_version',
]);

type Timer = ReturnType<typeof setTimeout>;

interface PendingRequest {
  /** Receives the conversation an `ack` names (take_next), if any. */
  resolve(conversationId: string | null): void;
  reject(error: RealtimeError): void;
  timer: Timer;
}

export class RealtimeClient {
  private readonly options: Required<Omit<RealtimeClientOptions, 'citizenToken' | 'network'>> & {
    citizenToken: string | undefined;
    network: NetworkSignals | null;
  };
  private snapshot: RealtimeSnapshot = {
    status: 'connecting',
    endReason: null,
    staff: null,
    conversations: new Map(),
    queue: emptyQueue,
    mine: [],
    dangerAlerts: [],
    waitingAlerts: [],
    departures: [],
    arrivals: [],
  };
  /** Numbers departures and arrivals alike, so the console can tell which came last. */
  private noticeCount = 0;
  /** Takes this console sent and that are not answered yet (by id), and "take next"s. */
  private readonly taking = new Set<string>();
  private takingNext = 0;
  private readonly listeners = new Set<() => void>();

  private socket: SocketLike | null = null;
  private ready = false;
  private attempt = 0;
  private helloRequestId: string | null = null;
  private queueRequestId: string | null = null;
  private reconnectTimer: Timer | null = null;
  private connectTimer: Timer | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: Timer | null = null;
  private unsubscribeNetwork: (() => void) | null = null;

  /** Conversations to (re)subscribe to on every connection. */
  private readonly subscribed = new Set<string>();
  private wantQueue = false;
  private readonly syncRequests = new Map<string, string>(); // requestId → conversationId
  private readonly sendRequests = new Map<string, { conversationId: string; clientMessageId: string }>();
  private readonly inFlightSends = new Set<string>(); // clientMessageIds sent on this connection
  private readonly requests = new Map<string, PendingRequest>();
  private readonly lastReadSent = new Map<string, number>();
  private readonly typingTimers = new Map<string, Timer>();
  private readonly retryTimers = new Set<Timer>();

  constructor(options: RealtimeClientOptions) {
    this.options = {
      url: options.url,
      side: options.side,
      citizenToken: options.citizenToken,
      createSocket: options.createSocket ?? openBrowserSocket,
      network: options.network === undefined ? (typeof window === 'undefined' ? null : browserNetworkSignals) : options.network,
      random: options.random ?? Math.random,
      newId: options.newId ?? (() => crypto.randomUUID()),
    };
  }

  // ------------------------------------------------------------ store (useSyncExternalStore)

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): RealtimeSnapshot => this.snapshot;

  private update(patch: Partial<RealtimeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private conversation(id: string): ConversationState | undefined {
    return this.snapshot.conversations.get(id);
  }

  private setConversation(state: ConversationState): void {
    const conversations = new Map(this.snapshot.conversations);
    conversations.set(state.conversationId, state);
    this.update({ conversations });
  }

  private get alive(): boolean {
    return this.snapshot.status !== 'ended' && this.snapshot.status !== 'stopped';
  }

  // ------------------------------------------------------------ lifecycle

  start(): void {
    if (this.socket !== null || !this.alive) return;
    this.unsubscribeNetwork ??=
      this.options.network?.subscribe(
        () => this.wake(),
        () => this.drop(),
      ) ?? null;
    this.connect();
  }

  /** Closes for good (logout, quick exit, leaving the page). Keeps nothing running. */
  stop(): void {
    if (!this.alive) return;
    this.teardown();
    this.update({ status: 'stopped' });
  }

  private connect(): void {
    this.clearTimer('reconnectTimer');
    let current: SocketLike | null = null;
    // Handlers of a replaced socket must do nothing: compare with the socket they belong to.
    const isCurrent = () => current !== null && this.socket === current;
    current = this.options.createSocket(this.options.url, {
      open: () => {
        if (isCurrent()) this.onOpen();
      },
      message: (data) => {
        if (isCurrent()) this.onMessage(data);
      },
      close: (code) => {
        if (isCurrent()) this.onClose(code);
      },
    });
    this.socket = current;
    this.connectTimer = setTimeout(() => this.drop(), CONNECT_TIMEOUT_MS);
  }

  private onOpen(): void {
    this.helloRequestId = this.options.newId();
    const hello: ClientFrame = {
      type: 'session.hello',
      requestId: this.helloRequestId,
      protocolVersion: PROTOCOL_VERSION,
      ...(this.options.citizenToken !== undefined ? { citizenToken: this.options.citizenToken } : {}),
    };
    this.send(hello);
  }

  private onClose(code: number): void {
    if (code === CLOSE_CODES.sessionEnded) this.end('auth');
    else this.drop();
  }

  /** The link is gone (or deemed dead): forget per-connection state and schedule a retry. */
  private drop(): void {
    if (!this.alive) return;
    this.detachSocket();
    if (this.reconnectTimer === null) {
      const delay = backoffDelay(this.attempt, this.options.random);
      this.attempt += 1;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.connect();
      }, delay);
    }
    if (this.snapshot.status !== 'offline') this.update({ status: 'offline' });
  }

  /**
   * The network is back or the tab is visible again: skip the remaining backoff, or, if we
   * believe we are online, probe the link now rather than at the next heartbeat (a phone that
   * slept may hold a socket that is already dead).
   */
  private wake(): void {
    if (!this.alive) return;
    if (this.ready) {
      this.probe();
      return;
    }
    if (this.reconnectTimer === null) return;
    this.attempt = 0;
    this.connect();
  }

  private end(reason: EndReason): void {
    if (!this.alive) return;
    this.teardown();
    this.update({ status: 'ended', endReason: reason });
  }

  private teardown(): void {
    this.detachSocket(CLOSE_CODES.normal);
    this.clearTimer('reconnectTimer');
    this.unsubscribeNetwork?.();
    this.unsubscribeNetwork = null;
  }

  /** Closes the socket if any and resets everything that only made sense on it. */
  private detachSocket(code = 4000): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    this.helloRequestId = null;
    this.queueRequestId = null;
    this.clearTimer('connectTimer');
    this.clearTimer('pongTimer');
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    this.typingTimers.clear();
    this.syncRequests.clear();
    this.sendRequests.clear();
    this.inFlightSends.clear();
    for (const request of this.requests.values()) {
      clearTimeout(request.timer);
      request.reject(new RealtimeError('service/unavailable'));
    }
    this.requests.clear();
    if (socket !== null) {
      try {
        socket.close(code);
      } catch {
        // Closing a socket that never opened may throw in some browsers; it is gone either way.
      }
    }
    let changed = false;
    const conversations = new Map(this.snapshot.conversations);
    for (const [id, state] of conversations) {
      const next = markDisconnected(state);
      if (next !== state) {
        conversations.set(id, next);
        changed = true;
      }
    }
    if (changed) this.update({ conversations });
  }

  private clearTimer(name: 'reconnectTimer' | 'connectTimer' | 'pongTimer'): void {
    const timer = this[name];
    if (timer !== null) clearTimeout(timer);
    this[name] = null;
  }

  private send(frame: ClientFrame): boolean {
    if (this.socket === null) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      this.drop();
      return false;
    }
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      fn();
    }, ms);
    this.retryTimers.add(timer);
  }

  // ------------------------------------------------------------ heartbeat

  private startHeartbeat(intervalMs: number): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => this.probe(), intervalMs);
  }

  private probe(): void {
    if (this.pongTimer !== null) return;
    this.send({ type: 'ping' });
    // No pong in time: the link is dead even if the socket has not noticed (mobile networks).
    this.pongTimer = setTimeout(() => {
      this.pongTimer = null;
      this.drop();
    }, HEARTBEAT_TIMEOUT_MS);
  }

  // ------------------------------------------------------------ incoming frames

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverFrameSchema.safeParse(json);
    // Frames that do not match the contract are ignored, never trusted half-way.
    if (!parsed.success) return;
    this.handle(parsed.data);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'session.ready':
        return this.onReady(frame);
      case 'conversation.sync':
        return this.onSync(frame);
      case 'conversation.event':
        return this.onEvent(frame);
      case 'conversation.updated':
        return this.onUpdated(frame.conversation);
      case 'typing':
        return this.onTyping(frame);
      case 'message.ack':
        return this.onMessageAck(frame);
      case 'ack':
        return this.settleRequest(frame.requestId, null, frame.conversationId ?? null);
      case 'error':
        return this.onError(frame);
      case 'queue.snapshot':
        return this.onQueueSnapshot(frame);
      case 'queue.upsert':
        return this.update({ queue: upsertQueueEntry(this.snapshot.queue, frame.entry) });
      case 'queue.remove':
        // Taken, assigned or closed: a long-wait alert about it has been answered.
        return this.update({
          queue: removeQueueEntry(this.snapshot.queue, frame.conversationId),
          waitingAlerts: dismissWaitingAlert(this.snapshot.waitingAlerts, frame.conversationId),
        });
      case 'pong':
        return this.clearTimer('pongTimer');
      case 'account.updated':
        // An administrator changed my routing profile, or I changed my availability in another tab.
        return this.update({ staff: frame.staff });
      case 'session.ended':
        return this.end(frame.reason);
      case 'conversation.assigned':
        return this.onAssigned(frame.conversation);
      case 'queue.position':
        return this.onQueuePosition(frame);
      case 'alert.danger':
        return this.update({
          dangerAlerts: addDangerAlert(this.snapshot.dangerAlerts, {
            conversationId: frame.conversationId,
            category: frame.category,
            status: frame.status,
            receivedAt: Date.now(),
          }),
        });
      case 'alert.waiting':
        return this.update({
          waitingAlerts: addWaitingAlert(this.snapshot.waitingAlerts, {
            conversationId: frame.conversationId,
            waitingSince: frame.waitingSince,
            danger: frame.danger,
            receivedAt: Date.now(),
          }),
        });
      default: {
        // A frame type added to the protocol must be handled here: this fails to compile until it is.
        const unhandled: never = frame;
        return unhandled;
      }
    }
  }

  private onReady(frame: ServerFrameOf<'session.ready'>): void {
    if (frame.requestId !== this.helloRequestId) return;
    this.clearTimer('connectTimer');
    this.ready = true;
    this.attempt = 0;
    this.update({ status: 'online', staff: frame.identity.kind === 'staff' ? frame.identity.staff : null });
    this.startHeartbeat(frame.heartbeatIntervalMs > 0 ? frame.heartbeatIntervalMs : HEARTBEAT_INTERVAL_MS);
    for (const id of this.subscribed) this.requestSync(id);
    if (this.wantQueue) this.requestQueue();
  }

  private onSync(frame: ServerFrameOf<'conversation.sync'>): void {
    const id = this.syncRequests.get(frame.requestId);
    if (id === undefined) return;
    this.syncRequests.delete(frame.requestId);
    const state = this.conversation(id) ?? emptyConversation(id);
    const { state: next, resync } = applySync(state, frame);
    if (resync === 'full') {
      this.setConversation({ ...emptyConversation(id), pending: state.pending });
      this.requestSync(id);
      return;
    }
    this.setConversation(next);
    this.trackMine(next.view);
    this.flushOutbox(id);
  }

  private onEvent(frame: ServerFrameOf<'conversation.event'>): void {
    const state = this.conversation(frame.conversationId);
    if (state === undefined || !this.subscribed.has(frame.conversationId)) return;
    const { state: next, resync } = applyEvent(state, frame.event);
    if (next !== state) this.setConversation(next);
    if (resync !== null) this.requestSync(frame.conversationId);
  }

  private onUpdated(view: ConversationView): void {
    const state = this.conversation(view.id);
    if (state === undefined) {
      // Staff: a conversation assigned to me elsewhere (another tab, a supervisor) shows up here.
      if (this.isMine(view) && view.status !== 'closed') this.subscribeConversation(view.id, view);
      return;
    }
    this.setConversation(applyView(state, view));
    this.trackMine(view);
  }

  private onTyping(frame: ServerFrameOf<'typing'>): void {
    if (frame.from === this.options.side) return;
    const state = this.conversation(frame.conversationId);
    if (state === undefined) return;
    const previous = this.typingTimers.get(frame.conversationId);
    if (previous !== undefined) clearTimeout(previous);
    this.typingTimers.delete(frame.conversationId);
    if (frame.typing) {
      this.typingTimers.set(
        frame.conversationId,
        setTimeout(() => {
          this.typingTimers.delete(frame.conversationId);
          const current = this.conversation(frame.conversationId);
          if (current?.peerTyping) this.setConversation({ ...current, peerTyping: false });
        }, PEER_TYPING_TTL_MS),
      );
    }
    if (state.peerTyping !== frame.typing) this.setConversation({ ...state, peerTyping: frame.typing });
  }

  private onQueuePosition(frame: ServerFrameOf<'queue.position'>): void {
    const state = this.conversation(frame.conversationId);
    if (state === undefined) return;
    this.setConversation({
      ...state,
      queuePosition: { position: frame.position, estimatedWaitSeconds: frame.estimatedWaitSeconds },
    });
  }

  private onMessageAck(frame: ServerFrameOf<'message.ack'>): void {
    const sent = this.sendRequests.get(frame.requestId);
    if (sent === undefined) return;
    this.sendRequests.delete(frame.requestId);
    this.inFlightSends.delete(sent.clientMessageId);
    const state = this.conversation(sent.conversationId);
    if (state !== undefined) this.setConversation(applyAck(state, frame.clientMessageId, frame.seq));
  }

  private onError(frame: ServerFrameOf<'error'>): void {
    const { code } = frame.error;
    const requestId = frame.requestId;
    if (requestId === undefined) {
      if (SESSION_CODES.has(code)) this.end('auth');
      return;
    }
    if (requestId === this.helloRequestId) {
      if (SESSION_CODES.has(code)) this.end('auth');
      else this.drop();
      return;
    }
    const syncedId = this.syncRequests.get(requestId);
    if (syncedId !== undefined) {
      this.syncRequests.delete(requestId);
      if (TRANSIENT_CODES.has(code)) this.later(() => this.requestSync(syncedId), TRANSIENT_RETRY_MS);
      else {
        const state = this.conversation(syncedId);
        if (state !== undefined) this.setConversation({ ...state, error: code });
      }
      return;
    }
    const sent = this.sendRequests.get(requestId);
    if (sent !== undefined) {
      this.sendRequests.delete(requestId);
      this.inFlightSends.delete(sent.clientMessageId);
      if (TRANSIENT_CODES.has(code)) {
        this.later(() => this.flushOutbox(sent.conversationId), TRANSIENT_RETRY_MS);
      } else {
        const state = this.conversation(sent.conversationId);
        if (state !== undefined) this.setConversation(failPending(state, sent.clientMessageId, code));
      }
      return;
    }
    if (requestId === this.queueRequestId) {
      this.queueRequestId = null;
      if (TRANSIENT_CODES.has(code)) this.later(() => this.requestQueue(), TRANSIENT_RETRY_MS);
      return;
    }
    this.settleRequest(requestId, new RealtimeError(code, frame.error.message));
  }

  private onQueueSnapshot(frame: ServerFrameOf<'queue.snapshot'>): void {
    if (frame.requestId !== this.queueRequestId) return;
    this.queueRequestId = null;
    const queue = applyQueueSnapshot(frame.entries);
    this.update({ queue, waitingAlerts: keepWaiting(this.snapshot.waitingAlerts, queue.entries) });
    // What left my list while this console was away (transferred, returned after the grace period).
    const views = new Map([...this.snapshot.conversations].map(([id, state]) => [id, state.view]));
    const { mine, departures } = reconcileMine(this.snapshot.mine, frame.mine.map((view) => view.id), views);
    if (departures.length > 0) {
      this.update({ mine });
      for (const departure of departures) this.depart(departure);
    }
    for (const view of frame.mine) this.subscribeConversation(view.id, view);
  }

  // ------------------------------------------------------------ staff: who holds what

  private isMine(view: ConversationView | null): boolean {
    const me = this.snapshot.staff;
    return me !== null && view !== null && 'assignedOperator' in view && view.assignedOperator?.id === me.id;
  }

  private trackMine(view: ConversationView | null): void {
    const me = this.snapshot.staff;
    if (me === null || view === null || !('assignedOperator' in view)) return;
    const { mine, departure } = trackMine(this.snapshot.mine, view, me.id);
    if (mine !== this.snapshot.mine) this.update({ mine });
    if (departure !== null) this.depart(departure);
  }

  /**
   * A conversation left my list (transferred, back in the queue): stop following it, since the
   * server would refuse to sync it again, and keep why for the console to say so.
   */
  private depart(departure: Omit<Departure, 'id'>): void {
    this.unfollow(departure.conversationId);
    this.noticeCount += 1;
    this.update({ departures: addDeparture(this.snapshot.departures, { ...departure, id: this.noticeCount }) });
  }

  /**
   * Mine now (taken here or in another tab, assigned by a supervisor or automatically, transferred
   * to me): follow it like one I took, and keep it as an arrival unless this console asked for it.
   */
  private onAssigned(view: StaffConversationView): void {
    const arrival = isArrival(view.id, this.snapshot.mine, this.taking, this.takingNext > 0);
    this.subscribeConversation(view.id, view);
    if (!arrival || !this.snapshot.mine.includes(view.id)) return;
    this.noticeCount += 1;
    this.update({ arrivals: addArrival(this.snapshot.arrivals, { id: this.noticeCount, conversationId: view.id, topic: view.topic }) });
  }

  // ------------------------------------------------------------ outgoing

  private requestSync(conversationId: string): void {
    if (!this.ready) return;
    for (const pendingId of this.syncRequests.values()) if (pendingId === conversationId) return;
    const requestId = this.options.newId();
    const state = this.conversation(conversationId);
    this.syncRequests.set(requestId, conversationId);
    this.send({ type: 'conversation.sync', requestId, conversationId, afterSeq: state?.lastSeq ?? 0 });
  }

  private requestQueue(): void {
    if (!this.ready || this.queueRequestId !== null) return;
    this.queueRequestId = this.options.newId();
    this.send({ type: 'queue.subscribe', requestId: this.queueRequestId });
  }

  private flushOutbox(conversationId: string): void {
    const state = this.conversation(conversationId);
    if (!this.ready || state === undefined || !state.synced) return;
    for (const message of outboxOf(state)) {
      if (this.inFlightSends.has(message.clientMessageId)) continue;
      const requestId = this.options.newId();
      this.sendRequests.set(requestId, { conversationId, clientMessageId: message.clientMessageId });
      this.inFlightSends.add(message.clientMessageId);
      this.send({
        type: 'message.send',
        requestId,
        conversationId,
        clientMessageId: message.clientMessageId,
        text: message.text,
      });
    }
  }

  private settleRequest(requestId: string, error: RealtimeError | null, conversationId: string | null = null): void {
    const request = this.requests.get(requestId);
    if (request === undefined) return;
    this.requests.delete(requestId);
    clearTimeout(request.timer);
    if (error === null) request.resolve(conversationId);
    else request.reject(error);
  }

  /** Sends a request and settles on its `ack` (with the conversation it names, if any) or `error`. */
  private request(frame: ClientFrame & { requestId: string }): Promise<string | null> {
    return new Promise<string | null>((resolve, reject) => {
      if (!this.ready) {
        reject(new RealtimeError('service/unavailable'));
        return;
      }
      const timer = setTimeout(() => {
        this.requests.delete(frame.requestId);
        reject(new RealtimeError('service/unavailable'));
      }, REQUEST_TIMEOUT_MS);
      this.requests.set(frame.requestId, { resolve, reject, timer });
      this.send(frame);
    });
  }

  // ------------------------------------------------------------ public API

  /** Follows a conversation: syncs it now (if online) and after every reconnection. */
  subscribeConversation(conversationId: string, view: ConversationView | null = null): void {
    const existing = this.conversation(conversationId);
    if (existing === undefined) {
      this.setConversation(view === null ? emptyConversation(conversationId) : { ...emptyConversation(conversationId), view });
    } else if (view !== null) {
      this.setConversation(applyView(existing, view));
    }
    this.trackMine(view);
    if (this.subscribed.has(conversationId)) return;
    this.subscribed.add(conversationId);
    this.requestSync(conversationId);
  }

  /** Staff: receive the queue and my conversations (again after each reconnection). */
  subscribeQueue(): void {
    this.wantQueue = true;
    this.requestQueue();
  }

  /**
   * Queues a message (shown at once as "sending") and sends it when possible.
   * Returns its clientMessageId, or null if the text is empty or too long.
   */
  sendMessage(conversationId: string, text: string): string | null {
    const parsed = messageTextSchema.safeParse(text);
    const state = this.conversation(conversationId);
    if (!parsed.success || state === undefined) return null;
    const message: PendingMessage = {
      conversationId,
      clientMessageId: this.options.newId(),
      text: parsed.data,
      createdAt: new Date().toISOString(),
      status: 'sending',
      ackedSeq: null,
      failure: null,
    };
    this.setConversation(addPending(state, message));
    this.flushOutbox(conversationId);
    return message.clientMessageId;
  }

  /** Puts back messages saved before a reload; they are re-sent with their original ids. */
  restoreOutbox(conversationId: string, messages: readonly Pick<PendingMessage, 'clientMessageId' | 'text' | 'createdAt'>[]): void {
    let state = this.conversation(conversationId) ?? emptyConversation(conversationId);
    for (const m of messages) {
      state = addPending(state, { ...m, conversationId, status: 'sending', ackedSeq: null, failure: null });
    }
    this.setConversation(state);
    this.flushOutbox(conversationId);
  }

  retryMessage(conversationId: string, clientMessageId: string): void {
    const state = this.conversation(conversationId);
    if (state === undefined) return;
    this.setConversation(retryPending(state, clientMessageId));
    this.flushOutbox(conversationId);
  }

  /** Ephemeral: dropped when offline. */
  setTyping(conversationId: string, typing: boolean): void {
    if (this.ready) this.send({ type: 'typing.set', conversationId, typing });
  }

  /** Tells the other side everything held so far has been read (only when something new was). */
  markRead(conversationId: string): void {
    const state = this.conversation(conversationId);
    if (!this.ready || state === undefined || !state.synced || state.view === null) return;
    const already = Math.max(state.view.readMarks[this.options.side], this.lastReadSent.get(conversationId) ?? 0);
    if (state.lastSeq <= already) return;
    this.lastReadSent.set(conversationId, state.lastSeq);
    this.send({ type: 'message.read', conversationId, upToSeq: state.lastSeq });
  }

  take(conversationId: string): Promise<void> {
    this.taking.add(conversationId);
    return this.request({ type: 'conversation.take', requestId: this.options.newId(), conversationId })
      .finally(() => this.taking.delete(conversationId))
      .then(() => {
        this.follow(conversationId);
      });
  }

  /** Takes the most urgent waiting conversation (the server decides); resolves with its id. */
  takeNext(): Promise<string> {
    this.takingNext += 1;
    return this.request({ type: 'conversation.take_next', requestId: this.options.newId() })
      .finally(() => {
        this.takingNext -= 1;
      })
      .then((conversationId) => {
        if (conversationId === null) throw new RealtimeError('queue/empty');
        this.follow(conversationId);
        return conversationId;
      });
  }

  private follow(conversationId: string): void {
    if (!this.snapshot.mine.includes(conversationId)) this.update({ mine: [...this.snapshot.mine, conversationId] });
    this.subscribeConversation(conversationId);
  }

  close(conversationId: string, outcome: OperatorOutcome): Promise<void> {
    return this.request({ type: 'conversation.close', requestId: this.options.newId(), conversationId, outcome }).then(() => undefined);
  }

  leave(conversationId: string): Promise<void> {
    return this.request({ type: 'conversation.leave', requestId: this.options.newId(), conversationId }).then(() => undefined);
  }

  /** Staff: removes a closed conversation from my list. */
  dismiss(conversationId: string): void {
    this.update({ mine: this.snapshot.mine.filter((id) => id !== conversationId) });
  }

  /** Supervisors: hands a waiting conversation to an operator. */
  assign(conversationId: string, operatorId: string): Promise<void> {
    return this.request({ type: 'conversation.assign', requestId: this.options.newId(), conversationId, operatorId }).then(() => undefined);
  }

  /** Stops following a conversation read without holding it (a supervisor's read-only view). */
  unfollow(conversationId: string): void {
    if (this.snapshot.mine.includes(conversationId)) return;
    this.subscribed.delete(conversationId);
    this.lastReadSent.delete(conversationId);
    if (!this.snapshot.conversations.has(conversationId)) return;
    const conversations = new Map(this.snapshot.conversations);
    conversations.delete(conversationId);
    this.update({ conversations });
  }

  /** Operators: available (receives new conversations) or paused; the ack confirms it is stored. */
  setAvailability(availability: Availability): Promise<void> {
    return this.request({ type: 'presence.set', requestId: this.options.newId(), availability }).then(() => {
      const staff = this.snapshot.staff;
      if (staff !== null && staff.availability !== availability) this.update({ staff: { ...staff, availability } });
    });
  }

  /** Gives a held conversation back to the queue (it keeps its priority and waiting time). */
  release(conversationId: string): Promise<void> {
    return this.request({ type: 'conversation.release', requestId: this.options.newId(), conversationId }).then(() => undefined);
  }

  /** Hands a conversation to a colleague (with a note), or back to the queue under another topic or service. */
  transfer(conversationId: string, target: TransferTarget): Promise<void> {
    return this.request({ type: 'conversation.transfer', requestId: this.options.newId(), conversationId, target }).then(() => undefined);
  }

  /** Supervisors: takes a long-wait alert off the banner (it stays in the queue). */
  dismissWaitingAlert(conversationId: string): void {
    const waitingAlerts = dismissWaitingAlert(this.snapshot.waitingAlerts, conversationId);
    if (waitingAlerts !== this.snapshot.waitingAlerts) this.update({ waitingAlerts });
  }

  /** Supervisors: takes a danger alert off the banner (the conversation stays flagged). */
  dismissDangerAlert(conversationId: string): void {
    const dangerAlerts = dismissDangerAlert(this.snapshot.dangerAlerts, conversationId);
    if (dangerAlerts !== this.snapshot.dangerAlerts) this.update({ dangerAlerts });
  }
}
