import type { LoginThrottle } from '../ports/second-factor.js';

interface Entry {
  failures: number;
  lastFailure: number;
}

/**
 * Per-key growing delays: the first `free` failures cost nothing, then each further failure
 * doubles the wait (1 s, 2 s, 4 s… up to `maxDelayMs`). Address keys (`addr:…`) get more free
 * failures, since many staff may share one office address. A key is forgotten after `forgetMs`
 * without failure, and on success. In memory: each node throttles on its own.
 */
export class GrowingDelayThrottle implements LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options = { free: 3, freePerAddress: 20, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetMs: 60 * 60_000, maxKeys: 100_000 },
  ) {}

  private delayFor(key: string, entry: Entry): number {
    const over = entry.failures - (key.startsWith('addr:') ? this.options.freePerAddress : this.options.free);
    if (over <= 0) return 0;
    return Math.min(this.options.baseDelayMs * 2 ** (over - 1), this.options.maxDelayMs);
  }

  retryAfterMs(keys: string[], now: Date): number {
    let wait = 0;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (now.getTime() - entry.lastFailure > this.options.forgetMs) {
        this.entries.delete(key);
        continue;
      }
      wait = Math.max(wait, entry.lastFailure + this.delayFor(key, entry) - now.getTime());
    }
    return Math.max(0, wait);
  }

  recordFailure(keys: string[], now: Date): void {
    if (this.entries.size > this.options.maxKeys) this.entries.clear(); // bound memory under a flood
    for (const key of keys) {
      const known = this.entries.get(key);
      // A key unfailed for longer than `forgetMs` starts over, even if no check forgot it first.
      const entry = known && now.getTime() - known.lastFailure <= this.options.forgetMs ? known : { failures: 0, lastFailure: 0 };
      entry.failures += 1;
      entry.lastFailure = now.getTime();
      this.entries.set(key, entry);
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}
