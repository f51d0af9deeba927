import { type Clock, type ConversationStore, sortQueue, type TopicPriorities, type WaitingKey } from '@brigade/core';
import type { ServerFrameOf } from '@brigade/protocol';
import type { Connection } from './connection.js';

/** Takes counted for the wait estimate: the last half hour. */
const RATE_WINDOW_MS = 30 * 60_000;
/** Recomputations are at least this many times their own duration apart. */
const MAX_BUSY_FACTOR = 5;
/** Position frames sent per event-loop turn. */
const SEND_SLICE = 500;
/** Below this many takes in the window, the estimate would be noise: none is given. */
const MIN_TAKES_FOR_ESTIMATE = 3;

/**
 * Tells each waiting citizen their place in the queue and an estimated wait, and supervisors when
 * a conversation waits too long. Recomputed at most once per tick when the queue changed (and
 * every 5 ticks, as ageing reorders it), from the database so that every node agrees; only
 * citizens whose place or estimate changed get a frame.
 */
export class QueuePositions {
  private dirty = true;
  private running = false;
  private ticks = 0;
  private readonly last = new Map<string, ServerFrameOf<'queue.position'>>();
  private readonly takes: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Conversations supervisors were already told about (alerted once each). */
  private readonly alerted = new Set<string>();

  constructor(
    private readonly deps: { conversations: Pick<ConversationStore, 'listWaitingKeys'>; clock: Clock; priorities: Pick<TopicPriorities, 'levels'> },
    private readonly citizensOf: (conversationId: string) => Iterable<Connection>,
    private readonly onError: (error: unknown) => void,
    /** Called once per conversation waiting longer than `alertAfterMs`. */
    private readonly onWaitedTooLong: (conversation: WaitingKey) => void = () => {},
    private readonly alertAfterMs = 5 * 60_000,
  ) {}

  start(tickMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** A conversation left the queue for an operator: it counts towards the handling rate. */
  recordTake(): void {
    this.takes.push(this.deps.clock.now().getTime());
    this.dirty = true;
  }

  /** The latest position of a conversation, for a citizen who just (re)connected. */
  current(conversationId: string): ServerFrameOf<'queue.position'> | undefined {
    return this.last.get(conversationId);
  }

  private estimateSeconds(position: number, now: number): number | null {
    while (this.takes.length > 0 && (this.takes[0] ?? 0) < now - RATE_WINDOW_MS) this.takes.shift();
    if (this.takes.length < MIN_TAKES_FOR_ESTIMATE) return null;
    const perSecond = this.takes.length / (RATE_WINDOW_MS / 1000);
    return Math.round(position / perSecond);
  }

  /** When the last recomputation started and how long it took (wall clock, ms). */
  private lastStartedAt = 0;
  private lastDurationMs = 0;

  async tick(): Promise<void> {
    this.ticks += 1;
    // Every 5 ticks at least: ageing reorders the queue and waits cross the alert threshold.
    if (this.running || (!this.dirty && this.ticks % 5 !== 0)) return;
    // A very long queue costs more to reorder: the reordering itself never takes more than a
    // fifth of the time (with 10,000 waiting, about every half second to a second).
    const startedAt = performance.now();
    if (startedAt - this.lastStartedAt < this.lastDurationMs * MAX_BUSY_FACTOR) return;
    this.running = true;
    this.dirty = false;
    this.lastStartedAt = startedAt;
    try {
      const now = this.deps.clock.now();
      const ordered = sortQueue(await this.deps.conversations.listWaitingKeys(), now, this.deps.priorities.levels);
      const seen = new Set<string>();
      const changed: ServerFrameOf<'queue.position'>[] = [];
      ordered.forEach((conversation, index) => {
        seen.add(conversation.id);
        if (!this.alerted.has(conversation.id) && now.getTime() - Date.parse(conversation.waitingSince) > this.alertAfterMs) {
          this.alerted.add(conversation.id);
          this.onWaitedTooLong(conversation);
        }
        const frame = {
          type: 'queue.position',
          conversationId: conversation.id,
          position: index + 1,
          estimatedWaitSeconds: this.estimateSeconds(index + 1, now.getTime()),
        } as const;
        const previous = this.last.get(conversation.id);
        if (previous?.position === frame.position && previous.estimatedWaitSeconds === frame.estimatedWaitSeconds) return;
        this.last.set(conversation.id, frame);
        changed.push(frame);
      });
      for (const id of this.last.keys()) if (!seen.has(id)) this.last.delete(id);
      for (const id of this.alerted) if (!seen.has(id)) this.alerted.delete(id);
      this.lastDurationMs = performance.now() - startedAt;
      // Thousands of frames after a take: sent in slices, so messages keep flowing in between.
      for (let i = 0; i < changed.length; i += SEND_SLICE) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        for (const frame of changed.slice(i, i + SEND_SLICE)) {
          // Superseded or gone meanwhile (taken, closed): nothing stale is sent.
          if (this.last.get(frame.conversationId) !== frame) continue;
          for (const c of this.citizensOf(frame.conversationId)) c.send(frame);
        }
      }
    } catch (error) {
      this.dirty = true;
      this.lastDurationMs = performance.now() - startedAt;
      this.onError(error);
    } finally {
      this.running = false;
    }
  }
}
