import { describe, expect, it } from 'vitest';
import { SqliteLock } from '../../src/db/sqlite-driver.js';

/** Keeps the thread busy, as a synchronous SQLite call does. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('SqliteLock', () => {
  it('serves waiters one at a time, in arrival order', async () => {
    const lock = new SqliteLock();
    const order: number[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await lock.acquire();
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        order.push(i);
        spin(0.2);
        await Promise.resolve();
        inside -= 1;
        lock.release();
      }),
    );
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(maxInside).toBe(1);
    // Free again: the next caller gets it at once.
    let got = false;
    void lock.acquire().then(() => (got = true));
    await Promise.resolve();
    expect(got).toBe(true);
  });

  it('lets timers and I/O run while a long queue drains, instead of one stall for the whole queue', async () => {
    const lock = new SqliteLock();
    // 400 waiters holding the connection 0.5 ms each: 200 ms of synchronous work in all.
    const finishedAt: number[] = [];
    const queue = Array.from({ length: 400 }, () =>
      lock.exclusive(() => {
        spin(0.5);
        finishedAt.push(performance.now());
      }),
    );
    const timerFiredAfter: number[] = [];
    const ticker = setInterval(() => timerFiredAfter.push(finishedAt.length), 1);
    await Promise.all(queue);
    clearInterval(ticker);
    // The timer ran again and again while the queue drained (every few milliseconds of work), not
    // only once at its end.
    expect(timerFiredAfter.filter((n) => n > 0 && n < 400).length).toBeGreaterThanOrEqual(5);
  });
});
