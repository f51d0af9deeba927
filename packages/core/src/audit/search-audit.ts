import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditLog, AuditSearch } from './audit-log.js';
import { auditStaff } from './record-audit.js';

/** Administrators search the trail; the search itself is recorded first (reading the log is an access too). */
export async function searchAudit(deps: { audit: AuditLog; clock: Clock }, actor: Actor, filter: AuditSearch): Promise<AuditEntry[]> {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
  const detail: Record<string, string | number> = { limit: filter.limit };
  if (filter.from) detail.from = filter.from;
  if (filter.to) detail.to = filter.to;
  await auditStaff(deps, actor, 'audit.searched', {
    conversationId: filter.conversationId ?? null,
    targetStaffId: filter.actorId ?? null,
    detail,
  });
  return deps.audit.search(filter);
}
