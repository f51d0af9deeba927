import { describe, expect, test } from 'vitest';
import { RoutingModeStore, type RoutingMode } from './routing-mode.js';

/** A server whose answers the test releases one by one, in any order. */
function fakeServer() {
  const pending: { resolve(mode: RoutingMode): void; reject(error: Error): void }[] = [];
  const read = () => new Promise<RoutingMode>((resolve, reject) => pending.push({ resolve, reject }));
  return { read, pending };
}

function watch(store: RoutingModeStore): { calls: number } {
  const seen = { calls: 0 };
  store.subscribe(() => {
    seen.calls += 1;
  });
  return seen;
}

describe('the routing mode as the console knows it', () => {
  test('is unknown until the first answer, then what the server said', async () => {
    const server = fakeServer();
    const store = new RoutingModeStore(server.read);
    const seen = watch(store);
    expect(store.get()).toBeNull();
    const reading = store.refresh();
    server.pending[0]!.resolve({ autoAssign: true });
    await expect(reading).resolves.toEqual({ autoAssign: true });
    expect(store.get()).toEqual({ autoAssign: true });
    expect(seen.calls).toBe(1);
  });

  test('tells its listeners only when the mode changes', async () => {
    const server = fakeServer();
    const store = new RoutingModeStore(server.read);
    store.remember({ autoAssign: false });
    const seen = watch(store);
    const reading = store.refresh();
    server.pending[0]!.resolve({ autoAssign: false });
    await reading;
    expect(seen.calls).toBe(0);
    store.remember({ autoAssign: true });
    expect(seen.calls).toBe(1);
    const snapshot = store.get();
    store.remember({ autoAssign: true });
    // Same value, same object: React does not render again for nothing.
    expect(store.get()).toBe(snapshot);
  });

  test('a read answered after a change made here does not undo it', async () => {
    const server = fakeServer();
    const store = new RoutingModeStore(server.read);
    const reading = store.refresh();
    store.remember({ autoAssign: true });
    server.pending[0]!.resolve({ autoAssign: false });
    await expect(reading).resolves.toEqual({ autoAssign: true });
    expect(store.get()).toEqual({ autoAssign: true });
  });

  test('of two reads, the later one wins even when answered first', async () => {
    const server = fakeServer();
    const store = new RoutingModeStore(server.read);
    const first = store.refresh();
    const second = store.refresh();
    server.pending[1]!.resolve({ autoAssign: true });
    await second;
    server.pending[0]!.resolve({ autoAssign: false });
    await first;
    expect(store.get()).toEqual({ autoAssign: true });
  });

  test('a failed read keeps what was known and says it failed', async () => {
    const server = fakeServer();
    const store = new RoutingModeStore(server.read);
    store.remember({ autoAssign: true });
    const reading = store.refresh();
    server.pending[0]!.reject(new Error('network'));
    await expect(reading).rejects.toThrow('network');
    expect(store.get()).toEqual({ autoAssign: true });
  });
});
