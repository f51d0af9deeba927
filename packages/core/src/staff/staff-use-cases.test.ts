import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import { FakeTotp } from '../testing/fakes.js';
import { confirmTotpEnrolment, startTotpEnrolment } from './second-factor.js';
import { authenticateStaff, createStaff, listStaff, login, logout, setupFirstAdmin } from './staff-use-cases.js';

const SETUP_TOKEN = 'one-time-setup-token';
const EXPECTED = `hashed:${SETUP_TOKEN}`;
const DUMMY_HASH = 'pw:dummy-never-matches';
const HOUR = 60 * 60 * 1000;

const setupInput = (overrides: Partial<Parameters<typeof setupFirstAdmin>[1]> = {}) => ({
  token: SETUP_TOKEN,
  username: 'chef',
  password: 'correct horse battery',
  rank: 'Capitaine',
  firstName: 'Claire',
  expectedTokenHash: EXPECTED,
  ...overrides,
});

describe('setupFirstAdmin', () => {
  it('creates the first administrator with every role and opens a session', async () => {
    const w = buildWorld();

    const { member, token } = await setupFirstAdmin(w.staffDeps, setupInput());

    expect(member).toEqual({
      id: expect.any(String),
      username: 'chef',
      passwordHash: 'pw:correct horse battery',
      rank: 'Capitaine',
      firstName: 'Claire',
      roles: ['admin', 'supervisor', 'operator'],
      disabled: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      // A new operator handles every topic but minors (which needs training), six at a time.
      capacity: 6,
      topics: ['cyberharassment', 'discrimination', 'general', 'other', 'violence'],
      serviceId: null,
      availability: 'available',
    });
    expect(await w.staff.findByUsername('chef')).toEqual(member);
    const session = await w.sessions.findByTokenHash(`hashed:${token}`);
    expect(session).toMatchObject({ staffId: member.id, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T08:00:00.000Z' });
    // The session can do nothing but enrol a second factor.
    expect(session?.stage).toBe('enrolment');
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/second_factor_required' });
    const { actor } = await authenticateStaff(w.staffDeps, token, null, { stages: ['enrolment'] });
    expect(actor).toEqual({ kind: 'staff', staffId: member.id, roles: ['admin', 'supervisor', 'operator'], sessionId: session?.id, address: null, stepUpAt: null });
  });

  it('refuses a wrong token with setup/invalid_token and creates nothing', async () => {
    const w = buildWorld();

    await expect(setupFirstAdmin(w.staffDeps, setupInput({ token: 'guess' }))).rejects.toMatchObject({ code: 'setup/invalid_token' });
    expect(await w.staff.count()).toBe(0);
  });

  it('refuses a second setup with setup/already_done, even with the right token', async () => {
    const w = buildWorld();
    await setupFirstAdmin(w.staffDeps, setupInput());

    await expect(setupFirstAdmin(w.staffDeps, setupInput({ username: 'intrus' }))).rejects.toMatchObject({ code: 'setup/already_done' });
    expect((await w.staff.list()).map((m) => m.username)).toEqual(['chef']);
  });

  it('is already done when no setup token is expected any more', async () => {
    const w = buildWorld();

    await expect(setupFirstAdmin(w.staffDeps, setupInput({ expectedTokenHash: null }))).rejects.toMatchObject({
      code: 'setup/already_done',
    });
    expect(await w.staff.count()).toBe(0);
  });

  it('of two concurrent setups exactly one succeeds', async () => {
    const w = buildWorld();

    const results = await Promise.allSettled([
      setupFirstAdmin(w.staffDeps, setupInput({ username: 'first' })),
      setupFirstAdmin(w.staffDeps, setupInput({ username: 'second' })),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'setup/already_done' });
    expect(await w.staff.count()).toBe(1);
  });
});

describe('createStaff and listStaff', () => {
  const request = { username: 'op1', password: 'long enough password', rank: 'Gendarme', firstName: 'Paul', roles: ['operator' as const] };

  it('an administrator creates an account (roles deduplicated, password hashed)', async () => {
    const w = buildWorld();
    const admin = await w.addStaff('chef', ['admin']);

    const member = await createStaff(w.staffDeps, admin.actor, { ...request, roles: ['operator', 'supervisor', 'operator'] });

    expect(member).toMatchObject({ username: 'op1', passwordHash: 'pw:long enough password', roles: ['operator', 'supervisor'], disabled: false });
    expect(await w.staff.findById(member.id)).toEqual(member);
    expect((await listStaff(w.staffDeps, admin.actor)).map((m) => m.username)).toEqual(['chef', 'op1']);
  });

  it('anyone but an administrator gets auth/forbidden', async () => {
    const w = buildWorld();
    const sup = await w.addStaff('sup', ['supervisor', 'operator']);
    const citizen = await w.startAsCitizen();

    await expect(createStaff(w.staffDeps, sup.actor, request)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(createStaff(w.staffDeps, citizen.actor, request)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(listStaff(w.staffDeps, sup.actor)).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect(await w.staff.findByUsername('op1')).toBeUndefined();
  });

  it('a taken username is staff/username_taken and the first account is untouched', async () => {
    const w = buildWorld();
    const admin = await w.addStaff('chef', ['admin']);
    const first = await createStaff(w.staffDeps, admin.actor, request);

    await expect(createStaff(w.staffDeps, admin.actor, { ...request, firstName: 'Other', password: 'another password!' })).rejects.toMatchObject({
      code: 'staff/username_taken',
    });
    expect(await w.staff.findByUsername('op1')).toEqual(first);
  });
});

describe('login', () => {
  it('opens a session for the right password', async () => {
    const w = buildWorld();
    const op = await w.addStaff('op1', ['operator'], { password: 'right password' });

    const result = await login(w.staffDeps, { username: 'op1', password: 'right password', dummyHash: DUMMY_HASH });

    expect(result.member.id).toBe(op.member.id);
    expect(result.session).toMatchObject({ staffId: op.member.id, tokenHash: `hashed:${result.token}`, expiresAt: '2026-01-01T08:00:00.000Z' });
    expect(await w.sessions.findByTokenHash(`hashed:${result.token}`)).toEqual(result.session);
  });

  it('a wrong password and an unknown username answer the same auth/invalid_credentials, and open no session', async () => {
    const w = buildWorld();
    await w.addStaff('op1', ['operator'], { password: 'right password' });
    const verified: string[] = [];
    const deps = {
      ...w.staffDeps,
      passwords: { ...w.staffDeps.passwords, verify: async (h: string, p: string) => (verified.push(h), h === `pw:${p}`) },
    };

    await expect(login(deps, { username: 'op1', password: 'wrong', dummyHash: DUMMY_HASH })).rejects.toMatchObject({
      code: 'auth/invalid_credentials',
    });
    await expect(login(deps, { username: 'nobody', password: 'right password', dummyHash: DUMMY_HASH })).rejects.toMatchObject({
      code: 'auth/invalid_credentials',
    });
    // The unknown user still costs one verification (against the dummy hash): no timing oracle.
    expect(verified).toEqual(['pw:right password', DUMMY_HASH]);
  });

  it('a disabled account is refused even with the right password', async () => {
    const w = buildWorld();
    await w.addStaff('gone', ['operator'], { password: 'right password', disabled: true });

    await expect(login(w.staffDeps, { username: 'gone', password: 'right password', dummyHash: DUMMY_HASH })).rejects.toMatchObject({
      code: 'auth/invalid_credentials',
    });
  });
});

describe('authenticateStaff and logout', () => {
  /** Password, then a first TOTP enrolment: a fully authenticated session. Idle expiry is pushed away to test the absolute one. */
  async function loggedIn() {
    const w = buildWorld();
    w.staffDeps.sessionIdleMs = 24 * HOUR;
    const op = await w.addStaff('op1', ['operator', 'supervisor'], { password: 'right password' });
    const { token, session, member } = await login(w.staffDeps, { username: 'op1', password: 'right password', dummyHash: DUMMY_HASH });
    const ctx = { session, member, actor: null };
    const { secret } = await startTotpEnrolment(w.staffDeps, ctx);
    const pending = await w.sessions.findByTokenHash(session.tokenHash);
    await confirmTotpEnrolment(w.staffDeps, { ...ctx, session: pending ?? session }, { code: FakeTotp.codeAt(secret, w.clock.now()), label: 'phone' });
    return { w, op, token, session };
  }

  it('resolves a live session to the acting staff member', async () => {
    const { w, op, token, session } = await loggedIn();
    w.clock.advance(8 * HOUR - 1);

    const { actor, member } = await authenticateStaff(w.staffDeps, token);

    expect(actor).toEqual({ kind: 'staff', staffId: op.member.id, roles: ['operator', 'supervisor'], sessionId: session.id, address: null, stepUpAt: '2026-01-01T00:00:00.000Z' });
    expect(member.username).toBe('op1');
  });

  it('an expired session is auth/required and is deleted', async () => {
    const { w, token } = await loggedIn();
    w.clock.advance(8 * HOUR);

    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
    expect(await w.sessions.findByTokenHash(`hashed:${token}`)).toBeUndefined();
  });

  it('an unknown token is auth/required', async () => {
    const { w } = await loggedIn();

    await expect(authenticateStaff(w.staffDeps, 'forged')).rejects.toMatchObject({ code: 'auth/required' });
  });

  it('a session of an account disabled since login is auth/required', async () => {
    const w = buildWorld();
    const op = await w.addStaff('op1', ['operator'], { disabled: true });
    const token = 'token-of-disabled';
    await w.sessions.create({
      id: 'session-1',
      tokenHash: `hashed:${token}`,
      staffId: op.member.id,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T08:00:00.000Z',
      stage: 'full',
      lastSeenAt: '2026-01-01T00:00:00.000Z',
      stepUpAt: null,
      address: null,
      userAgent: null,
      pending: null,
    });

    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
  });

  it('logout deletes the session and publishes staff.session_ended', async () => {
    const { w, token } = await loggedIn();
    const { actor } = await authenticateStaff(w.staffDeps, token);
    w.events.published.splice(0);

    await logout(w.staffDeps, actor);

    expect(w.events.published).toEqual([{ type: 'staff.session_ended', sessionId: actor.sessionId, reason: 'logout' }]);
    await expect(authenticateStaff(w.staffDeps, token)).rejects.toMatchObject({ code: 'auth/required' });
  });
});
