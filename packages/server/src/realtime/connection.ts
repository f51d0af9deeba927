import type { Actor } from '@brigade/core';
import { CLOSE_CODES, type ServerFrame } from '@brigade/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';

/** The TCP stream under a WebSocket: writes between `cork` and `uncork` leave in one `writev`. */
export interface CorkableStream {
  cork(): void;
  uncork(): void;
}

function uncork(connection: Connection): void {
  connection.corked = false;
  connection.stream.uncork();
}

/**
 * One WebSocket connection and what it is subscribed to. Live events for a conversation whose
 * sync is in flight are held back and released after the sync answer, so a client never sees
 * an event before the state it belongs to.
 */
export class Connection {
  actor: Actor | null = null;
  readonly subscriptions = new Set<string>();
  alive = true;
  /** This connection's slice of the heartbeat period (see HeartbeatWheel); -1 off the wheel. */
  heartbeatSlot = -1;
  /** Last frame sent by the person (not heartbeats), to keep their session alive while they work. */
  lastActivityAt = 0;
  private readonly held = new Map<string, ServerFrame[]>();
  /** True while frames sent in this turn wait for the one write at its end (see `send`). */
  corked = false;

  private childLog: Logger | undefined;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    private readonly parentLog: Logger,
    /** Cookie token presented at the upgrade, resolved at hello. */
    readonly staffToken: string | undefined,
    /** The peer's address, for the audit trail. */
    readonly address: string | null,
    /** The socket's TCP stream, corked while a turn's frames are written. */
    readonly stream: CorkableStream,
  ) {}

  /** This connection's logger, made on first use (most idle connections never log). */
  get log(): Logger {
    this.childLog ??= this.parentLog.child({ connectionId: this.id });
    return this.childLog;
  }

  get audience(): 'citizen' | 'staff' | null {
    return this.actor?.kind ?? null;
  }

  /**
   * Sends a frame. Every frame sent to this connection in the same turn of the event loop (an ack
   * and the event it stored; an operator's events from one group commit) leaves in one system call:
   * the stream is corked at the first and uncorked once the turn's callbacks and promises are done.
   */
  send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(uncork, this);
    }
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends a conversation's live frame now, or holds it while that conversation syncs. */
  sendLive(conversationId: string, frame: ServerFrame): void {
    const queue = this.held.get(conversationId);
    if (queue) queue.push(frame);
    else this.send(frame);
  }

  beginSync(conversationId: string): void {
    if (!this.held.has(conversationId)) this.held.set(conversationId, []);
  }

  /** Releases held frames; events already covered by the sync answer (seq ≤ syncedSeq) are dropped. */
  endSync(conversationId: string, syncedSeq: number): void {
    const queue = this.held.get(conversationId) ?? [];
    this.held.delete(conversationId);
    for (const frame of queue) {
      if (frame.type === 'conversation.event' && frame.event.seq <= syncedSeq) continue;
      this.send(frame);
    }
  }

  /** Drops held frames: the sync was refused, so they must not reach this connection. */
  abortSync(conversationId: string): void {
    this.held.delete(conversationId);
  }

  private expiry: NodeJS.Timeout | undefined;

  /** Ends the connection when its session expires (a socket never outlives its session). */
  endAt(delayMs: number): void {
    clearTimeout(this.expiry);
    // setTimeout's limit is about 24.8 days; sessions are far shorter.
    this.expiry = setTimeout(() => {
      this.send({ type: 'session.ended', reason: 'revoked' });
      this.close(CLOSE_CODES.sessionEnded, 'session expired');
    }, Math.max(0, Math.min(delayMs, 2 ** 31 - 1)));
    this.expiry.unref();
  }

  /** Called when the socket closes. */
  dispose(): void {
    clearTimeout(this.expiry);
  }

  close(code: number, reason: string): void {
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
  }
}
