// Every message the generator sends, by index: when it was meant to leave, when it was
// acknowledged, when (and how often) it was delivered. Client message ids encode the index,
// so the hot path is array indexing, no maps, no strings kept.
import { randomBytes } from 'node:crypto';
import * as hdr from 'hdr-histogram-js';

/** A UUID v4-shaped prefix per run; the last 12 hex digits are the message index. */
export function newIdPrefix(): string {
  const h = randomBytes(8).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-8${h.slice(1, 4)}`;
}

const HEX_PAD = '000000000000';
export function hex12(i: number): string {
  const s = i.toString(16);
  return HEX_PAD.slice(s.length) + s;
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function histogram(): hdr.Histogram {
  // Microseconds, 1 µs to 10 min, 3 significant digits.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

/** Percentiles in milliseconds from a histogram of microseconds. */
export function percentiles(h: hdr.Histogram): Percentiles {
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

export interface RangeResult {
  sent: number;
  acked: number;
  delivered: number;
  /** Sent but never acknowledged, or never delivered, by the deadline. */
  lost: number;
  lostAck: number;
  lostDelivery: number;
  /** Acknowledged or delivered more than once, or acknowledged as `duplicate: true`. */
  duplicated: number;
  misrouted: number;
  ack: Percentiles;
  delivery: Percentiles;
}

export class Tracker {
  readonly prefix = newIdPrefix();
  intended: Float64Array;
  ackAt: Float64Array;
  deliveredAt: Float64Array;
  acks: Uint8Array;
  deliveries: Uint8Array;
  /** Which sender (citizen index) sent each message. */
  sender: Uint32Array;
  /** Messages whose ack said `duplicate: true` (a retry the generator never makes). */
  dupFlag: Uint8Array;
  misrouted: Uint8Array;
  size = 0;
  pendingAcks = 0;
  pendingDeliveries = 0;
  /** Frames naming an id this run never sent. */
  foreign = 0;
  errors = 0;
  readonly errorCodes = new Map<string, number>();

  constructor(private capacity = 1 << 16) {
    this.intended = new Float64Array(capacity);
    this.ackAt = new Float64Array(capacity);
    this.deliveredAt = new Float64Array(capacity);
    this.acks = new Uint8Array(capacity);
    this.deliveries = new Uint8Array(capacity);
    this.sender = new Uint32Array(capacity);
    this.dupFlag = new Uint8Array(capacity);
    this.misrouted = new Uint8Array(capacity);
  }

  /** Reserves `n` consecutive indices; returns the first. */
  reserve(n: number): number {
    const start = this.size;
    const need = start + n;
    if (need > this.capacity) {
      let cap = this.capacity;
      while (cap < need) cap *= 2;
      const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      this.intended = grow(this.intended, (n) => new Float64Array(n));
      this.ackAt = grow(this.ackAt, (n) => new Float64Array(n));
      this.deliveredAt = grow(this.deliveredAt, (n) => new Float64Array(n));
      this.acks = grow(this.acks, (n) => new Uint8Array(n));
      this.deliveries = grow(this.deliveries, (n) => new Uint8Array(n));
      this.sender = grow(this.sender, (n) => new Uint32Array(n));
      this.dupFlag = grow(this.dupFlag, (n) => new Uint8Array(n));
      this.misrouted = grow(this.misrouted, (n) => new Uint8Array(n));
      this.capacity = cap;
    }
    this.size = need;
    this.pendingAcks += n;
    this.pendingDeliveries += n;
    return start;
  }

  id(i: number): string {
    return `${this.prefix}-${hex12(i)}`;
  }

  /** The index named by a client message id, or -1. */
  indexOf(clientMessageId: unknown): number {
    if (typeof clientMessageId !== 'string' || clientMessageId.length !== 36 || !clientMessageId.startsWith(this.prefix)) return -1;
    const i = Number.parseInt(clientMessageId.slice(24), 16);
    return i >= 0 && i < this.size ? i : -1;
  }

  ack(clientMessageId: unknown, at: number, duplicate = false): void {
    const i = this.indexOf(clientMessageId);
    if (i < 0) {
      this.foreign++;
      return;
    }
    if (this.acks[i] === 0) {
      this.ackAt[i] = at;
      this.pendingAcks--;
    }
    if (this.acks[i]! < 255) this.acks[i]!++;
    if (duplicate) this.dupFlag[i] = 1;
  }

  deliver(clientMessageId: unknown, at: number, routedOk = true): void {
    const i = this.indexOf(clientMessageId);
    if (i < 0) {
      this.foreign++;
      return;
    }
    if (this.deliveries[i] === 0) {
      this.deliveredAt[i] = at;
      this.pendingDeliveries--;
    }
    if (this.deliveries[i]! < 255) this.deliveries[i]!++;
    if (!routedOk) this.misrouted[i] = 1;
  }

  error(code: string): void {
    this.errors++;
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
  }

  /** True once every message in [start, end) is acknowledged and delivered. */
  settled(start: number, end: number): boolean {
    if (this.pendingAcks === 0 && this.pendingDeliveries === 0) return true;
    for (let i = start; i < end; i++) if (this.acks[i] === 0 || this.deliveries[i] === 0) return false;
    return true;
  }

  /** Waits until [start, end) is settled or the deadline passes. */
  async waitSettled(start: number, end: number, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    let from = start;
    for (;;) {
      while (from < end && this.acks[from] !== 0 && this.deliveries[from] !== 0) from++;
      if (from >= end || this.settled(from, end)) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Latencies from the intended send time, counts of lost and duplicated, over [start, end). */
  result(start: number, end: number): RangeResult {
    const ackH = histogram();
    const delH = histogram();
    let acked = 0;
    let delivered = 0;
    let lostAck = 0;
    let lostDelivery = 0;
    let lost = 0;
    let duplicated = 0;
    let misrouted = 0;
    for (let i = start; i < end; i++) {
      const a = this.acks[i]!;
      const d = this.deliveries[i]!;
      if (a > 0) {
        acked++;
        ackH.recordValue(Math.max(1, Math.round((this.ackAt[i]! - this.intended[i]!) * 1000)));
      } else lostAck++;
      if (d > 0) {
        delivered++;
        delH.recordValue(Math.max(1, Math.round((this.deliveredAt[i]! - this.intended[i]!) * 1000)));
      } else lostDelivery++;
      if (a === 0 || d === 0) lost++;
      if (a > 1 || d > 1 || this.dupFlag[i] === 1) duplicated++;
      if (this.misrouted[i] === 1) misrouted++;
    }
    return {
      sent: end - start,
      acked,
      delivered,
      lost,
      lostAck,
      lostDelivery,
      duplicated,
      misrouted,
      ack: percentiles(ackH),
      delivery: percentiles(delH),
    };
  }
}
