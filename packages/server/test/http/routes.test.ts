import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrigade } from '../../src/brigade.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { cookieOf, http, startConversation } from '../support/http.js';
import { createWorld, PASSWORD, type World } from '../support/world.js';

const staffBody = (username: string) => ({ username, password: 'a long enough password', rank: 'Brigadier', firstName: 'Léa', roles: ['operator'] });

describe.each(testDatabases())('HTTP routes on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  it('reports health', async () => {
    const res = await http(world.url, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: database.name, version: expect.any(String) });
  });

  it('guards every staff route: unauthenticated → 401, wrong role → 403', async () => {
    const routes: { method: string; path: string; body?: unknown; allowed: keyof World['cookies'] | 'any'; denied: (keyof World['cookies'])[] }[] = [
      { method: 'GET', path: '/api/staff', allowed: 'admin', denied: ['op1', 'supervisor'] },
      { method: 'POST', path: '/api/staff', body: staffBody(`u${randomUUID().slice(0, 8)}`), allowed: 'admin', denied: ['op1', 'supervisor'] },
      { method: 'GET', path: '/api/auth/me', allowed: 'any', denied: [] },
      { method: 'POST', path: '/api/auth/logout', allowed: 'any', denied: [] },
    ];
    for (const route of routes) {
      const anonymous = await http(world.url, route.method, route.path, route.body ? { body: route.body } : {});
      expect(anonymous.status, `${route.method} ${route.path} anonymous`).toBe(401);
      expect(anonymous.body).toMatchObject({ code: 'auth/required' });
      const forged = await http(world.url, route.method, route.path, { cookie: 'brigade_staff=forged', ...(route.body ? { body: route.body } : {}) });
      expect(forged.status).toBe(401);
      for (const who of route.denied) {
        const res = await http(world.url, route.method, route.path, { cookie: world.cookies[who], ...(route.body ? { body: route.body } : {}) });
        expect(res.status, `${route.method} ${route.path} as ${who}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'auth/forbidden' });
      }
    }
    // A citizen's token is no staff credential.
    const { citizenToken } = await startConversation(world.url);
    expect((await http(world.url, 'GET', '/api/staff', { cookie: `brigade_staff=${citizenToken}` })).status).toBe(401);
  });

  it('lets an administrator create and list accounts, with validation', async () => {
    const username = `op${randomUUID().slice(0, 6)}`;
    const created = await http(world.url, 'POST', '/api/staff', { cookie: world.cookies.admin, body: staffBody(username) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ staff: { username, rank: 'Brigadier', firstName: 'Léa', roles: ['operator'], disabled: false } });
    expect(JSON.stringify(created.body)).not.toContain('password');
    const again = await http(world.url, 'POST', '/api/staff', { cookie: world.cookies.admin, body: staffBody(username) });
    expect(again).toMatchObject({ status: 409, body: { code: 'staff/username_taken' } });
    const short = await http(world.url, 'POST', '/api/staff', { cookie: world.cookies.admin, body: { ...staffBody('x2'), password: 'short' } });
    expect(short).toMatchObject({ status: 400, body: { code: 'request/invalid', issues: [{ path: 'password' }] } });
    const list = await http(world.url, 'GET', '/api/staff', { cookie: world.cookies.admin });
    expect((list.body as { staff: { username: string }[] }).staff.map((s) => s.username)).toContain(username);
    // The new operator's password works; the session then waits for a first second factor.
    const first = await http(world.url, 'POST', '/api/auth/login', { body: { username, password: 'a long enough password' } });
    expect(first).toMatchObject({ status: 200, body: { status: 'enrolment_required' } });
    const pending = cookieOf(first.headers);
    expect(await http(world.url, 'GET', '/api/auth/me', { cookie: pending })).toMatchObject({ status: 200, body: { stage: 'enrolment' } });
    expect(await http(world.url, 'GET', '/api/staff', { cookie: pending })).toMatchObject({ status: 403, body: { code: 'auth/second_factor_required' } });
    // Common passwords are refused, however long.
    const common = await http(world.url, 'POST', '/api/staff', { cookie: world.cookies.admin, body: { ...staffBody('x3'), password: 'motdepasse2024!' } });
    expect(common).toMatchObject({ status: 400, body: { code: 'staff/weak_password' } });
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await http(world.url, 'POST', '/api/auth/login', { body: { username: 'julie', password: 'wrong password!' } });
    const unknown = await http(world.url, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'wrong password!' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('sets a strict HttpOnly session cookie and security headers', async () => {
    const res = await http(world.url, 'POST', '/api/auth/login', { body: { username: 'julie', password: PASSWORD } });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^brigade_staff=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/); // test config is not production
    const page = await http(world.url, 'GET', '/healthz');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await http(world.url, 'POST', '/api/conversations', { body: { topic: 'general', postalCode: '75001', danger: false } });
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses cross-site writes carrying a staff cookie', async () => {
    const res = await http(world.url, 'POST', '/api/staff', {
      cookie: world.cookies.admin,
      body: staffBody('csrf'),
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('validates the citizen start: topic, five-digit postal code, danger flag', async () => {
    for (const body of [
      { topic: 'general', postalCode: '7500', danger: false },
      { topic: 'general', postalCode: '00100', danger: false },
      { topic: 'general', postalCode: 'abcde', danger: false },
      { topic: 'weather', postalCode: '75001', danger: false },
      { topic: 'general', postalCode: '75001' },
      'nonsense',
    ]) {
      const res = await http(world.url, 'POST', '/api/conversations', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ code: 'request/invalid' });
    }
    expect((await http(world.url, 'POST', '/api/conversations', { body: { topic: 'other', postalCode: '20000', danger: true } })).status).toBe(201);
    const big = await http(world.url, 'POST', '/api/conversations', { body: { topic: 'general', postalCode: '75001', danger: false, pad: 'x'.repeat(100_000) } });
    expect(big.status).toBe(413);
  });
});

describe.each(testDatabases())('first start on $name', (database) => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  it('creates the first administrator only through the one-time link, and keeps secrets out of logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ PORT: '0', DATABASE_URL: await database.url(), NODE_ENV: 'test', LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '1000' });
    const brigade = await startBrigade(config, { logger: createLogger('debug', sink) });
    try {
      const token = brigade.setupToken;
      expect(token).toMatch(/^[\w-]{40,}$/);
      expect((await http(brigade.url, 'GET', '/api/setup')).body).toEqual({ needed: true });
      const body = { username: 'root', password: 'the very first password', rank: 'Colonel', firstName: 'Claire' };
      expect(await http(brigade.url, 'POST', '/api/setup', { body: { ...body, token: 'wrong' } })).toMatchObject({
        status: 403,
        body: { code: 'setup/invalid_token' },
      });
      const ok = await http(brigade.url, 'POST', '/api/setup', { body: { ...body, token } });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ staff: { username: 'root', roles: ['admin', 'supervisor', 'operator'] } });
      const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect((await http(brigade.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
      expect(await http(brigade.url, 'POST', '/api/setup', { body: { ...body, username: 'root2', token } })).toMatchObject({
        status: 409,
        body: { code: 'setup/already_done' },
      });
      expect((await http(brigade.url, 'GET', '/api/setup')).body).toEqual({ needed: false });

      // A conversation with a recognisable text, then check the logs never carry it.
      const secretText = `texte-secret-${randomUUID()}`;
      const { conversationId, citizenToken } = await startConversation(brigade.url);
      const citizen = await TestSocket.connect(brigade.url, { citizenToken });
      await citizen.request({ type: 'message.send', requestId: rid(), conversationId, clientMessageId: randomUUID(), text: secretText });
      await http(brigade.url, 'POST', '/api/auth/login', { body: { username: 'root', password: 'a wrong password here' } });
      await citizen.close();
      // Where a citizen is (the postal code they looked up) is personal data too.
      expect((await http(brigade.url, 'GET', '/api/postal-codes/29200')).status).toBe(200);
      const logs = lines.join('');
      expect(logs).toContain('/api/postal-codes/:code');
      expect(logs).not.toContain('29200');
      expect(logs.length).toBeGreaterThan(0);
      expect(logs).toContain(conversationId); // logs are useful…
      for (const secret of [secretText, citizenToken, token ?? '', body.password, 'a wrong password here', cookie.split('=')[1] ?? '']) {
        expect(logs).not.toContain(secret); // …and carry no secret or message text
      }
    } finally {
      await brigade.close();
    }
  });
});
