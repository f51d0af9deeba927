import type { SecondFactor } from '../staff/staff.js';
import type { FactorStore } from '../staff/staff-store.js';
import { copy } from './in-memory-conversation-store.js';

/** In-memory twin of the factor store. */
export class InMemoryFactorStore implements FactorStore {
  private readonly factors = new Map<string, SecondFactor>();
  private readonly codes = new Map<string, { staffId: string; hash: string; usedAt: string | null }[]>();

  async list(staffId: string): Promise<SecondFactor[]> {
    return [...this.factors.values()].filter((f) => f.staffId === staffId).map((f) => copy(f)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }
  async add(factor: SecondFactor): Promise<void> {
    if (factor.credentialId && [...this.factors.values()].some((f) => f.credentialId === factor.credentialId)) {
      throw Object.assign(new Error('duplicate credential'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    }
    this.factors.set(factor.id, copy(factor));
  }
  async remove(staffId: string, factorId: string): Promise<boolean> {
    const f = this.factors.get(factorId);
    if (!f || f.staffId !== staffId) return false;
    return this.factors.delete(factorId);
  }
  async findByCredentialId(credentialId: string): Promise<SecondFactor | undefined> {
    const f = [...this.factors.values()].find((x) => x.credentialId === credentialId);
    return f && copy(f);
  }
  async useTotpStep(factorId: string, step: number, at: string): Promise<boolean> {
    const f = this.factors.get(factorId);
    if (!f || (f.totpLastStep !== null && step <= f.totpLastStep)) return false;
    f.totpLastStep = step;
    f.lastUsedAt = at;
    return true;
  }
  async useWebauthn(factorId: string, signCount: number, at: string): Promise<void> {
    const f = this.factors.get(factorId);
    if (f) Object.assign(f, { signCount, lastUsedAt: at });
  }
  async replaceRecoveryCodes(staffId: string, codeHashes: string[]): Promise<void> {
    this.codes.set(staffId, codeHashes.map((hash) => ({ staffId, hash, usedAt: null })));
  }
  async consumeRecoveryCode(staffId: string, codeHash: string, at: string): Promise<boolean> {
    const code = this.codes.get(staffId)?.find((c) => c.hash === codeHash && c.usedAt === null);
    if (!code) return false;
    code.usedAt = at;
    return true;
  }
  async countUnusedRecoveryCodes(staffId: string): Promise<number> {
    return (this.codes.get(staffId) ?? []).filter((c) => c.usedAt === null).length;
  }
}
