import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Conversation } from '../conversations/conversation.js';
import type { ConversationDeps } from '../conversations/deps.js';
import { sortQueue } from '../conversations/queue-snapshot.js';
import { announceAssignment } from '../conversations/take-conversation.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { StaffMember } from '../staff/staff.js';
import { handles } from './eligibility.js';

/** How waiting conversations reach operators: they take them, or the system hands them out too. */
export interface RoutingMode {
  /** Hand each waiting conversation to the least-loaded available operator who handles it. */
  autoAssign: boolean;
}

export interface RoutingModeStore {
  load(): Promise<RoutingMode | null>;
  save(mode: RoutingMode, at: string): Promise<void>;
}

/** The mode in force, changed at once by an administrator. */
export class RoutingModeSetting {
  constructor(private current: RoutingMode = { autoAssign: false }) {}
  static async load(store: RoutingModeStore): Promise<RoutingModeSetting> {
    return new RoutingModeSetting((await store.load()) ?? { autoAssign: false });
  }
  get mode(): RoutingMode {
    return { ...this.current };
  }
  replace(mode: RoutingMode): void {
    this.current = { ...mode };
  }
}

export interface RoutingModeDeps {
  routingMode: RoutingModeSetting;
  routingModeStore: RoutingModeStore;
  audit: AuditLog;
  clock: Clock;
}

/** Every signed-in staff member may read the mode (consoles say whether conversations come by themselves). */
export function readRoutingMode(deps: Pick<RoutingModeDeps, 'routingMode'>, actor: Actor): RoutingMode {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
  return deps.routingMode.mode;
}

export async function replaceRoutingMode(deps: RoutingModeDeps, actor: Actor, mode: RoutingMode): Promise<RoutingMode> {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
  await deps.routingModeStore.save(mode, deps.clock.now().toISOString());
  deps.routingMode.replace(mode);
  await auditStaff(deps, actor, 'settings.routing_mode_changed', { detail: { autoAssign: mode.autoAssign } });
  return deps.routingMode.mode;
}

/**
 * Automatic assignment: in queue order, each waiting conversation goes to the available,
 * connected operator with the lightest load (conversations held relative to capacity, then held,
 * then by id, so the choice is stable) among those who handle it and have room. Run by the system
 * after the queue or an operator's availability changed; each assignment is checked atomically by
 * the store (capacity included), so concurrent runs on several nodes cannot over-assign.
 */
export async function dispatchWaiting(
  deps: ConversationDeps,
  onlineOperatorIds: Iterable<string>,
  /** The operator who just gave a conversation back (release, transfer): it does not bounce back to them. */
  handedBackBy: (conversationId: string) => string | null = () => null,
): Promise<Conversation[]> {
  const members = (await Promise.all([...onlineOperatorIds].map((id) => deps.staff.findById(id)))).filter(
    (m): m is StaffMember => m !== undefined && !m.disabled && m.roles.includes('operator') && m.availability === 'available',
  );
  if (members.length === 0) return [];
  const loads = await deps.conversations.countActiveByOperator();
  const pool = members.map((member) => ({ member, load: loads.get(member.id) ?? 0 })).filter((c) => c.load < c.member.capacity);
  const room = pool.reduce((sum, c) => sum + c.member.capacity - c.load, 0);
  if (room === 0) return [];
  // At most `room` conversations can be placed: the heads of each group up to that many suffice.
  const waiting = await deps.conversations.listWaitingHeads(room);
  if (waiting.length === 0) return [];
  const assigned: Conversation[] = [];
  for (const conversation of sortQueue(waiting, deps.clock.now(), deps.priorities.levels)) {
    const avoid = handedBackBy(conversation.id);
    const candidates = pool.filter((c) => c.load < c.member.capacity && c.member.id !== avoid && handles(c.member, conversation));
    candidates.sort((a, b) => a.load / a.member.capacity - b.load / b.member.capacity || a.load - b.load || a.member.id.localeCompare(b.member.id));
    for (const candidate of candidates) {
      const { member } = candidate;
      const at = deps.clock.now().toISOString();
      const result = await deps.conversations.assign(conversation.id, { id: member.id, rank: member.rank, firstName: member.firstName }, at, member.capacity);
      if (result.status === 'rejected') {
        if (result.reason === 'at_capacity') {
          candidate.load = member.capacity;
          continue;
        }
        break; // taken meanwhile, or closed: next conversation
      }
      candidate.load += 1;
      await deps.audit.record(
        {
          action: 'conversation.assigned',
          actorId: null,
          conversationId: conversation.id,
          targetStaffId: member.id,
          address: null,
          reason: null,
          detail: { automatic: true },
        },
        at,
      );
      announceAssignment(deps, result.conversation, result.event);
      assigned.push(result.conversation);
      break;
    }
    if (pool.every((c) => c.load >= c.member.capacity)) break;
  }
  return assigned;
}
