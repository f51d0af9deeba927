import { AUDIT_GENESIS_HASH, type AuditEntry, type AuditRecord, chainHash, type Sha256 } from '../audit/audit-entry.js';
import type { AuditLog, AuditSearch } from '../audit/audit-log.js';
import { copy } from './in-memory-conversation-store.js';

/** A deterministic stand-in for SHA-256 in unit tests (not cryptographic). */
export const fakeSha256: Sha256 = (text) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(64, '0');
};

/** In-memory twin of the audit log, chained like the real one. */
export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  constructor(private readonly sha256: Sha256 = fakeSha256) {}

  async record(record: AuditRecord, at: string): Promise<AuditEntry> {
    const last = this.entries.at(-1);
    const base = { ...copy(record), seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? AUDIT_GENESIS_HASH };
    const entry = { ...base, hash: chainHash(this.sha256, base) };
    this.entries.push(entry);
    return copy(entry);
  }

  async search(filter: AuditSearch): Promise<AuditEntry[]> {
    return this.entries
      .filter(
        (e) =>
          (filter.actorId === undefined || e.actorId === filter.actorId) &&
          (filter.conversationId === undefined || e.conversationId === filter.conversationId) &&
          (filter.from === undefined || e.at >= filter.from) &&
          (filter.to === undefined || e.at <= filter.to),
      )
      .reverse()
      .slice(0, filter.limit)
      .map(copy);
  }

  /** Actions recorded so far, for terse assertions. */
  actions(): string[] {
    return this.entries.map((e) => e.action);
  }
}
