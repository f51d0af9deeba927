import type { StaffMember, StaffSession } from './staff.js';

/** Persistence of staff accounts. */
export interface StaffStore {
  count(): Promise<number>;
  /** Inserts; resolves `false` if the username is taken. */
  create(member: StaffMember): Promise<boolean>;
  /** Inserts only if no account exists yet (first administrator); resolves `false` otherwise. */
  createFirst(member: StaffMember): Promise<boolean>;
  findById(id: string): Promise<StaffMember | undefined>;
  findByUsername(username: string): Promise<StaffMember | undefined>;
  list(): Promise<StaffMember[]>;
}

/** Persistence of staff sessions (server-side; the cookie only carries a random token). */
export interface StaffSessionStore {
  create(session: StaffSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<StaffSession | undefined>;
  delete(id: string): Promise<void>;
}
