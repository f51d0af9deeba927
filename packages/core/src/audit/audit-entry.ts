/** What the audit trail records. Never message text: only who did what to which record, when, from where, why. */
export const AUDIT_ACTIONS = [
  'setup.first_admin',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.logout',
  'auth.session_revoked',
  'auth.second_factor_succeeded',
  'auth.second_factor_failed',
  'factor.enrolled',
  'factor.removed',
  'recovery_codes.regenerated',
  'staff.created',
  'staff.updated',
  'staff.disabled',
  'staff.enabled',
  'conversation.read',
  'conversation.taken',
  'conversation.assigned',
  'conversation.returned_to_queue',
  'conversation.closed',
  'conversation.transferred',
  'staff.availability_changed',
  'audit.searched',
  'settings.danger_rules_changed',
  'settings.topic_priorities_changed',
  'settings.routing_mode_changed',
  'service.created',
  'service.renamed',
  'service.deleted',
  'service.coverage_imported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** An audit record as submitted by a use case. */
export interface AuditRecord {
  action: AuditAction;
  /** The staff member acting, or null (anonymous, e.g. a failed login for an unknown name). */
  actorId: string | null;
  conversationId: string | null;
  /** The staff account acted upon (account changes, login attempts). */
  targetStaffId: string | null;
  /** Network address of the actor, when known. */
  address: string | null;
  /** The reason given, where one is required. */
  reason: string | null;
  /** Non-sensitive details (outcome, username tried…); never message text or secrets. */
  detail: Record<string, string | number | boolean> | null;
}

/** A stored entry: the record, its place in the chain, and the chain hashes. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** The hash of the (virtual) entry before the first one. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical text hashed for an entry: every field in a fixed order, so that editing any of
 * them (or reordering, inserting or deleting entries) breaks the chain.
 */
export function canonicalAuditText(entry: Omit<AuditEntry, 'hash'>): string {
  const detail = entry.detail ? Object.keys(entry.detail).sort().map((k) => [k, entry.detail?.[k]]) : null;
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.action,
    entry.actorId,
    entry.conversationId,
    entry.targetStaffId,
    entry.address,
    entry.reason,
    detail,
    entry.prevHash,
  ]);
}

/** SHA-256 as lowercase hex; supplied by the server (the core has no crypto of its own). */
export type Sha256 = (text: string) => string;

export function chainHash(sha256: Sha256, entry: Omit<AuditEntry, 'hash'>): string {
  return sha256(canonicalAuditText(entry));
}

/**
 * Checks a run of consecutive entries (from seq 1, or continuing from `previous`). Returns the
 * first entry that breaks the chain, or null when all hold.
 */
export function verifyAuditChain(
  sha256: Sha256,
  entries: Iterable<AuditEntry>,
  previous: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS_HASH },
): { seq: number; problem: 'gap' | 'prev_hash' | 'hash' } | null {
  let expected = previous;
  for (const entry of entries) {
    if (entry.seq !== expected.seq + 1) return { seq: expected.seq + 1, problem: 'gap' };
    if (entry.prevHash !== expected.hash) return { seq: entry.seq, problem: 'prev_hash' };
    const { hash, ...rest } = entry;
    if (chainHash(sha256, rest) !== hash) return { seq: entry.seq, problem: 'hash' };
    expected = { seq: entry.seq, hash };
  }
  return null;
}
