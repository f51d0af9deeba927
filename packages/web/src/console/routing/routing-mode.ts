// Whether the server also hands waiting conversations out by itself (`GET /api/routing-mode`).
// Read when the console connects and each time it reconnects (when the queue is subscribed
// again), and taken from the server's answer when an administrator changes it here. No frame
// announces a change: another administrator's change shows at the next connection.
import { routingModeSchema } from '@brigade/protocol';
import { useSyncExternalStore } from 'react';
import { api, type Infer } from '../../shared/api.js';

export type RoutingMode = Infer<typeof routingModeSchema>;

export class RoutingModeStore {
  private mode: RoutingMode | null = null;
  /** Bumped by every read and every change, so that a late answer cannot undo a newer one. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly read: () => Promise<RoutingMode>) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** null until the first answer. */
  readonly get = (): RoutingMode | null => this.mode;

  /**
   * Reads the mode again. Resolves with what is known once answered (an answer overtaken by a
   * newer read or change is dropped); a failure keeps what was known and rejects.
   */
  async refresh(): Promise<RoutingMode | null> {
    this.generation += 1;
    const generation = this.generation;
    const mode = await this.read();
    if (generation === this.generation) this.set(mode);
    return this.mode;
  }

  /** The server's answer to a change made on this page. */
  remember(mode: RoutingMode): void {
    this.generation += 1;
    this.set(mode);
  }

  private set(mode: RoutingMode): void {
    if (this.mode?.autoAssign === mode.autoAssign) return;
    this.mode = { autoAssign: mode.autoAssign };
    for (const listener of [...this.listeners]) listener();
  }
}

/** The console's one copy. */
export const routingMode = new RoutingModeStore(() => api('GET', '/api/routing-mode', { schema: routingModeSchema }));

/** Automatic assignment as last known (null: not known yet). */
export function useRoutingMode(): RoutingMode | null {
  return useSyncExternalStore(routingMode.subscribe, routingMode.get);
}
