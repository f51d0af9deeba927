/** What the wheel needs of a member: the slot it was given (-1 while it is not on the wheel). */
export interface WheelMember {
  heartbeatSlot: number;
}

/**
 * Visits every member once per period, a slice at a time. The period is cut into `slots` ticks and
 * each member joins one slot (round robin), so each tick visits about members/slots of them.
 *
 * Why: visiting every connection in one timer callback stalled the event loop for 190 ms with 5,000
 * connections (a ping, a socket write, then 5,000 pongs arriving at once), every period, for every
 * conversation on the node. A slice of a hundredth of that is lost among the messages.
 *
 * A member that joins is first visited within one period; it is visited again exactly one period
 * after each visit while it stays on the wheel. `visit` gets the time of its slot's previous tick
 * (or of the wheel's start): "what changed since the last check".
 */
export class HeartbeatWheel<T extends WheelMember> {
  private readonly slots: Set<T>[];
  private readonly lastTickAt: number[];
  private nextSlot = 0;
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly periodMs: number,
    slotCount: number,
    private readonly visit: (member: T, since: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(slotCount) || slotCount < 1) throw new RangeError(`slotCount must be a positive integer, got ${slotCount}`);
    this.slots = Array.from({ length: slotCount }, () => new Set<T>());
    const started = now();
    this.lastTickAt = this.slots.map(() => started);
  }

  get size(): number {
    let n = 0;
    for (const s of this.slots) n += s.size;
    return n;
  }

  add(member: T): void {
    if (member.heartbeatSlot >= 0) return;
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.slots.length;
    member.heartbeatSlot = slot;
    this.slots[slot]!.add(member);
  }

  remove(member: T): void {
    if (member.heartbeatSlot < 0) return;
    this.slots[member.heartbeatSlot]?.delete(member);
    member.heartbeatSlot = -1;
  }

  /** Visits the next slot's members. The timer calls it; tests may call it directly. */
  tick(): void {
    const slot = this.cursor;
    this.cursor = (slot + 1) % this.slots.length;
    const since = this.lastTickAt[slot]!;
    this.lastTickAt[slot] = this.now();
    // A visit may end a member, which removes it: a Set walk allows that.
    for (const member of this.slots[slot]!) this.visit(member, since);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.periodMs / this.slots.length);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
