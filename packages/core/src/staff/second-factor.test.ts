import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../actor.js';
import type { RelyingParty } from '../ports/second-factor.js';
import { type World, buildWorld } from '../testing/builders.js';
import { FakeTotp } from '../testing/fakes.js';
import {
  type FactorContext,
  RECOVERY_CODE_COUNT,
  confirmTotpEnrolment,
  finishWebauthnLogin,
  finishWebauthnRegistration,
  listOwnFactors,
  regenerateRecoveryCodes,
  removeOwnFactor,
  startTotpEnrolment,
  startWebauthnLogin,
  startWebauthnRegistration,
  verifyRecoveryCode,
  verifyTotp,
} from './second-factor.js';
import { authenticateStaff, login, revokeOwnSession, setStaffDisabled, updateStaff } from './staff-use-cases.js';
import type { StaffSession } from './staff.js';

const DUMMY_HASH = 'pw:dummy-never-matches';
const PASSWORD = 'right password';
const ADDRESS = '192.0.2.10';
const RP: RelyingParty = { origin: 'https://brigade.test', id: 'brigade.test', name: 'Brigade' };
const T0 = '2026-01-01T00:00:00.000Z';
const STEP = 30_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RECOVERY_CODE = /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{1,5}$/;

/** The i-th element of a list, or a test failure (keeps noUncheckedIndexedAccess happy). */
function at<T>(list: readonly T[] | null | undefined, i: number): T {
  const item = list?.[i];
  if (item === undefined) throw new Error(`no element ${i}`);
  return item;
}

/** A 6-digit code that is not valid for this secret at `now`, even with one step of drift. */
function wrongCode(secret: string, now: Date): string {
  const valid = new Set([-1, 0, 1].map((d) => FakeTotp.codeAt(secret, new Date(now.getTime() + d * STEP))));
  return at(['000000', '111111', '222222', '333333'].filter((c) => !valid.has(c)), 0);
}

const codeNow = (w: World, secret: string) => FakeTotp.codeAt(secret, w.clock.now());

async function reread(w: World, session: StaffSession): Promise<StaffSession> {
  const stored = await w.sessions.findByTokenHash(session.tokenHash);
  if (!stored) throw new Error('session gone');
  return stored;
}

/** The same context with its session as stored now (after a use case changed it). */
async function refresh(w: World, ctx: FactorContext): Promise<FactorContext> {
  return { ...ctx, session: await reread(w, ctx.session) };
}

/** Password step of a login: a session at stage 'enrolment' or 'second_factor'. */
async function passwordStep(w: World, username = 'op1') {
  const result = await login(w.staffDeps, { username, password: PASSWORD, dummyHash: DUMMY_HASH, address: ADDRESS });
  const ctx: FactorContext = { session: result.session, member: result.member, actor: null };
  return { ...result, ctx };
}

/** A fully authenticated session's context, as the server builds it. */
async function fullContext(w: World, token: string): Promise<FactorContext> {
  const { actor, member, session } = await authenticateStaff(w.staffDeps, token);
  return { session, member, actor };
}

/** A new account whose owner logs in and enrols an authenticator app; the session is then full. */
async function withTotp(w: World, username = 'op1') {
  await w.addStaff(username, ['operator'], { password: PASSWORD });
  const { token, session, member, ctx } = await passwordStep(w, username);
  const { secret } = await startTotpEnrolment(w.staffDeps, ctx);
  const { recoveryCodes } = await confirmTotpEnrolment(w.staffDeps, await refresh(w, ctx), { code: codeNow(w, secret), label: 'phone' });
  return { token, session, member, secret, recoveryCodes: recoveryCodes ?? [] };
}

/** Registers a security key from the given context (enrolment or full with a recent step-up). */
async function registerKey(w: World, ctx: FactorContext, credentialId: string) {
  const options = (await startWebauthnRegistration(w.staffDeps, ctx, RP)) as { challenge: string };
  return finishWebauthnRegistration(w.staffDeps, await refresh(w, ctx), RP, { response: { credentialId, challenge: options.challenge }, label: 'key' });
}

/** A new account whose owner enrols a security key as first factor. */
async function withKey(w: World, username: string, credentialId: string) {
  await w.addStaff(username, ['operator'], { password: PASSWORD });
  const { token, member, ctx } = await passwordStep(w, username);
  const { recoveryCodes } = await registerKey(w, ctx, credentialId);
  return { token, member, recoveryCodes: recoveryCodes ?? [] };
}

const failures = (w: World) => w.audit.entries.filter((e) => e.action === 'auth.second_factor_failed');

// ------------------------------------------------------------------------------------------ TOTP

describe('TOTP enrolment', () => {
  it('start keeps a fresh secret on the session, stores no factor yet', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx, methods } = await passwordStep(w);
    expect(ctx.session.stage).toBe('enrolment');
    expect(methods).toEqual([]);

    const started = await startTotpEnrolment(w.staffDeps, ctx);

    expect(started).toEqual({ secret: 'TOTPSECRET1', uri: 'otpauth://totp/Brigade:op1?secret=TOTPSECRET1&issuer=Brigade' });
    expect((await reread(w, ctx.session)).pending).toEqual({ kind: 'totp_enrolment', secret: 'TOTPSECRET1' });
    expect(await w.factors.list(ctx.member.id)).toEqual([]);
  });

  it('a wrong confirmation code is auth/invalid_code: no factor, the session still enrolling, the failure audited', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx, token } = await passwordStep(w);
    const { secret } = await startTotpEnrolment(w.staffDeps, ctx);

    await expect(
      confirmTotpEnrolment(w.staffDeps, await refresh(w, ctx), { code: wrongCode(secret, w.clock.now()), label: 'phone' }),
    ).rejects.toMatchObject({ code: 'auth/invalid_code' });

    expect(await w.factors.list(ctx.member.id)).toEqual([]);
    expect(await w.factors.countUnusedRecoveryCodes(ctx.member.id)).toBe(0);
    expect(await reread(w, ctx.session)).toMatchObject({ stage: 'enrolment', stepUpAt: null, pending: { kind: 'totp_enrolment', secret } });
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    expect(w.audit.actions()).toEqual(['auth.login_succeeded', 'auth.second_factor_failed']);
    expect(at(failures(w), 0)).toMatchObject({ actorId: ctx.member.id, targetStaffId: ctx.member.id, address: ADDRESS, detail: { kind: 'totp_enrolment' } });
  });

  it('confirming without a started enrolment is auth/invalid_code', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx } = await passwordStep(w);

    await expect(confirmTotpEnrolment(w.staffDeps, ctx, { code: '123456', label: 'phone' })).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect(await w.factors.list(ctx.member.id)).toEqual([]);
  });

  it('the right code stores the factor, returns 10 distinct recovery codes and completes the session', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx, token } = await passwordStep(w);
    const { secret } = await startTotpEnrolment(w.staffDeps, ctx);
    w.clock.advance(45_000);
    const now = w.clock.now();

    const { recoveryCodes } = await confirmTotpEnrolment(w.staffDeps, await refresh(w, ctx), { code: FakeTotp.codeAt(secret, now), label: 'phone' });

    const factors = await w.factors.list(ctx.member.id);
    expect(factors).toEqual([
      {
        id: expect.any(String),
        staffId: ctx.member.id,
        kind: 'totp',
        label: 'phone',
        createdAt: '2026-01-01T00:00:45.000Z',
        lastUsedAt: '2026-01-01T00:00:45.000Z',
        totpSecret: 'TOTPSECRET1',
        totpLastStep: FakeTotp.step(now),
        credentialId: null,
        publicKey: null,
        signCount: null,
        transports: [],
      },
    ]);
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes ?? []) expect(code).toMatch(RECOVERY_CODE);
    expect(await w.factors.countUnusedRecoveryCodes(ctx.member.id)).toBe(10);
    expect(await reread(w, ctx.session)).toMatchObject({
      stage: 'full',
      stepUpAt: '2026-01-01T00:00:45.000Z',
      lastSeenAt: '2026-01-01T00:00:45.000Z',
      pending: null,
    });
    expect(w.audit.actions()).toEqual(['auth.login_succeeded', 'factor.enrolled', 'auth.second_factor_succeeded']);
    expect(w.audit.entries.find((e) => e.action === 'factor.enrolled')).toMatchObject({
      actorId: ctx.member.id,
      targetStaffId: ctx.member.id,
      detail: { kind: 'totp', factorId: at(factors, 0).id },
    });
    const { actor } = await authenticateStaff(w.staffDeps, token);
    expect(actor.stepUpAt).toBe('2026-01-01T00:00:45.000Z');
  });

  it('a session waiting for its second factor cannot enrol one (auth/second_factor_required)', async () => {
    const w = buildWorld();
    const { secret } = await withTotp(w);
    const { ctx, methods } = await passwordStep(w);
    expect(ctx.session.stage).toBe('second_factor');
    expect(methods).toEqual(['totp', 'recovery']);

    await expect(startTotpEnrolment(w.staffDeps, ctx)).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    const forged = { ...ctx, session: { ...ctx.session, pending: { kind: 'totp_enrolment' as const, secret } } };
    await expect(confirmTotpEnrolment(w.staffDeps, forged, { code: codeNow(w, secret), label: 'x' })).rejects.toMatchObject({
      code: 'auth/second_factor_required',
    });
    await expect(startWebauthnRegistration(w.staffDeps, ctx, RP)).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    await expect(
      finishWebauthnRegistration(w.staffDeps, ctx, RP, { response: { credentialId: 'cred-X', challenge: 'reg-1' }, label: 'x' }),
    ).rejects.toMatchObject({ code: 'auth/second_factor_required' });

    expect(await w.factors.list(ctx.member.id)).toHaveLength(1);
    expect(await reread(w, ctx.session)).toMatchObject({ stage: 'second_factor', pending: null });
  });

  it('a full session passed without its actor cannot enrol either', async () => {
    const w = buildWorld();
    const { token } = await withTotp(w);
    const ctx = await fullContext(w, token);

    await expect(startTotpEnrolment(w.staffDeps, { ...ctx, actor: null })).rejects.toMatchObject({ code: 'auth/second_factor_required' });
  });

  it('adding another factor from a full session needs a recent step-up', async () => {
    const w = buildWorld();
    const { token, secret, member } = await withTotp(w);
    w.clock.advance(w.staffDeps.stepUpWindowMs + 1);
    const stale = await fullContext(w, token);
    expect(stale.actor?.stepUpAt).toBe(T0);

    await expect(startTotpEnrolment(w.staffDeps, stale)).rejects.toMatchObject({ code: 'auth/step_up_required' });
    await expect(startWebauthnRegistration(w.staffDeps, stale, RP)).rejects.toMatchObject({ code: 'auth/step_up_required' });
    expect((await reread(w, stale.session)).pending).toBeNull();

    await verifyTotp(w.staffDeps, stale, codeNow(w, secret)); // step-up
    const fresh = await fullContext(w, token);
    expect(fresh.actor?.stepUpAt).toBe('2026-01-01T00:05:00.001Z');
    const { secret: second } = await startTotpEnrolment(w.staffDeps, fresh);
    expect(second).toBe('TOTPSECRET2');
    w.clock.advance(1000);
    const { recoveryCodes } = await confirmTotpEnrolment(w.staffDeps, await refresh(w, fresh), { code: codeNow(w, second), label: 'tablet' });

    // Only the first factor comes with recovery codes; the existing ones stay.
    expect(recoveryCodes).toBeNull();
    expect(await w.factors.countUnusedRecoveryCodes(member.id)).toBe(10);
    expect((await w.factors.list(member.id)).map((f) => [f.label, f.totpSecret])).toEqual([
      ['phone', 'TOTPSECRET1'],
      ['tablet', 'TOTPSECRET2'],
    ]);
  });

  it('a step-up exactly at the end of its window still counts', async () => {
    const w = buildWorld();
    const { token } = await withTotp(w);
    w.clock.advance(w.staffDeps.stepUpWindowMs);

    await expect(startTotpEnrolment(w.staffDeps, await fullContext(w, token))).resolves.toMatchObject({ secret: 'TOTPSECRET2' });
  });
});

describe('verifyTotp', () => {
  it('completes a login waiting for the second factor', async () => {
    const w = buildWorld();
    const { secret, member } = await withTotp(w);
    w.clock.advance(STEP);
    const { ctx, token } = await passwordStep(w);
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/second_factor_required' });

    await verifyTotp(w.staffDeps, ctx, codeNow(w, secret));

    expect(await reread(w, ctx.session)).toMatchObject({ stage: 'full', stepUpAt: '2026-01-01T00:00:30.000Z', pending: null });
    expect((await authenticateStaff(w.staffDeps, token)).actor.stepUpAt).toBe('2026-01-01T00:00:30.000Z');
    expect(at(await w.factors.list(member.id), 0)).toMatchObject({ totpLastStep: FakeTotp.step(w.clock.now()), lastUsedAt: '2026-01-01T00:00:30.000Z' });
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.second_factor_succeeded', actorId: member.id, detail: { kind: 'totp' } });
  });

  it('the code used to confirm the enrolment cannot be used again to log in', async () => {
    const w = buildWorld();
    const { secret } = await withTotp(w);
    const { ctx } = await passwordStep(w);

    await expect(verifyTotp(w.staffDeps, ctx, codeNow(w, secret))).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect((await reread(w, ctx.session)).stage).toBe('second_factor');
  });

  it('a code works once; the code of the next time step is accepted', async () => {
    const w = buildWorld();
    const { secret } = await withTotp(w);
    w.clock.advance(STEP);
    const first = await passwordStep(w);
    const code = codeNow(w, secret);
    await verifyTotp(w.staffDeps, first.ctx, code);
    const second = await passwordStep(w);

    await expect(verifyTotp(w.staffDeps, second.ctx, code)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect((await reread(w, second.ctx.session)).stage).toBe('second_factor');

    w.clock.advance(STEP);
    await verifyTotp(w.staffDeps, second.ctx, codeNow(w, secret));
    expect((await reread(w, second.ctx.session)).stage).toBe('full');
  });

  it('a code of the next step (phone clock ahead) is accepted at once; the current one is then refused', async () => {
    const w = buildWorld();
    const { secret } = await withTotp(w);
    w.clock.advance(STEP);
    const ahead = FakeTotp.codeAt(secret, new Date(w.clock.now().getTime() + STEP));
    const first = await passwordStep(w);

    await verifyTotp(w.staffDeps, first.ctx, ahead);
    expect((await reread(w, first.ctx.session)).stage).toBe('full');

    const second = await passwordStep(w);
    await expect(verifyTotp(w.staffDeps, second.ctx, codeNow(w, secret))).rejects.toMatchObject({ code: 'auth/invalid_code' });
  });

  it('a session still at enrolment cannot verify anything (auth/second_factor_required)', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx } = await passwordStep(w);

    await expect(verifyTotp(w.staffDeps, ctx, '123456')).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    await expect(verifyRecoveryCode(w.staffDeps, ctx, 'abcde-fghjk')).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    await expect(startWebauthnLogin(w.staffDeps, ctx, RP)).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    await expect(finishWebauthnLogin(w.staffDeps, ctx, RP, { credentialId: 'c', challenge: 'x', signCount: 1 })).rejects.toMatchObject({
      code: 'auth/second_factor_required',
    });
    expect((await reread(w, ctx.session)).stage).toBe('enrolment');
    expect(failures(w)).toEqual([]);
  });
});

describe('verifyRecoveryCode', () => {
  it('ignores case, spaces and dashes, works once, and reports how many are left', async () => {
    const w = buildWorld();
    const { recoveryCodes, member } = await withTotp(w);
    const [one, two, three] = [at(recoveryCodes, 0), at(recoveryCodes, 1), at(recoveryCodes, 2)];

    const a = await passwordStep(w);
    expect(await verifyRecoveryCode(w.staffDeps, a.ctx, `  ${one.toUpperCase().replace('-', ' ')} `)).toEqual({ remaining: 9 });
    expect(await reread(w, a.ctx.session)).toMatchObject({ stage: 'full', stepUpAt: T0 });
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.second_factor_succeeded', detail: { kind: 'recovery' } });

    const b = await passwordStep(w);
    await expect(verifyRecoveryCode(w.staffDeps, b.ctx, one)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect((await reread(w, b.ctx.session)).stage).toBe('second_factor');
    expect(at(failures(w), 0).detail).toEqual({ kind: 'recovery' });
    expect(await verifyRecoveryCode(w.staffDeps, b.ctx, two.replace('-', ''))).toEqual({ remaining: 8 });

    const c = await passwordStep(w);
    expect(await verifyRecoveryCode(w.staffDeps, c.ctx, three.toUpperCase().split('').join('-'))).toEqual({ remaining: 7 });
    expect(await w.factors.countUnusedRecoveryCodes(member.id)).toBe(7);
  });

  it('a code never issued, or issued to someone else, is refused', async () => {
    const w = buildWorld();
    await withTotp(w, 'op1');
    const other = await withTotp(w, 'op2');
    const { ctx } = await passwordStep(w, 'op1');

    await expect(verifyRecoveryCode(w.staffDeps, ctx, 'abcde-fghjk')).rejects.toMatchObject({ code: 'auth/invalid_code' });
    await expect(verifyRecoveryCode(w.staffDeps, ctx, at(other.recoveryCodes, 0))).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect((await reread(w, ctx.session)).stage).toBe('second_factor');
    expect(await w.factors.countUnusedRecoveryCodes(other.member.id)).toBe(10);
  });
});

describe('throttling of second-factor failures', () => {
  it('after 3 free failures and a 4th, even the right code waits; later it works again', async () => {
    const w = buildWorld();
    const { secret, member, recoveryCodes } = await withTotp(w);
    w.clock.advance(STEP);
    const { ctx } = await passwordStep(w);
    const bad = wrongCode(secret, w.clock.now());

    for (let i = 0; i < 4; i++) await expect(verifyTotp(w.staffDeps, ctx, bad)).rejects.toMatchObject({ code: 'auth/invalid_code' });

    await expect(verifyTotp(w.staffDeps, ctx, codeNow(w, secret))).rejects.toMatchObject({ code: 'request/rate_limited', retryAfterMs: 1000 });
    await expect(verifyRecoveryCode(w.staffDeps, ctx, at(recoveryCodes, 0))).rejects.toMatchObject({ code: 'request/rate_limited', retryAfterMs: 1000 });
    w.clock.advance(400);
    await expect(verifyTotp(w.staffDeps, ctx, codeNow(w, secret))).rejects.toMatchObject({ code: 'request/rate_limited', retryAfterMs: 600 });
    expect((await reread(w, ctx.session)).stage).toBe('second_factor');
    expect(await w.factors.countUnusedRecoveryCodes(member.id)).toBe(10);

    // Each failure is audited; throttled attempts are not failures.
    expect(failures(w)).toHaveLength(4);
    for (const entry of failures(w)) {
      expect(entry).toMatchObject({ actorId: member.id, targetStaffId: member.id, address: ADDRESS, detail: { kind: 'totp' } });
    }

    w.clock.advance(601);
    await verifyTotp(w.staffDeps, ctx, codeNow(w, secret));
    expect((await reread(w, ctx.session)).stage).toBe('full');
  });

  it('a success starts the count over', async () => {
    const w = buildWorld();
    const { secret } = await withTotp(w);
    w.clock.advance(STEP);
    const first = await passwordStep(w);
    const bad = wrongCode(secret, w.clock.now());
    for (let i = 0; i < 4; i++) await expect(verifyTotp(w.staffDeps, first.ctx, bad)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    w.clock.advance(1000);
    await verifyTotp(w.staffDeps, first.ctx, codeNow(w, secret));

    w.clock.advance(STEP);
    const second = await passwordStep(w);
    const bad2 = wrongCode(secret, w.clock.now());
    await expect(verifyTotp(w.staffDeps, second.ctx, bad2)).rejects.toMatchObject({ code: 'auth/invalid_code' });

    // Without the reset this would be the 6th failure in a row and wait 4 s.
    await expect(verifyTotp(w.staffDeps, second.ctx, bad2)).rejects.toMatchObject({ code: 'auth/invalid_code' });
  });

  it('is per person: another account is not slowed down', async () => {
    const w = buildWorld();
    const one = await withTotp(w, 'op1');
    const two = await withTotp(w, 'op2');
    w.clock.advance(STEP);
    const a = await passwordStep(w, 'op1');
    const bad = wrongCode(one.secret, w.clock.now());
    for (let i = 0; i < 5; i++) await verifyTotp(w.staffDeps, a.ctx, bad).catch(() => undefined);
    await expect(verifyTotp(w.staffDeps, a.ctx, codeNow(w, one.secret))).rejects.toMatchObject({ code: 'request/rate_limited' });

    const b = await passwordStep(w, 'op2');
    await verifyTotp(w.staffDeps, b.ctx, codeNow(w, two.secret));

    expect((await reread(w, b.ctx.session)).stage).toBe('full');
  });

  it('wrong enrolment codes are throttled as well', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx } = await passwordStep(w);
    const { secret } = await startTotpEnrolment(w.staffDeps, ctx);
    const pending = await refresh(w, ctx);
    const bad = wrongCode(secret, w.clock.now());
    for (let i = 0; i < 4; i++) {
      await expect(confirmTotpEnrolment(w.staffDeps, pending, { code: bad, label: 'phone' })).rejects.toMatchObject({ code: 'auth/invalid_code' });
    }

    await expect(confirmTotpEnrolment(w.staffDeps, pending, { code: codeNow(w, secret), label: 'phone' })).rejects.toMatchObject({
      code: 'request/rate_limited',
      retryAfterMs: 1000,
    });
    expect(await w.factors.list(ctx.member.id)).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------- WebAuthn

describe('WebAuthn', () => {
  it('registration needs a response to the challenge kept on the session', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx } = await passwordStep(w);

    const options = await startWebauthnRegistration(w.staffDeps, ctx, RP);
    expect(options).toEqual({ challenge: 'reg-1' });
    const pending = await refresh(w, ctx);
    expect(pending.session.pending).toEqual({ kind: 'webauthn_registration', challenge: 'reg-1' });

    await expect(
      finishWebauthnRegistration(w.staffDeps, pending, RP, { response: { credentialId: 'cred-A', challenge: 'reg-0' }, label: 'key' }),
    ).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect(await w.factors.list(ctx.member.id)).toEqual([]);
    expect(at(failures(w), 0).detail).toEqual({ kind: 'webauthn_registration' });

    const { recoveryCodes } = await finishWebauthnRegistration(w.staffDeps, pending, RP, {
      response: { credentialId: 'cred-A', challenge: 'reg-1' },
      label: 'key',
    });

    expect(recoveryCodes).toHaveLength(10);
    expect(await w.factors.list(ctx.member.id)).toEqual([
      expect.objectContaining({ kind: 'webauthn', label: 'key', credentialId: 'cred-A', publicKey: 'pk-cred-A', signCount: 0, transports: ['usb'], totpSecret: null }),
    ]);
    expect(await reread(w, ctx.session)).toMatchObject({ stage: 'full', stepUpAt: T0, pending: null });
  });

  it('finishing a registration that was never started is auth/invalid_code', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: PASSWORD });
    const { ctx } = await passwordStep(w);

    await expect(
      finishWebauthnRegistration(w.staffDeps, ctx, RP, { response: { credentialId: 'cred-A', challenge: 'reg-1' }, label: 'key' }),
    ).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect(await w.factors.list(ctx.member.id)).toEqual([]);
  });

  it('login with the key completes the session; its signature counter must grow', async () => {
    const w = buildWorld();
    const { member } = await withKey(w, 'op1', 'cred-A');
    const first = await passwordStep(w);
    expect(first.methods).toEqual(['webauthn', 'recovery']);

    const options = (await startWebauthnLogin(w.staffDeps, first.ctx, RP)) as { challenge: string };
    expect((await reread(w, first.ctx.session)).pending).toEqual({ kind: 'webauthn_authentication', challenge: options.challenge });
    const response = { credentialId: 'cred-A', challenge: options.challenge, signCount: 1 };
    await finishWebauthnLogin(w.staffDeps, await refresh(w, first.ctx), RP, response);

    expect(await reread(w, first.ctx.session)).toMatchObject({ stage: 'full', pending: null });
    expect(at(await w.factors.list(member.id), 0).signCount).toBe(1);

    // The very same response, replayed on another session: no challenge of its own.
    const second = await passwordStep(w);
    await expect(finishWebauthnLogin(w.staffDeps, second.ctx, RP, response)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    // On a fresh challenge, a counter that did not grow (a cloned key) is refused.
    const again = (await startWebauthnLogin(w.staffDeps, second.ctx, RP)) as { challenge: string };
    const pending = await refresh(w, second.ctx);
    await expect(finishWebauthnLogin(w.staffDeps, pending, RP, { ...response, challenge: again.challenge })).rejects.toMatchObject({
      code: 'auth/invalid_code',
    });
    expect((await reread(w, second.ctx.session)).stage).toBe('second_factor');

    await finishWebauthnLogin(w.staffDeps, pending, RP, { credentialId: 'cred-A', challenge: again.challenge, signCount: 2 });
    expect((await reread(w, second.ctx.session)).stage).toBe('full');
    expect(at(await w.factors.list(member.id), 0).signCount).toBe(2);
  });

  it("another person's key, an unknown key or a malformed response is auth/invalid_code", async () => {
    const w = buildWorld();
    const one = await withKey(w, 'op1', 'cred-A');
    await withKey(w, 'op2', 'cred-B');
    const { ctx } = await passwordStep(w, 'op2');
    const options = (await startWebauthnLogin(w.staffDeps, ctx, RP)) as { challenge: string };
    const pending = await refresh(w, ctx);

    for (const response of [{ credentialId: 'cred-A', challenge: options.challenge, signCount: 5 }, { credentialId: 'cred-Z', challenge: options.challenge, signCount: 5 }, null]) {
      await expect(finishWebauthnLogin(w.staffDeps, pending, RP, response)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    }

    expect((await reread(w, ctx.session)).stage).toBe('second_factor');
    expect(at(await w.factors.list(one.member.id), 0).signCount).toBe(0);
    expect(failures(w).map((e) => e.detail)).toEqual([{ kind: 'webauthn' }, { kind: 'webauthn' }, { kind: 'webauthn' }]);
  });

  it('asking for a key login without any key is auth/invalid_code', async () => {
    const w = buildWorld();
    await withTotp(w);
    const { ctx } = await passwordStep(w);

    await expect(startWebauthnLogin(w.staffDeps, ctx, RP)).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect((await reread(w, ctx.session)).pending).toBeNull();
  });

  it('a key added next to an app gives no new recovery codes, and both are offered at login', async () => {
    const w = buildWorld();
    const { token, member } = await withTotp(w);
    w.clock.advance(1000);

    const { recoveryCodes } = await registerKey(w, await fullContext(w, token), 'cred-A');

    expect(recoveryCodes).toBeNull();
    expect(await w.factors.countUnusedRecoveryCodes(member.id)).toBe(10);
    expect((await passwordStep(w)).methods).toEqual(['totp', 'webauthn', 'recovery']);
  });
});

// ------------------------------------------------------------------------------------ management

describe("managing one's factors", () => {
  /** An account with an app (enrolled at T0) and a key (added at T0 + 1 s). */
  async function withAppAndKey() {
    const w = buildWorld();
    const enrolled = await withTotp(w);
    w.clock.advance(1000);
    await registerKey(w, await fullContext(w, enrolled.token), 'cred-A');
    const [app, key] = await w.factors.list(enrolled.member.id);
    if (!app || !key) throw new Error('factors missing');
    return { w, ...enrolled, app, key };
  }

  /** Lets the step-up go stale, then the actor of the session. */
  async function staleActor(w: World, token: string): Promise<StaffActor> {
    w.clock.advance(w.staffDeps.stepUpWindowMs + 1);
    return (await authenticateStaff(w.staffDeps, token)).actor;
  }

  /** Steps up with the app, then the actor of the session. */
  async function steppedUp(w: World, token: string, secret: string): Promise<StaffActor> {
    await verifyTotp(w.staffDeps, await fullContext(w, token), codeNow(w, secret));
    return (await authenticateStaff(w.staffDeps, token)).actor;
  }

  it('removeOwnFactor needs a step-up, refuses unknown ids and the last factor', async () => {
    const { w, token, secret, member, app, key } = await withAppAndKey();

    await expect(removeOwnFactor(w.staffDeps, await staleActor(w, token), key.id)).rejects.toMatchObject({ code: 'auth/step_up_required' });
    expect(await w.factors.list(member.id)).toHaveLength(2);

    const actor = await steppedUp(w, token, secret);
    await expect(removeOwnFactor(w.staffDeps, actor, 'no-such-factor')).rejects.toMatchObject({ code: 'request/not_found' });
    await removeOwnFactor(w.staffDeps, actor, key.id);

    expect((await w.factors.list(member.id)).map((f) => f.id)).toEqual([app.id]);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'factor.removed', actorId: member.id, targetStaffId: member.id, detail: { factorId: key.id } });

    await expect(removeOwnFactor(w.staffDeps, actor, app.id)).rejects.toMatchObject({ code: 'staff/last_factor' });
    expect((await w.factors.list(member.id)).map((f) => f.id)).toEqual([app.id]);
  });

  it("someone else's factor is request/not_found and stays", async () => {
    const { w, token, secret } = await withAppAndKey();
    const other = await withTotp(w, 'op2');
    const [otherFactor] = await w.factors.list(other.member.id);
    if (!otherFactor) throw new Error('factor missing');
    w.clock.advance(STEP); // the enrolment code is spent

    await expect(removeOwnFactor(w.staffDeps, await steppedUp(w, token, secret), otherFactor.id)).rejects.toMatchObject({ code: 'request/not_found' });
    expect(await w.factors.list(other.member.id)).toHaveLength(1);
  });

  it('regenerateRecoveryCodes needs a step-up; the old codes stop working, the new ones work', async () => {
    const w = buildWorld();
    const { token, secret, member, recoveryCodes: old } = await withTotp(w);

    await expect(regenerateRecoveryCodes(w.staffDeps, await staleActor(w, token))).rejects.toMatchObject({ code: 'auth/step_up_required' });

    const fresh = await regenerateRecoveryCodes(w.staffDeps, await steppedUp(w, token, secret));

    expect(fresh).toHaveLength(10);
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    for (const code of fresh) expect(code).toMatch(RECOVERY_CODE);
    expect(await w.factors.countUnusedRecoveryCodes(member.id)).toBe(10);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'recovery_codes.regenerated', actorId: member.id, targetStaffId: member.id });

    const { ctx } = await passwordStep(w);
    await expect(verifyRecoveryCode(w.staffDeps, ctx, at(old, 0))).rejects.toMatchObject({ code: 'auth/invalid_code' });
    expect(await verifyRecoveryCode(w.staffDeps, ctx, at(fresh, 0))).toEqual({ remaining: 9 });
  });

  it('listOwnFactors never exposes a TOTP secret or a public key', async () => {
    const { w, token, app, key } = await withAppAndKey();
    await withTotp(w, 'op2');
    const { actor } = await authenticateStaff(w.staffDeps, token);

    const listed = await listOwnFactors(w.staffDeps, actor);

    expect(listed.recoveryCodesLeft).toBe(10);
    expect(listed.factors.map((f) => [f.id, f.kind])).toEqual([
      [app.id, 'totp'],
      [key.id, 'webauthn'],
    ]);
    for (const factor of listed.factors) {
      expect(factor).not.toHaveProperty('totpSecret');
      expect(factor).not.toHaveProperty('publicKey');
    }
    expect(JSON.stringify(listed)).not.toContain('TOTPSECRET');
    expect(JSON.stringify(listed)).not.toContain('pk-cred-A');
    expect(at(listed.factors, 1)).toMatchObject({ label: 'key', credentialId: 'cred-A', signCount: 0, transports: ['usb'] });
  });
});

// -------------------------------------------------------------------------------------- sessions

describe('staff sessions', () => {
  it('a session idle for longer than sessionIdleMs is auth/required and deleted', async () => {
    const w = buildWorld();
    const { token, session } = await withTotp(w);
    expect(w.staffDeps.sessionIdleMs).toBe(30 * MINUTE);

    w.clock.advance(30 * MINUTE);
    await authenticateStaff(w.staffDeps, token, null, { touch: false }); // exactly the limit: still alive
    w.clock.advance(1);

    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
    expect(await w.sessions.findByTokenHash(session.tokenHash)).toBeUndefined();
  });

  it('authenticating extends the idle window, at most once a minute', async () => {
    const w = buildWorld();
    const { token, session } = await withTotp(w);

    w.clock.advance(MINUTE);
    const early = await authenticateStaff(w.staffDeps, token);
    expect((await reread(w, session)).lastSeenAt).toBe(T0);
    expect(early.expiresAt).toBe('2026-01-01T00:30:00.000Z');

    w.clock.advance(1);
    const touched = await authenticateStaff(w.staffDeps, token);
    expect((await reread(w, session)).lastSeenAt).toBe('2026-01-01T00:01:00.001Z');
    expect(touched.session.lastSeenAt).toBe('2026-01-01T00:01:00.001Z');
    expect(touched.expiresAt).toBe('2026-01-01T00:31:00.001Z');

    w.clock.advance(30 * MINUTE); // 30 min after the touch, 31 min after login
    await expect(authenticateStaff(w.staffDeps, token)).resolves.toMatchObject({ actor: { sessionId: session.id } });
  });

  it('touch: false does not extend the session', async () => {
    const w = buildWorld();
    const { token, session } = await withTotp(w);

    w.clock.advance(10 * MINUTE);
    const { expiresAt } = await authenticateStaff(w.staffDeps, token, null, { touch: false });
    expect(expiresAt).toBe('2026-01-01T00:30:00.000Z');
    expect((await reread(w, session)).lastSeenAt).toBe(T0);

    w.clock.advance(20 * MINUTE + 1);
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
  });

  it('the absolute expiry applies even to a session in constant use', async () => {
    const w = buildWorld();
    const { token, session } = await withTotp(w);
    expect(w.staffDeps.sessionTtlMs).toBe(8 * HOUR);

    let last = await authenticateStaff(w.staffDeps, token);
    for (let i = 0; i < 23; i++) {
      w.clock.advance(20 * MINUTE);
      last = await authenticateStaff(w.staffDeps, token);
    }
    // 7 h 40: the idle end (8 h 10) is past the absolute one.
    expect(last.expiresAt).toBe('2026-01-01T08:00:00.000Z');

    w.clock.advance(20 * MINUTE);
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
    expect(await w.sessions.findByTokenHash(session.tokenHash)).toBeUndefined();
  });

  it("revokeOwnSession: someone else's session is request/not_found; one's own ends with an event", async () => {
    const w = buildWorld();
    const one = await withTotp(w, 'op1');
    const two = await withTotp(w, 'op2');
    const { actor } = await authenticateStaff(w.staffDeps, one.token);
    w.events.published.splice(0);

    await expect(revokeOwnSession(w.staffDeps, actor, two.session.id)).rejects.toMatchObject({ code: 'request/not_found' });
    await expect(revokeOwnSession(w.staffDeps, actor, 'no-such-session')).rejects.toMatchObject({ code: 'request/not_found' });
    expect(await w.sessions.findByTokenHash(two.session.tokenHash)).toBeDefined();
    expect(w.events.published).toEqual([]);

    const other = await passwordStep(w, 'op1');
    await revokeOwnSession(w.staffDeps, actor, other.session.id);

    expect((await w.sessions.listForStaff(one.member.id)).map((s) => s.id)).toEqual([one.session.id]);
    expect(w.events.published).toEqual([{ type: 'staff.session_ended', sessionId: other.session.id, reason: 'revoked' }]);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'auth.session_revoked', actorId: one.member.id, detail: { sessionId: other.session.id } });
  });
});

// ----------------------------------------------------------------------------- account changes

describe('setStaffDisabled and updateStaff', () => {
  /** An administrator, and an operator with two open sessions. */
  async function adminAndOperator(roles: ('operator' | 'supervisor')[] = ['operator']) {
    const w = buildWorld();
    const admin = await w.addStaff('chef', ['admin']);
    const op = await w.addStaff('op1', roles, { password: PASSWORD });
    const sessionIds = [(await passwordStep(w)).session.id, (await passwordStep(w)).session.id];
    w.events.published.splice(0);
    const steppedUp = (): StaffActor => ({ ...admin.actor, stepUpAt: w.clock.now().toISOString() });
    const staleStepUp = (): StaffActor => ({ ...admin.actor, stepUpAt: new Date(w.clock.now().getTime() - w.staffDeps.stepUpWindowMs - 1).toISOString() });
    return { w, admin, op, sessionIds, steppedUp, staleStepUp };
  }

  it('disabling ends every session of the account and publishes staff.disabled', async () => {
    const { w, admin, op, steppedUp } = await adminAndOperator();
    expect(await w.sessions.listForStaff(op.member.id)).toHaveLength(2);

    const updated = await setStaffDisabled(w.staffDeps, steppedUp(), { staffId: op.member.id, disabled: true });

    expect(updated.disabled).toBe(true);
    expect((await w.staff.findById(op.member.id))?.disabled).toBe(true);
    expect(await w.sessions.listForStaff(op.member.id)).toEqual([]);
    expect(w.events.published).toEqual([{ type: 'staff.disabled', staffId: op.member.id }]);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'staff.disabled', actorId: admin.member.id, targetStaffId: op.member.id });
    await expect(login(w.staffDeps, { username: 'op1', password: PASSWORD, dummyHash: DUMMY_HASH })).rejects.toMatchObject({
      code: 'auth/invalid_credentials',
    });

    const enabled = await setStaffDisabled(w.staffDeps, steppedUp(), { staffId: op.member.id, disabled: false });
    expect(enabled.disabled).toBe(false);
    expect(w.events.published).toHaveLength(1);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'staff.enabled', targetStaffId: op.member.id });
  });

  it('an administrator cannot disable themself (staff/cannot_change_self)', async () => {
    const { w, admin, steppedUp } = await adminAndOperator();

    await expect(setStaffDisabled(w.staffDeps, steppedUp(), { staffId: admin.member.id, disabled: true })).rejects.toMatchObject({
      code: 'staff/cannot_change_self',
    });
    expect((await w.staff.findById(admin.member.id))?.disabled).toBe(false);
  });

  it('disabling needs a recent step-up, and an administrator', async () => {
    const { w, admin, op, sessionIds, staleStepUp, steppedUp } = await adminAndOperator();

    for (const actor of [admin.actor, staleStepUp()]) {
      await expect(setStaffDisabled(w.staffDeps, actor, { staffId: op.member.id, disabled: true })).rejects.toMatchObject({
        code: 'auth/step_up_required',
      });
    }
    const notAdmin: StaffActor = { ...steppedUp(), roles: ['supervisor', 'operator'] };
    await expect(setStaffDisabled(w.staffDeps, notAdmin, { staffId: op.member.id, disabled: true })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(setStaffDisabled(w.staffDeps, steppedUp(), { staffId: 'nobody', disabled: true })).rejects.toMatchObject({ code: 'staff/not_found' });

    expect((await w.staff.findById(op.member.id))?.disabled).toBe(false);
    expect((await w.sessions.listForStaff(op.member.id)).map((s) => s.id).sort()).toEqual([...sessionIds].sort());
    expect(w.events.published).toEqual([]);
  });

  it('a role change without a recent step-up is refused and changes nothing', async () => {
    const { w, admin, op, staleStepUp } = await adminAndOperator();

    for (const actor of [admin.actor, staleStepUp()]) {
      await expect(updateStaff(w.staffDeps, actor, { staffId: op.member.id, roles: ['operator', 'supervisor'] })).rejects.toMatchObject({
        code: 'auth/step_up_required',
      });
    }

    expect((await w.staff.findById(op.member.id))?.roles).toEqual(['operator']);
    expect(await w.sessions.listForStaff(op.member.id)).toHaveLength(2);
    expect(w.events.published).toEqual([]);
  });

  it("a role change ends every session of the target, one staff.session_ended each", async () => {
    const { w, admin, op, sessionIds, steppedUp } = await adminAndOperator();
    const adminSession = await w.sessions.listForStaff(admin.member.id);

    const updated = await updateStaff(w.staffDeps, steppedUp(), { staffId: op.member.id, roles: ['supervisor', 'operator', 'supervisor'] });

    expect(updated.roles).toEqual(['supervisor', 'operator']);
    expect((await w.staff.findById(op.member.id))?.roles).toEqual(['supervisor', 'operator']);
    expect(await w.sessions.listForStaff(op.member.id)).toEqual([]);
    expect(await w.sessions.listForStaff(admin.member.id)).toEqual(adminSession);
    expect(w.events.published).toHaveLength(3);
    expect(w.events.ofType('staff.session_ended').map((e) => e.sessionId).sort()).toEqual([...sessionIds].sort());
    expect(w.audit.entries.at(-1)).toMatchObject({
      action: 'staff.updated',
      targetStaffId: op.member.id,
      detail: { rolesBefore: 'operator', rolesAfter: 'supervisor,operator' },
    });
  });

  it('a profile-only change needs no step-up and keeps the sessions', async () => {
    const { w, admin, op } = await adminAndOperator();

    const updated = await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, rank: 'Brigadier', firstName: 'Paula' });

    expect(updated).toMatchObject({ rank: 'Brigadier', firstName: 'Paula', roles: ['operator'] });
    expect(await w.sessions.listForStaff(op.member.id)).toHaveLength(2);
    expect(w.events.published.map((e) => e.type)).toEqual(['staff.updated']);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'staff.updated', detail: { profile: true } });
  });

  it('the same roles in another order are no role change', async () => {
    const { w, admin, op } = await adminAndOperator(['operator', 'supervisor']);

    const updated = await updateStaff(w.staffDeps, admin.actor, { staffId: op.member.id, roles: ['supervisor', 'operator'] });

    expect(updated.roles).toEqual(['operator', 'supervisor']);
    expect(await w.sessions.listForStaff(op.member.id)).toHaveLength(2);
    expect(w.events.published.map((e) => e.type)).toEqual(['staff.updated']);
  });

  it('an administrator cannot take away their own admin role', async () => {
    const { w, admin, steppedUp } = await adminAndOperator();

    await expect(updateStaff(w.staffDeps, steppedUp(), { staffId: admin.member.id, roles: ['supervisor'] })).rejects.toMatchObject({
      code: 'staff/cannot_change_self',
    });
    expect((await w.staff.findById(admin.member.id))?.roles).toEqual(['admin']);
  });
});
