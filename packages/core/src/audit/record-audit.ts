import type { Actor } from '../actor.js';
import type { Clock } from '../ports/clock.js';
import type { AuditAction, AuditRecord } from './audit-entry.js';
import type { AuditLog } from './audit-log.js';

/** Records what a staff actor did; citizens' own actions are not staff accesses and are not audited. */
export async function auditStaff(
  deps: { audit: AuditLog; clock: Clock },
  actor: Actor,
  action: AuditAction,
  fields: Partial<Omit<AuditRecord, 'action' | 'actorId' | 'address'>> = {},
): Promise<void> {
  if (actor.kind !== 'staff') return;
  await deps.audit.record(
    {
      action,
      actorId: actor.staffId,
      address: actor.address,
      conversationId: fields.conversationId ?? null,
      targetStaffId: fields.targetStaffId ?? null,
      reason: fields.reason ?? null,
      detail: fields.detail ?? null,
    },
    deps.clock.now().toISOString(),
  );
}
