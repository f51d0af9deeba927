/**
 * Watches operators' connections. When an operator's last connection closes, their conversations
 * wait a grace period for them to come back (a flaky network, a reload); after it, `onAbsent`
 * returns those conversations to the queue. In memory: each node watches its own connections.
 */
export class OperatorPresence {
  private readonly connections = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly graceMs: number,
    private readonly onAbsent: (operatorId: string) => void,
  ) {}

  connected(operatorId: string): void {
    this.connections.set(operatorId, (this.connections.get(operatorId) ?? 0) + 1);
    clearTimeout(this.timers.get(operatorId));
    this.timers.delete(operatorId);
  }

  disconnected(operatorId: string): void {
    const left = (this.connections.get(operatorId) ?? 1) - 1;
    if (left > 0) {
      this.connections.set(operatorId, left);
      return;
    }
    this.connections.delete(operatorId);
    clearTimeout(this.timers.get(operatorId));
    const timer = setTimeout(() => {
      this.timers.delete(operatorId);
      if (!this.connections.has(operatorId)) this.onAbsent(operatorId);
    }, this.graceMs);
    timer.unref();
    this.timers.set(operatorId, timer);
  }

  isOnline(operatorId: string): boolean {
    return this.connections.has(operatorId);
  }

  /** Operators with at least one open connection to this node. */
  onlineIds(): Iterable<string> {
    return this.connections.keys();
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
