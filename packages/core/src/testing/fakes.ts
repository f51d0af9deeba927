import type { Clock } from '../ports/clock.js';
import type { DomainEvent, EventPublisher } from '../ports/events.js';
import type { IdGenerator, PasswordHasher, SecretHasher } from '../ports/ids.js';
import type { CommonPasswords, RelyingParty, TotpPort, WebAuthnPort } from '../ports/second-factor.js';

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

/**
 * A stand-in authenticator app: the valid code for a secret at a time step is derived from both,
 * so tests compute it with `codeAt` and the use cases cannot tell it from RFC 6238.
 */
export class FakeTotp implements TotpPort {
  private n = 0;
  newSecret(): string {
    this.n += 1;
    return `TOTPSECRET${this.n}`;
  }
  uri(accountName: string, secret: string): string {
    return `otpauth://totp/Brigade:${accountName}?secret=${secret}&issuer=Brigade`;
  }
  static step(now: Date): number {
    return Math.floor(now.getTime() / 30_000);
  }
  static codeAt(secret: string, now: Date): string {
    let h = FakeTotp.step(now);
    for (const ch of secret) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000;
    return String(h).padStart(6, '0');
  }
  async verify(secret: string, code: string, now: Date): Promise<{ valid: boolean; timeStep: number }> {
    for (const drift of [0, -1, 1]) {
      const at = new Date(now.getTime() + drift * 30_000);
      if (FakeTotp.codeAt(secret, at) === code) return { valid: true, timeStep: FakeTotp.step(at) };
    }
    return { valid: false, timeStep: FakeTotp.step(now) };
  }
}

/** A stand-in WebAuthn: a "response" is `{ credentialId, challenge, signCount }` in clear. */
export class FakeWebAuthn implements WebAuthnPort {
  private n = 0;
  async registrationOptions(): Promise<{ options: unknown; challenge: string }> {
    this.n += 1;
    return { options: { challenge: `reg-${this.n}` }, challenge: `reg-${this.n}` };
  }
  async verifyRegistration(_rp: RelyingParty, response: unknown, expectedChallenge: string) {
    const r = response as { credentialId?: string; challenge?: string };
    if (r.challenge !== expectedChallenge || !r.credentialId) return null;
    return { credentialId: r.credentialId, publicKey: `pk-${r.credentialId}`, signCount: 0, transports: ['usb'] };
  }
  async authenticationOptions(): Promise<{ options: unknown; challenge: string }> {
    this.n += 1;
    return { options: { challenge: `auth-${this.n}` }, challenge: `auth-${this.n}` };
  }
  credentialIdOf(response: unknown): string | null {
    const id = (response as { credentialId?: unknown } | null)?.credentialId;
    return typeof id === 'string' ? id : null;
  }
  async verifyAuthentication(_rp: RelyingParty, response: unknown, expectedChallenge: string, credential: { signCount: number }) {
    const r = response as { challenge?: string; signCount?: number };
    if (r.challenge !== expectedChallenge || (r.signCount ?? 0) <= credential.signCount) return null;
    return { signCount: r.signCount ?? 0 };
  }
}

/** A few common passwords, enough for policy tests. */
export const fakeCommonPasswords: CommonPasswords = {
  has: (p) => ['password', 'motdepasse', 'azertyuiop', '123456789012', 'soleil'].includes(p),
};
