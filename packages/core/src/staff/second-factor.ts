import type { StaffActor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import type { RelyingParty } from '../ports/second-factor.js';
import type { StaffDeps } from './deps.js';
import { auditAnonymous, requireStepUp } from './staff-use-cases.js';
import type { SecondFactor, StaffMember, StaffSession } from './staff.js';

/** Number of single-use recovery codes issued with the first factor (and on regeneration). */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Recovery codes are compared without spaces, dashes or case. */
export const normalizeRecoveryCode = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The session a second-factor step acts on, with its owner. */
export interface FactorContext {
  session: StaffSession;
  member: StaffMember;
  /** Set when the session is fully authenticated (enrolling another factor, stepping up). */
  actor: StaffActor | null;
}

function asActor(ctx: FactorContext): StaffActor {
  return ctx.actor ?? { kind: 'staff', staffId: ctx.member.id, roles: ctx.member.roles, sessionId: ctx.session.id, address: ctx.session.address };
}

function newRecoveryCodes(deps: StaffDeps): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = deps.ids.secret();
    let code = '';
    for (let i = 0; code.length < 10 && i < raw.length; i++) code += RECOVERY_ALPHABET[raw.charCodeAt(i) % RECOVERY_ALPHABET.length];
    return `${code.slice(0, 5)}-${code.slice(5, 10)}`;
  });
}

/** A factor may be added during enrolment, or later by a fully signed-in person who just confirmed a factor. */
async function requireEnrolmentAllowed(deps: StaffDeps, ctx: FactorContext): Promise<void> {
  if (ctx.session.stage === 'enrolment') {
    // An enrolment session is for the first factor only: once the account has one, a session opened
    // earlier (perhaps with a stolen password) may not add another without that factor.
    if ((await deps.factors.list(ctx.member.id)).length > 0) throw new DomainError('auth/second_factor_required');
    return;
  }
  if (ctx.session.stage === 'full' && ctx.actor) {
    if ((await deps.factors.list(ctx.member.id)).length > 0) requireStepUp(deps, ctx.actor);
    return;
  }
  throw new DomainError('auth/second_factor_required');
}

/** Completes a successful second-factor check: the session becomes full and counts as just stepped up. */
async function passed(deps: StaffDeps, ctx: FactorContext, kind: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.sessions.update(ctx.session.id, { stage: 'full', stepUpAt: now, pending: null, lastSeenAt: now });
  deps.throttle.recordSuccess([`factor:${ctx.member.id}`]);
  await auditStaff(deps, asActor(ctx), 'auth.second_factor_succeeded', { targetStaffId: ctx.member.id, detail: { kind } });
}

async function failed(deps: StaffDeps, ctx: FactorContext, kind: string): Promise<never> {
  deps.throttle.recordFailure([`factor:${ctx.member.id}`], deps.clock.now());
  await auditAnonymous(deps, {
    action: 'auth.second_factor_failed',
    actorId: ctx.member.id,
    targetStaffId: ctx.member.id,
    address: ctx.session.address,
    detail: { kind },
  });
  throw new DomainError('auth/invalid_code');
}

function checkThrottle(deps: StaffDeps, ctx: FactorContext): void {
  const wait = deps.throttle.retryAfterMs([`factor:${ctx.member.id}`], deps.clock.now());
  if (wait > 0) throw new DomainError('request/rate_limited', undefined, wait);
}

/** Stores a new factor; the first one also issues recovery codes, returned once. */
async function addFactor(deps: StaffDeps, ctx: FactorContext, factor: SecondFactor): Promise<{ recoveryCodes: string[] | null }> {
  const first = (await deps.factors.list(ctx.member.id)).length === 0;
  await deps.factors.add(factor);
  let recoveryCodes: string[] | null = null;
  if (first) {
    recoveryCodes = newRecoveryCodes(deps);
    await deps.factors.replaceRecoveryCodes(ctx.member.id, recoveryCodes.map((c) => deps.secrets.hashSecret(normalizeRecoveryCode(c))));
  }
  await auditStaff(deps, asActor(ctx), 'factor.enrolled', { targetStaffId: ctx.member.id, detail: { kind: factor.kind, factorId: factor.id } });
  await passed(deps, ctx, factor.kind);
  return { recoveryCodes };
}

// ---------------------------------------------------------------- TOTP

/** Starts enrolling an authenticator app: a fresh secret kept on the session until confirmed. */
export async function startTotpEnrolment(deps: StaffDeps, ctx: FactorContext): Promise<{ secret: string; uri: string }> {
  await requireEnrolmentAllowed(deps, ctx);
  const secret = deps.totp.newSecret();
  await deps.sessions.update(ctx.session.id, { pending: { kind: 'totp_enrolment', secret } });
  return { secret, uri: deps.totp.uri(ctx.member.username, secret) };
}

/** Confirms the app with a first code; only then is the factor stored. */
export async function confirmTotpEnrolment(
  deps: StaffDeps,
  ctx: FactorContext,
  input: { code: string; label: string },
): Promise<{ recoveryCodes: string[] | null }> {
  await requireEnrolmentAllowed(deps, ctx);
  checkThrottle(deps, ctx);
  const pending = ctx.session.pending;
  if (pending?.kind !== 'totp_enrolment') throw new DomainError('auth/invalid_code');
  const check = await deps.totp.verify(pending.secret, input.code, deps.clock.now());
  if (!check.valid) return failed(deps, ctx, 'totp_enrolment');
  const now = deps.clock.now().toISOString();
  return addFactor(deps, ctx, {
    id: deps.ids.uuid(),
    staffId: ctx.member.id,
    kind: 'totp',
    label: input.label,
    createdAt: now,
    lastUsedAt: now,
    totpSecret: pending.secret,
    totpLastStep: check.timeStep,
    credentialId: null,
    publicKey: null,
    signCount: null,
    transports: [],
  });
}

/** Second step of login (or a step-up) with a code from an authenticator app; a code works once. */
export async function verifyTotp(deps: StaffDeps, ctx: FactorContext, code: string): Promise<void> {
  if (ctx.session.stage === 'enrolment') throw new DomainError('auth/second_factor_required');
  checkThrottle(deps, ctx);
  const now = deps.clock.now();
  for (const factor of await deps.factors.list(ctx.member.id)) {
    if (factor.kind !== 'totp' || !factor.totpSecret) continue;
    const check = await deps.totp.verify(factor.totpSecret, code, now);
    if (check.valid && (await deps.factors.useTotpStep(factor.id, check.timeStep, now.toISOString()))) return passed(deps, ctx, 'totp');
  }
  return failed(deps, ctx, 'totp');
}

/** Second step with a single-use recovery code (lost phone or key). */
export async function verifyRecoveryCode(deps: StaffDeps, ctx: FactorContext, code: string): Promise<{ remaining: number }> {
  if (ctx.session.stage === 'enrolment') throw new DomainError('auth/second_factor_required');
  checkThrottle(deps, ctx);
  const hash = deps.secrets.hashSecret(normalizeRecoveryCode(code));
  if (!(await deps.factors.consumeRecoveryCode(ctx.member.id, hash, deps.clock.now().toISOString()))) return failed(deps, ctx, 'recovery');
  await passed(deps, ctx, 'recovery');
  return { remaining: await deps.factors.countUnusedRecoveryCodes(ctx.member.id) };
}

// ---------------------------------------------------------------- WebAuthn

/** Options for registering a security key or passkey. */
export async function startWebauthnRegistration(deps: StaffDeps, ctx: FactorContext, rp: RelyingParty): Promise<unknown> {
  await requireEnrolmentAllowed(deps, ctx);
  const existing = (await deps.factors.list(ctx.member.id)).flatMap((f) => (f.credentialId ? [f.credentialId] : []));
  const { options, challenge } = await deps.webauthn.registrationOptions(
    rp,
    { id: ctx.member.id, name: ctx.member.username, displayName: `${ctx.member.rank} ${ctx.member.firstName}` },
    existing,
  );
  await deps.sessions.update(ctx.session.id, { pending: { kind: 'webauthn_registration', challenge } });
  return options;
}

export async function finishWebauthnRegistration(
  deps: StaffDeps,
  ctx: FactorContext,
  rp: RelyingParty,
  input: { response: unknown; label: string },
): Promise<{ recoveryCodes: string[] | null }> {
  await requireEnrolmentAllowed(deps, ctx);
  checkThrottle(deps, ctx);
  const pending = ctx.session.pending;
  if (pending?.kind !== 'webauthn_registration') throw new DomainError('auth/invalid_code');
  const credential = await deps.webauthn.verifyRegistration(rp, input.response, pending.challenge);
  if (!credential) return failed(deps, ctx, 'webauthn_registration');
  const now = deps.clock.now().toISOString();
  return addFactor(deps, ctx, {
    id: deps.ids.uuid(),
    staffId: ctx.member.id,
    kind: 'webauthn',
    label: input.label,
    createdAt: now,
    lastUsedAt: now,
    totpSecret: null,
    totpLastStep: null,
    credentialId: credential.credentialId,
    publicKey: credential.publicKey,
    signCount: credential.signCount,
    transports: credential.transports,
  });
}

/** Options for signing in (or stepping up) with a registered key. */
export async function startWebauthnLogin(deps: StaffDeps, ctx: FactorContext, rp: RelyingParty): Promise<unknown> {
  if (ctx.session.stage === 'enrolment') throw new DomainError('auth/second_factor_required');
  const allow = (await deps.factors.list(ctx.member.id)).flatMap((f) =>
    f.kind === 'webauthn' && f.credentialId ? [{ credentialId: f.credentialId, transports: f.transports }] : [],
  );
  if (allow.length === 0) throw new DomainError('auth/invalid_code');
  const { options, challenge } = await deps.webauthn.authenticationOptions(rp, allow);
  await deps.sessions.update(ctx.session.id, { pending: { kind: 'webauthn_authentication', challenge } });
  return options;
}

export async function finishWebauthnLogin(deps: StaffDeps, ctx: FactorContext, rp: RelyingParty, response: unknown): Promise<void> {
  if (ctx.session.stage === 'enrolment') throw new DomainError('auth/second_factor_required');
  checkThrottle(deps, ctx);
  const pending = ctx.session.pending;
  if (pending?.kind !== 'webauthn_authentication') return failed(deps, ctx, 'webauthn');
  const credentialId = deps.webauthn.credentialIdOf(response);
  const factor = credentialId ? await deps.factors.findByCredentialId(credentialId) : undefined;
  if (!factor || factor.staffId !== ctx.member.id || !factor.publicKey || !factor.credentialId) return failed(deps, ctx, 'webauthn');
  const result = await deps.webauthn.verifyAuthentication(rp, response, pending.challenge, {
    credentialId: factor.credentialId,
    publicKey: factor.publicKey,
    signCount: factor.signCount ?? 0,
    transports: factor.transports,
  });
  if (!result) return failed(deps, ctx, 'webauthn');
  await deps.factors.useWebauthn(factor.id, result.signCount, deps.clock.now().toISOString());
  return passed(deps, ctx, 'webauthn');
}

// ---------------------------------------------------------------- management

/** A person's own factors, without secrets. */
export async function listOwnFactors(
  deps: StaffDeps,
  actor: StaffActor,
): Promise<{ factors: Omit<SecondFactor, 'totpSecret' | 'publicKey'>[]; recoveryCodesLeft: number }> {
  const factors = (await deps.factors.list(actor.staffId)).map(({ totpSecret: _s, publicKey: _k, ...rest }) => rest);
  return { factors, recoveryCodesLeft: await deps.factors.countUnusedRecoveryCodes(actor.staffId) };
}

/** Removes one of one's factors (sensitive); the last one cannot go, since a factor is mandatory. */
export async function removeOwnFactor(deps: StaffDeps, actor: StaffActor, factorId: string): Promise<void> {
  requireStepUp(deps, actor);
  const factors = await deps.factors.list(actor.staffId);
  if (!factors.some((f) => f.id === factorId)) throw new DomainError('request/not_found');
  if (factors.length <= 1) throw new DomainError('staff/last_factor');
  await deps.factors.remove(actor.staffId, factorId);
  await auditStaff(deps, actor, 'factor.removed', { targetStaffId: actor.staffId, detail: { factorId } });
}

/** Issues a fresh set of recovery codes (sensitive); the old ones stop working. */
export async function regenerateRecoveryCodes(deps: StaffDeps, actor: StaffActor): Promise<string[]> {
  requireStepUp(deps, actor);
  const codes = newRecoveryCodes(deps);
  await deps.factors.replaceRecoveryCodes(actor.staffId, codes.map((c) => deps.secrets.hashSecret(normalizeRecoveryCode(c))));
  await auditStaff(deps, actor, 'recovery_codes.regenerated', { targetStaffId: actor.staffId });
  return codes;
}
