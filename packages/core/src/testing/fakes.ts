import type { Clock } from '../ports/clock.js';
import type { DomainEvent, EventPublisher } from '../ports/events.js';
import type { IdGenerator, PasswordHasher, SecretHasher } from '../ports/ids.js';

/** A clock that only moves when told to. */
export class FixedClock implements Clock {
  constructor(private current = new Date('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Predictable ids and secrets. */
export class SequentialIds implements IdGenerator {
  private n = 0;
  uuid(): string {
    this.n += 1;
    return `00000000-0000-4000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
  secret(): string {
    this.n += 1;
    return `secret-${this.n}`;
  }
}

/** Reversible "hash", good enough to tell secrets apart in unit tests. */
export const fakeSecretHasher: SecretHasher = { hashSecret: (s) => `hashed:${s}` };

export const fakePasswordHasher: PasswordHasher = {
  hash: async (p) => `pw:${p}`,
  verify: async (h, p) => h === `pw:${p}`,
};

/** Records published events for assertions. */
export class RecordingPublisher implements EventPublisher {
  readonly published: DomainEvent[] = [];
  publish(event: DomainEvent): void {
    this.published.push(event);
  }
  ofType<T extends DomainEvent['type']>(type: T): Extract<DomainEvent, { type: T }>[] {
    return this.published.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
  }
}
