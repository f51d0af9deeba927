import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/events.js';
import type { IdGenerator, PasswordHasher, SecretHasher } from '../ports/ids.js';
import type { StaffSessionStore, StaffStore } from './staff-store.js';

export interface StaffDeps {
  staff: StaffStore;
  sessions: StaffSessionStore;
  passwords: PasswordHasher;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretHasher;
  events: EventPublisher;
  audit: AuditLog;
  /** Absolute lifetime of a staff session, in milliseconds. */
  sessionTtlMs: number;
}
