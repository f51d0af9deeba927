import type { AuditEntry, AuditRecord } from './audit-entry.js';

export interface AuditSearch {
  actorId?: string;
  conversationId?: string;
  from?: string;
  to?: string;
  limit: number;
}

/**
 * The append-only audit trail. `record` resolves once the entry is durably stored and chained;
 * a use case that must leave a trace awaits it before handing out data (fail closed).
 */
export interface AuditLog {
  record(record: AuditRecord, at: string): Promise<AuditEntry>;
  search(filter: AuditSearch): Promise<AuditEntry[]>;
}
