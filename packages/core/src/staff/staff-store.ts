import type { SecondFactor, StaffMember, StaffSession } from './staff.js';

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
  /** Changes the editable fields of an account; resolves the updated account. */
  update(
    id: string,
    patch: Partial<Pick<StaffMember, 'rank' | 'firstName' | 'roles' | 'disabled' | 'capacity' | 'topics' | 'serviceId' | 'availability'>>,
  ): Promise<StaffMember | undefined>;
}

/** Persistence of staff sessions (server-side; the cookie only carries a random token). */
export interface StaffSessionStore {
  create(session: StaffSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<StaffSession | undefined>;
  update(id: string, patch: Partial<Pick<StaffSession, 'stage' | 'lastSeenAt' | 'stepUpAt' | 'pending'>>): Promise<void>;
  listForStaff(staffId: string): Promise<StaffSession[]>;
  delete(id: string): Promise<void>;
  /** Ends every session of an account; resolves their ids. */
  deleteAllForStaff(staffId: string): Promise<string[]>;
}

/** Persistence of second factors and recovery codes. */
export interface FactorStore {
  list(staffId: string): Promise<SecondFactor[]>;
  add(factor: SecondFactor): Promise<void>;
  remove(staffId: string, factorId: string): Promise<boolean>;
  findByCredentialId(credentialId: string): Promise<SecondFactor | undefined>;
  /** Records a TOTP use; false if that time step (or a later one) was already used (replay). */
  useTotpStep(factorId: string, step: number, at: string): Promise<boolean>;
  /** Records a WebAuthn use and its new signature counter. */
  useWebauthn(factorId: string, signCount: number, at: string): Promise<void>;
  replaceRecoveryCodes(staffId: string, codeHashes: string[]): Promise<void>;
  /** Marks a recovery code used; false if unknown or already used. */
  consumeRecoveryCode(staffId: string, codeHash: string, at: string): Promise<boolean>;
  countUnusedRecoveryCodes(staffId: string): Promise<number>;
}
