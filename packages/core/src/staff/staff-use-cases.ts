import type { CreateStaffRequest, Role, SetupRequest } from '@brigade/protocol';
import type { Actor, StaffActor } from '../actor.js';
import type { AuditRecord } from '../audit/audit-entry.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import type { StaffDeps } from './deps.js';
import type { StaffMember, StaffSession } from './staff.js';

async function newMember(deps: StaffDeps, input: Omit<CreateStaffRequest, 'roles'> & { roles: Role[] }): Promise<StaffMember> {
  return {
    id: deps.ids.uuid(),
    username: input.username,
    passwordHash: await deps.passwords.hash(input.password),
    rank: input.rank,
    firstName: input.firstName,
    roles: [...new Set(input.roles)],
    disabled: false,
    createdAt: deps.clock.now().toISOString(),
  };
}

/** An audit entry not tied to an authenticated actor (setup, login attempts). */
async function auditAnonymous(deps: StaffDeps, record: Partial<AuditRecord> & Pick<AuditRecord, 'action'>): Promise<void> {
  await deps.audit.record(
    {
      actorId: null,
      conversationId: null,
      targetStaffId: null,
      address: null,
      reason: null,
      detail: null,
      ...record,
    },
    deps.clock.now().toISOString(),
  );
}

async function openSession(deps: StaffDeps, member: StaffMember): Promise<{ token: string; session: StaffSession }> {
  const token = deps.ids.secret();
  const now = deps.clock.now();
  const session: StaffSession = {
    id: deps.ids.uuid(),
    tokenHash: deps.secrets.hashSecret(token),
    staffId: member.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.sessionTtlMs).toISOString(),
  };
  await deps.sessions.create(session);
  return { token, session };
}

/**
 * Creates the first administrator with the one-time setup token printed at first start.
 * Refused once any account exists, whatever the token.
 */
export async function setupFirstAdmin(
  deps: StaffDeps,
  input: SetupRequest & { expectedTokenHash: string | null; address?: string | null },
): Promise<{ member: StaffMember; token: string }> {
  if (input.expectedTokenHash === null || (await deps.staff.count()) > 0) throw new DomainError('setup/already_done');
  if (deps.secrets.hashSecret(input.token) !== input.expectedTokenHash) throw new DomainError('setup/invalid_token');
  const member = await newMember(deps, { ...input, roles: ['admin', 'supervisor', 'operator'] });
  if (!(await deps.staff.createFirst(member))) throw new DomainError('setup/already_done');
  await auditAnonymous(deps, { action: 'setup.first_admin', actorId: member.id, targetStaffId: member.id, address: input.address ?? null });
  const { token } = await openSession(deps, member);
  return { member, token };
}

function requireAdmin(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
}

/** An administrator creates a staff account. */
export async function createStaff(deps: StaffDeps, actor: Actor, input: CreateStaffRequest): Promise<StaffMember> {
  requireAdmin(actor);
  const member = await newMember(deps, input);
  if (!(await deps.staff.create(member))) throw new DomainError('staff/username_taken');
  await auditStaff(deps, actor, 'staff.created', { targetStaffId: member.id, detail: { roles: member.roles.join(',') } });
  return member;
}

/** An administrator lists staff accounts. */
export async function listStaff(deps: Pick<StaffDeps, 'staff'>, actor: Actor): Promise<StaffMember[]> {
  requireAdmin(actor);
  return deps.staff.list();
}

/**
 * Password login. An unknown username costs the same hash verification as a wrong password, and
 * both answer the same error, so neither timing nor wording reveals whether an account exists.
 */
export async function login(
  deps: StaffDeps,
  input: { username: string; password: string; dummyHash: string; address?: string | null },
): Promise<{ member: StaffMember; token: string; session: StaffSession }> {
  const member = await deps.staff.findByUsername(input.username);
  const valid = await deps.passwords.verify(member?.passwordHash ?? input.dummyHash, input.password);
  const address = input.address ?? null;
  if (!member || !valid || member.disabled) {
    const why = !member ? 'unknown_user' : member.disabled ? 'disabled' : 'wrong_password';
    await auditAnonymous(deps, { action: 'auth.login_failed', targetStaffId: member?.id ?? null, address, detail: { username: input.username, why } });
    throw new DomainError('auth/invalid_credentials');
  }
  await auditAnonymous(deps, { action: 'auth.login_succeeded', actorId: member.id, targetStaffId: member.id, address });
  const { token, session } = await openSession(deps, member);
  return { member, token, session };
}

/** Resolves a session cookie's token to the acting staff member. */
export async function authenticateStaff(
  deps: Pick<StaffDeps, 'staff' | 'sessions' | 'secrets' | 'clock'>,
  token: string,
  address: string | null = null,
): Promise<{ actor: StaffActor; member: StaffMember; expiresAt: string }> {
  const session = await deps.sessions.findByTokenHash(deps.secrets.hashSecret(token));
  if (!session) throw new DomainError('auth/required');
  if (session.expiresAt <= deps.clock.now().toISOString()) {
    await deps.sessions.delete(session.id);
    throw new DomainError('auth/required');
  }
  const member = await deps.staff.findById(session.staffId);
  if (!member || member.disabled) throw new DomainError('auth/required');
  return { actor: { kind: 'staff', staffId: member.id, roles: member.roles, sessionId: session.id, address }, member, expiresAt: session.expiresAt };
}

/** Ends a staff session; its open sockets are closed by whoever listens to the event. */
export async function logout(deps: Pick<StaffDeps, 'sessions' | 'events' | 'audit' | 'clock'>, actor: StaffActor): Promise<void> {
  await deps.sessions.delete(actor.sessionId);
  await auditStaff(deps, actor, 'auth.logout');
  deps.events.publish({ type: 'staff.session_ended', sessionId: actor.sessionId });
}
