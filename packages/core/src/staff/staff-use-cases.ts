import { DEFAULT_CAPACITY, type CreateStaffRequest, type Role, type SetupRequest, type Topic } from '@brigade/protocol';
import type { Actor, StaffActor } from '../actor.js';
import type { AuditRecord } from '../audit/audit-entry.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import type { StaffDeps } from './deps.js';
import { passwordProblem } from './password-policy.js';
import { DEFAULT_OPERATOR_TOPICS, type SessionStage, type StaffMember, type StaffSession } from './staff.js';

/** Where a request comes from, for sessions and the audit trail. */
export interface Origin {
  address?: string | null;
  userAgent?: string | null;
}

/** Sessions are "seen" at most this often (one write per minute per session, not per request). */
const TOUCH_INTERVAL_MS = 60_000;

function checkPassword(deps: StaffDeps, password: string, who: { username: string; firstName: string }): void {
  if (passwordProblem(password, who, deps.commonPasswords)) throw new DomainError('staff/weak_password');
}

/** Topics in a stable order, without repeats. */
const topicSet = (topics: readonly Topic[]): Topic[] => [...new Set(topics)].sort();

async function checkService(deps: StaffDeps, serviceId: string | null | undefined): Promise<void> {
  if (serviceId && !(await deps.services.get(serviceId))) throw new DomainError('service/not_found');
}

async function newMember(deps: StaffDeps, input: Omit<CreateStaffRequest, 'roles'> & { roles: Role[] }): Promise<StaffMember> {
  checkPassword(deps, input.password, input);
  await checkService(deps, input.serviceId);
  return {
    id: deps.ids.uuid(),
    username: input.username,
    passwordHash: await deps.passwords.hash(input.password),
    rank: input.rank,
    firstName: input.firstName,
    roles: [...new Set(input.roles)],
    disabled: false,
    createdAt: deps.clock.now().toISOString(),
    capacity: input.capacity ?? DEFAULT_CAPACITY,
    topics: topicSet(input.topics ?? DEFAULT_OPERATOR_TOPICS),
    serviceId: input.serviceId ?? null,
    availability: 'available',
  };
}

/** An audit entry not tied to an authenticated actor (setup, login attempts). */
export async function auditAnonymous(deps: Pick<StaffDeps, 'audit' | 'clock'>, record: Partial<AuditRecord> & Pick<AuditRecord, 'action'>): Promise<void> {
  await deps.audit.record(
    { actorId: null, conversationId: null, targetStaffId: null, address: null, reason: null, detail: null, ...record },
    deps.clock.now().toISOString(),
  );
}

async function openSession(
  deps: StaffDeps,
  member: StaffMember,
  stage: SessionStage,
  origin: Origin,
): Promise<{ token: string; session: StaffSession }> {
  const token = deps.ids.secret();
  const now = deps.clock.now();
  const session: StaffSession = {
    id: deps.ids.uuid(),
    tokenHash: deps.secrets.hashSecret(token),
    staffId: member.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.sessionTtlMs).toISOString(),
    stage,
    lastSeenAt: now.toISOString(),
    stepUpAt: null,
    address: origin.address ?? null,
    userAgent: origin.userAgent?.slice(0, 200) ?? null,
    pending: null,
  };
  await deps.sessions.create(session);
  return { token, session };
}

/**
 * Creates the first administrator with the one-time setup token printed at first start. The
 * session it opens can do nothing but enrol a second factor. Refused once any account exists.
 */
export async function setupFirstAdmin(
  deps: StaffDeps,
  input: SetupRequest & { expectedTokenHash: string | null } & Origin,
): Promise<{ member: StaffMember; token: string; session: StaffSession }> {
  if (input.expectedTokenHash === null || (await deps.staff.count()) > 0) throw new DomainError('setup/already_done');
  if (deps.secrets.hashSecret(input.token) !== input.expectedTokenHash) throw new DomainError('setup/invalid_token');
  const member = await newMember(deps, { ...input, roles: ['admin', 'supervisor', 'operator'] });
  if (!(await deps.staff.createFirst(member))) throw new DomainError('setup/already_done');
  await auditAnonymous(deps, { action: 'setup.first_admin', actorId: member.id, targetStaffId: member.id, address: input.address ?? null });
  const { token, session } = await openSession(deps, member, 'enrolment', input);
  return { member, token, session };
}

export function requireAdmin(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
}

/** Sensitive actions need a second-factor check within the step-up window. */
export function requireStepUp(deps: Pick<StaffDeps, 'clock' | 'stepUpWindowMs'>, actor: StaffActor): void {
  const at = actor.stepUpAt ? Date.parse(actor.stepUpAt) : Number.NaN;
  if (!(deps.clock.now().getTime() - at <= deps.stepUpWindowMs)) throw new DomainError('auth/step_up_required');
}

/** An administrator creates a staff account; its owner enrols a second factor at first login. */
export async function createStaff(deps: StaffDeps, actor: Actor, input: CreateStaffRequest): Promise<StaffMember> {
  requireAdmin(actor);
  const member = await newMember(deps, input);
  if (!(await deps.staff.create(member))) throw new DomainError('staff/username_taken');
  await auditStaff(deps, actor, 'staff.created', {
    targetStaffId: member.id,
    detail: { roles: member.roles.join(','), capacity: member.capacity, topics: member.topics.join(','), serviceId: member.serviceId ?? 'none' },
  });
  return member;
}

/** An administrator lists staff accounts. */
export async function listStaff(deps: Pick<StaffDeps, 'staff'>, actor: Actor): Promise<StaffMember[]> {
  requireAdmin(actor);
  return deps.staff.list();
}

/** An administrator edits an account; a role change is sensitive (second factor again). */
export async function updateStaff(
  deps: StaffDeps,
  actor: Actor,
  input: {
    staffId: string;
    rank?: string | undefined;
    firstName?: string | undefined;
    roles?: Role[] | undefined;
    capacity?: number | undefined;
    topics?: Topic[] | undefined;
    serviceId?: string | null | undefined;
  },
): Promise<StaffMember> {
  requireAdmin(actor);
  const member = await deps.staff.findById(input.staffId);
  if (!member) throw new DomainError('staff/not_found');
  const roles = input.roles ? [...new Set(input.roles)] : undefined;
  const rolesChanged = roles !== undefined && [...roles].sort().join() !== [...member.roles].sort().join();
  if (rolesChanged) {
    requireStepUp(deps, actor);
    if (member.id === actor.staffId && !roles.includes('admin')) throw new DomainError('staff/cannot_change_self');
  }
  if (input.serviceId !== undefined && input.serviceId !== member.serviceId) await checkService(deps, input.serviceId);
  const topics = input.topics ? topicSet(input.topics) : undefined;
  const updated = await deps.staff.update(member.id, {
    ...(input.rank !== undefined ? { rank: input.rank } : {}),
    ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
    ...(rolesChanged ? { roles } : {}),
    ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    ...(topics ? { topics } : {}),
    ...(input.serviceId !== undefined ? { serviceId: input.serviceId } : {}),
  });
  if (!updated) throw new DomainError('staff/not_found');
  // Routing changes are recorded with their values (they decide who sees which conversations).
  const routing = {
    ...(updated.capacity !== member.capacity ? { capacity: updated.capacity } : {}),
    ...(topicSet(updated.topics).join() !== topicSet(member.topics).join() ? { topics: updated.topics.join(',') } : {}),
    ...(updated.serviceId !== member.serviceId ? { serviceId: updated.serviceId ?? 'none' } : {}),
  };
  await auditStaff(deps, actor, 'staff.updated', {
    targetStaffId: member.id,
    detail: rolesChanged ? { rolesBefore: member.roles.join(','), rolesAfter: updated.roles.join(','), ...routing } : { profile: true, ...routing },
  });
  deps.events.publish({ type: 'staff.updated', member: updated });
  if (rolesChanged) {
    // Sessions carry roles from their login: end them so the new roles apply everywhere at once.
    for (const sessionId of await deps.sessions.deleteAllForStaff(member.id)) deps.events.publish({ type: 'staff.session_ended', sessionId, reason: 'revoked' });
  }
  return updated;
}

/** An administrator disables or re-enables an account; disabling ends its sessions and sockets at once. */
export async function setStaffDisabled(deps: StaffDeps, actor: Actor, input: { staffId: string; disabled: boolean }): Promise<StaffMember> {
  requireAdmin(actor);
  requireStepUp(deps, actor);
  if (input.staffId === actor.staffId) throw new DomainError('staff/cannot_change_self');
  const updated = await deps.staff.update(input.staffId, { disabled: input.disabled });
  if (!updated) throw new DomainError('staff/not_found');
  if (input.disabled) {
    await deps.sessions.deleteAllForStaff(updated.id);
    deps.events.publish({ type: 'staff.disabled', staffId: updated.id });
  }
  await auditStaff(deps, actor, input.disabled ? 'staff.disabled' : 'staff.enabled', { targetStaffId: updated.id });
  return updated;
}

/**
 * Password login, first step. The session it opens waits for the second factor (or for the
 * enrolment of a first one). An unknown username costs the same hash verification as a wrong
 * password and both answer alike; repeated failures per account and per address wait longer and
 * longer; every failure is recorded.
 */
export async function login(
  deps: StaffDeps,
  input: { username: string; password: string; dummyHash: string } & Origin,
): Promise<{ member: StaffMember; token: string; session: StaffSession; methods: ('totp' | 'webauthn' | 'recovery')[] }> {
  const address = input.address ?? null;
  const keys = [`user:${input.username}`, ...(address ? [`addr:${address}`] : [])];
  const now = deps.clock.now();
  const wait = deps.throttle.retryAfterMs(keys, now);
  if (wait > 0) {
    await auditAnonymous(deps, { action: 'auth.login_failed', address, detail: { username: input.username, why: 'throttled' } });
    throw new DomainError('request/rate_limited', undefined, wait);
  }
  const member = await deps.staff.findByUsername(input.username);
  const valid = await deps.passwords.verify(member?.passwordHash ?? input.dummyHash, input.password);
  if (!member || !valid || member.disabled) {
    deps.throttle.recordFailure(keys, now);
    const why = !member ? 'unknown_user' : !valid ? 'wrong_password' : 'disabled';
    await auditAnonymous(deps, { action: 'auth.login_failed', targetStaffId: member?.id ?? null, address, detail: { username: input.username, why } });
    throw new DomainError('auth/invalid_credentials');
  }
  deps.throttle.recordSuccess([`user:${input.username}`]);
  const factors = await deps.factors.list(member.id);
  const { token, session } = await openSession(deps, member, factors.length > 0 ? 'second_factor' : 'enrolment', input);
  await auditAnonymous(deps, { action: 'auth.login_succeeded', actorId: member.id, targetStaffId: member.id, address, detail: { step: 'password' } });
  const methods = [...new Set(factors.map((f) => f.kind))];
  return { member, token, session, methods: factors.length > 0 ? [...methods, 'recovery'] : [] };
}

/**
 * Resolves a session cookie's token. Ends sessions past their absolute or idle timeout, refuses
 * disabled accounts, and by default admits only fully authenticated sessions.
 */
export async function authenticateStaff(
  deps: Pick<StaffDeps, 'staff' | 'sessions' | 'secrets' | 'clock' | 'sessionIdleMs'>,
  token: string,
  address: string | null = null,
  options: { stages?: readonly SessionStage[]; touch?: boolean } = {},
): Promise<{ actor: StaffActor; member: StaffMember; session: StaffSession; expiresAt: string }> {
  const session = await deps.sessions.findByTokenHash(deps.secrets.hashSecret(token));
  if (!session) throw new DomainError('auth/required');
  const now = deps.clock.now();
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  if (session.expiresAt <= now.toISOString() || idleSince > deps.sessionIdleMs) {
    await deps.sessions.delete(session.id);
    throw new DomainError('auth/required');
  }
  const member = await deps.staff.findById(session.staffId);
  if (!member || member.disabled) throw new DomainError('auth/required');
  if (!(options.stages ?? ['full']).includes(session.stage)) throw new DomainError('auth/second_factor_required');
  if (options.touch !== false && idleSince > TOUCH_INTERVAL_MS) {
    await deps.sessions.update(session.id, { lastSeenAt: now.toISOString() });
    session.lastSeenAt = now.toISOString();
  }
  // Idle expiry comes first when nothing happens: a socket must not outlive it either.
  const idleEnd = new Date(Date.parse(session.lastSeenAt) + deps.sessionIdleMs).toISOString();
  return {
    actor: { kind: 'staff', staffId: member.id, roles: member.roles, sessionId: session.id, address, stepUpAt: session.stepUpAt },
    member,
    session,
    expiresAt: idleEnd < session.expiresAt ? idleEnd : session.expiresAt,
  };
}

/** Keeps a session alive while its owner works (e.g. through the realtime connection). */
export async function touchSession(deps: Pick<StaffDeps, 'sessions' | 'clock'>, sessionId: string): Promise<void> {
  await deps.sessions.update(sessionId, { lastSeenAt: deps.clock.now().toISOString() });
}

/** Ends a staff session; its open sockets are closed by whoever listens to the event. */
export async function logout(deps: Pick<StaffDeps, 'sessions' | 'events' | 'audit' | 'clock'>, actor: StaffActor): Promise<void> {
  await deps.sessions.delete(actor.sessionId);
  await auditStaff(deps, actor, 'auth.logout');
  deps.events.publish({ type: 'staff.session_ended', sessionId: actor.sessionId, reason: 'logout' });
}

/** A person's own sessions (to spot one they do not recognise). */
export async function listOwnSessions(deps: Pick<StaffDeps, 'sessions'>, actor: StaffActor): Promise<StaffSession[]> {
  return deps.sessions.listForStaff(actor.staffId);
}

/** A person ends one of their own sessions; someone else's is "not found". */
export async function revokeOwnSession(deps: StaffDeps, actor: StaffActor, sessionId: string): Promise<void> {
  const own = await deps.sessions.listForStaff(actor.staffId);
  if (!own.some((s) => s.id === sessionId)) throw new DomainError('request/not_found');
  await deps.sessions.delete(sessionId);
  await auditStaff(deps, actor, 'auth.session_revoked', { targetStaffId: actor.staffId, detail: { sessionId } });
  deps.events.publish({ type: 'staff.session_ended', sessionId, reason: 'revoked' });
}
