import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/events.js';
import type { IdGenerator, PasswordHasher, SecretHasher } from '../ports/ids.js';
import type { CommonPasswords, LoginThrottle, TotpPort, WebAuthnPort } from '../ports/second-factor.js';
import type { ServiceStore } from '../services/service-store.js';
import type { FactorStore, StaffSessionStore, StaffStore } from './staff-store.js';

export interface StaffDeps {
  staff: StaffStore;
  sessions: StaffSessionStore;
  passwords: PasswordHasher;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretHasher;
  events: EventPublisher;
  audit: AuditLog;
  factors: FactorStore;
  totp: TotpPort;
  webauthn: WebAuthnPort;
  throttle: LoginThrottle;
  commonPasswords: CommonPasswords;
  /** To check the service given to an operator. */
  services: ServiceStore;
  /** Absolute lifetime of a staff session, in milliseconds. */
  sessionTtlMs: number;
  /** A session unused for this long ends, in milliseconds. */
  sessionIdleMs: number;
  /** How recent a second-factor check must be for a sensitive action, in milliseconds. */
  stepUpWindowMs: number;
}
