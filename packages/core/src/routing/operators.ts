import type { Availability, Presence, Topic } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import type { ConversationDeps } from '../conversations/deps.js';
import { DomainError } from '../errors.js';
import type { StaffMember } from '../staff/staff.js';

/** An operator as colleagues and supervisors see them when assigning or transferring. */
export interface OperatorStatus {
  id: string;
  rank: string;
  firstName: string;
  presence: Presence;
  load: number;
  capacity: number;
  topics: Topic[];
  serviceId: string | null;
}

/** An operator's presence: offline without a connection, else their own choice. */
export function presenceOf(deps: Pick<ConversationDeps, 'presence'>, member: Pick<StaffMember, 'id' | 'availability'>): Presence {
  return deps.presence.isOnline(member.id) ? member.availability : 'offline';
}

/** Enabled operators with presence and load: for operators (transfers) and supervisors (assignment). */
export async function listOperators(deps: Pick<ConversationDeps, 'staff' | 'conversations' | 'presence'>, actor: Actor): Promise<OperatorStatus[]> {
  if (actor.kind !== 'staff' || !(actor.roles.includes('operator') || actor.roles.includes('supervisor'))) throw new DomainError('auth/forbidden');
  const [staff, loads] = await Promise.all([deps.staff.list(), deps.conversations.countActiveByOperator()]);
  return staff
    .filter((m) => !m.disabled && m.roles.includes('operator'))
    .map((m) => ({
      id: m.id,
      rank: m.rank,
      firstName: m.firstName,
      presence: presenceOf(deps, m),
      load: loads.get(m.id) ?? 0,
      capacity: m.capacity,
      topics: [...m.topics],
      serviceId: m.serviceId,
    }))
    .sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr') || a.id.localeCompare(b.id));
}

/** An operator pauses (nothing new is handed to them) or becomes available again. */
export async function setAvailability(deps: Pick<ConversationDeps, 'staff' | 'audit' | 'clock' | 'events'>, actor: Actor, availability: Availability): Promise<StaffMember> {
  if (actor.kind !== 'staff' || !actor.roles.includes('operator')) throw new DomainError('auth/forbidden');
  const updated = await deps.staff.update(actor.staffId, { availability });
  if (!updated) throw new DomainError('auth/session_ended');
  await auditStaff(deps, actor, 'staff.availability_changed', { targetStaffId: actor.staffId, detail: { availability } });
  deps.events.publish({ type: 'staff.updated', member: updated });
  return updated;
}
