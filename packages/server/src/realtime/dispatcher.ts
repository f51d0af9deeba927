import { type ConversationDeps, dispatchWaiting, type RoutingModeSetting } from '@brigade/core';

/**
 * Runs automatic assignment when an administrator turned it on: soon after the queue changed or
 * an operator became available, and every few seconds for what no event announces (a closed
 * conversation frees a place). One run at a time per node; the store's atomic assignment keeps
 * nodes from over-assigning. Each node hands out to the operators connected to it.
 */
/** How long a conversation given back by an operator is not handed to them again. */
export const HANDED_BACK_MEMORY_MS = 5 * 60_000;

export class Dispatcher {
  private running = false;
  /** Conversation → who gave it back, and when (this node's memory, pruned as it goes). */
  private readonly handedBack = new Map<string, { operatorId: string; at: number }>();
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: ConversationDeps,
    private readonly setting: RoutingModeSetting,
    private readonly onlineIds: () => Iterable<string>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs = 2000): void {
    this.timer = setInterval(() => this.poke(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** An operator gave a conversation back (release, transfer, absence): keep it from bouncing back to them. */
  handedBackBy(conversationId: string, operatorId: string): void {
    this.handedBack.set(conversationId, { operatorId, at: Date.now() });
  }

  /** Something changed: dispatch soon (coalesced). */
  poke(): void {
    if (!this.setting.mode.autoAssign) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        const now = Date.now();
        for (const [id, entry] of this.handedBack) if (now - entry.at > HANDED_BACK_MEMORY_MS) this.handedBack.delete(id);
        await dispatchWaiting(this.deps, [...this.onlineIds()], (id) => this.handedBack.get(id)?.operatorId ?? null);
      } while (this.again && this.setting.mode.autoAssign);
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }
}
