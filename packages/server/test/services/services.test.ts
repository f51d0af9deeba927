import { randomUUID } from 'node:crypto';
import {
  coverageImportResponseSchema,
  coverageListSchema,
  coverageRejectionSchema,
  serviceListSchema,
  serviceResponseSchema,
  type ServiceView,
} from '@brigade/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetPostalDirectory } from '../../src/geo/postal-directory.js';
import { rid, TestSocket } from '../support/client.js';
import { dropTestDatabases, testDatabases } from '../support/databases.js';
import { http, startConversation } from '../support/http.js';
import { createWorld, type World } from '../support/world.js';

describe.each(testDatabases())('services and postal-code coverage on $name', (database) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(await database.url());
  });
  afterAll(async () => {
    await world?.server.close();
    await dropTestDatabases();
  });

  const as = (who: keyof World['cookies'], method: string, path: string, body?: unknown) =>
    http(world.url, method, path, { cookie: world.cookies[who], ...(body === undefined ? {} : { body }) });

  async function newService(name = `Service ${randomUUID().slice(0, 8)}`): Promise<ServiceView> {
    const res = await as('admin', 'POST', '/api/services', { name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return serviceResponseSchema.parse(res.body).service;
  }

  it('guards every service route: unauthenticated → 401, wrong role → 403', async () => {
    const service = await newService();
    const id = service.id;
    const routes: { method: string; path: string; body?: unknown; denied: (keyof World['cookies'])[] }[] = [
      { method: 'GET', path: '/api/services', denied: [] },
      { method: 'POST', path: '/api/services', body: { name: 'Refusé' }, denied: ['op1', 'supervisor'] },
      { method: 'PATCH', path: `/api/services/${id}`, body: { name: 'Refusé' }, denied: ['op1', 'supervisor'] },
      { method: 'DELETE', path: `/api/services/${id}`, denied: ['op1', 'supervisor'] },
      { method: 'GET', path: `/api/services/${id}/postal-codes`, denied: [] },
      { method: 'PUT', path: `/api/services/${id}/postal-codes`, body: { csv: '35000' }, denied: ['op1', 'supervisor'] },
    ];
    const { citizenToken } = await startConversation(world.url);
    for (const route of routes) {
      const options = route.body === undefined ? {} : { body: route.body };
      for (const cookie of [undefined, 'brigade_staff=forged', `brigade_staff=${citizenToken}`]) {
        const res = await http(world.url, route.method, route.path, { ...options, ...(cookie ? { cookie } : {}) });
        expect(res.status, `${route.method} ${route.path} with ${cookie ?? 'no cookie'}`).toBe(401);
        expect(res.body).toMatchObject({ code: 'auth/required' });
      }
      for (const who of route.denied) {
        const res = await as(who, route.method, route.path, route.body);
        expect(res.status, `${route.method} ${route.path} as ${who}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'auth/forbidden' });
      }
    }
    // Nothing changed.
    expect((await as('admin', 'GET', `/api/services/${id}/postal-codes`)).body).toMatchObject({ service: { name: service.name, postalCodeCount: 0 }, postalCodes: [] });
  });

  it('an administrator creates, renames and deletes services; staff list them', async () => {
    const created = await newService('Plateforme police');
    expect(created).toEqual({ id: expect.any(String), name: 'Plateforme police', postalCodeCount: 0, createdAt: expect.any(String) });
    expect((await as('admin', 'POST', '/api/services', { name: 'plateforme POLICE' })).body).toMatchObject({ code: 'service/name_taken' });
    expect((await as('admin', 'POST', '/api/services', { name: 'x' })).status).toBe(400);

    const renamed = await as('admin', 'PATCH', `/api/services/${created.id}`, { name: 'Police nationale' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ service: { ...created, name: 'Police nationale' } });
    const list = serviceListSchema.parse((await as('op1', 'GET', '/api/services')).body);
    expect(list.services.map((s) => s.name)).toContain('Police nationale');

    expect((await as('admin', 'DELETE', `/api/services/${created.id}`)).body).toEqual({ postalCodes: 0, staff: 0, conversations: 0 });
    expect((await as('admin', 'DELETE', `/api/services/${created.id}`)).body).toMatchObject({ code: 'service/not_found' });
    expect((await as('admin', 'PATCH', `/api/services/${created.id}`, { name: 'Ailleurs' })).status).toBe(404);
    expect((await as('op1', 'GET', `/api/services/${created.id}/postal-codes`)).status).toBe(404);
    expect((await as('admin', 'GET', '/api/services/not-a-uuid/postal-codes')).status).toBe(400);
  });

  it('imports a coverage from CSV, lists it with commune names, and moves codes between services', async () => {
    const police = await newService();
    const gendarmerie = await newService();
    const first = await as('admin', 'PUT', `/api/services/${police.id}/postal-codes`, { csv: '\uFEFFcode_postal;commune\r\n75011;Paris\r\n35000;Rennes\r\n\r\n' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(coverageImportResponseSchema.parse(first.body)).toEqual({ service: { ...police, postalCodeCount: 2 }, moved: [], released: 0 });

    const second = await as('admin', 'PUT', `/api/services/${gendarmerie.id}/postal-codes`, { csv: '35000,Rennes\n97400,Saint-Denis\n20000' });
    expect(second.body).toEqual({
      service: { ...gendarmerie, postalCodeCount: 3 },
      moved: [{ serviceId: police.id, serviceName: police.name, postalCodeCount: 1 }],
      released: 0,
    });
    const coverage = coverageListSchema.parse((await as('supervisor', 'GET', `/api/services/${gendarmerie.id}/postal-codes`)).body);
    expect(coverage.postalCodes).toEqual([
      { postalCode: '20000', communes: ['Ajaccio'], departement: { code: '2A', name: 'Corse-du-Sud' } },
      { postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
      { postalCode: '97400', communes: ['Saint-Denis'], departement: { code: '974', name: 'La Réunion' } },
    ]);
    expect((await as('op1', 'GET', `/api/services/${police.id}/postal-codes`)).body).toMatchObject({
      service: { postalCodeCount: 1 },
      postalCodes: [{ postalCode: '75011', communes: ['Paris'] }],
    });

    // A new file replaces the coverage: what it no longer lists is released.
    const third = await as('admin', 'PUT', `/api/services/${gendarmerie.id}/postal-codes`, { csv: '35000' });
    expect(third.body).toMatchObject({ service: { postalCodeCount: 1 }, moved: [], released: 2 });
  });

  it('refuses a file with wrong lines, with their numbers, and imports nothing', async () => {
    const service = await newService();
    await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '29200' });
    const res = await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: 'cp;commune\n35000;Rennes\n3500;Rennes\n99999;Nulle part\n35400' });
    expect(res.status).toBe(400);
    expect(coverageRejectionSchema.parse(res.body)).toEqual({
      code: 'request/invalid',
      message: expect.any(String),
      lineErrors: [
        { line: 3, value: '3500', problem: 'malformed' },
        { line: 4, value: '99999', problem: 'unknown' },
      ],
      lineErrorCount: 2,
    });
    expect((await as('admin', 'GET', `/api/services/${service.id}/postal-codes`)).body).toMatchObject({ postalCodes: [{ postalCode: '29200' }] });

    // Many wrong lines: the first 50 are shown, all are counted.
    const many = await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: Array.from({ length: 300 }, (_, i) => `${i};x`).join('\n') });
    expect(many.body).toMatchObject({ lineErrorCount: 300 });
    expect(coverageRejectionSchema.parse(many.body).lineErrors).toHaveLength(50);

    expect((await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '' })).body).toMatchObject({
      lineErrors: [{ line: 1, problem: 'empty' }],
    });
    expect((await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, 'not json')).status).toBe(400);
    expect((await as('admin', 'PUT', `/api/services/${randomUUID()}/postal-codes`, { csv: '35000' })).body).toMatchObject({ code: 'service/not_found' });
  });

  it('imports every French postal code (about 6,300 lines) quickly, within its own body limit', async () => {
    const codes = await allPostalCodes();
    expect(codes.length).toBeGreaterThan(6000);
    const csv = ['code_postal;commune', ...codes.map((c) => `${c};Commune de test ${c}`)].join('\n');
    expect(csv.length).toBeGreaterThan(64 * 1024); // over the default body limit
    const service = await newService();
    const started = performance.now();
    const res = await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv });
    const elapsed = performance.now() - started;
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body).toMatchObject({ service: { postalCodeCount: codes.length } });
    expect(elapsed).toBeLessThan(5000);
    // The same again: nothing moves, nothing is released.
    expect((await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv })).body).toMatchObject({ moved: [], released: 0 });
    const listed = coverageListSchema.parse((await as('admin', 'GET', `/api/services/${service.id}/postal-codes`)).body);
    expect(listed.postalCodes.map((p) => p.postalCode)).toEqual(codes);
    // Another service takes them all over.
    const other = await newService();
    const taken = await as('admin', 'PUT', `/api/services/${other.id}/postal-codes`, { csv });
    expect(taken.body).toMatchObject({ moved: [{ serviceId: service.id, postalCodeCount: codes.length }] });
    // Too big a file is refused as such.
    const huge = await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '35000\n'.repeat(200_000) });
    expect(huge.status).toBe(413);
    // Leaves the other tests a France covered by nobody.
    for (const id of [service.id, other.id]) expect((await as('admin', 'DELETE', `/api/services/${id}`)).status).toBe(200);
  });

  it('sends a new conversation to the service covering its postal code', async () => {
    const service = await newService();
    await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '29200\n29000' });
    const covered = await startConversation(world.url, { postalCode: '29200' });
    const uncovered = await startConversation(world.url, { postalCode: '13001' });

    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    const queue = await supervisor.request({ type: 'queue.subscribe', requestId: rid() });
    if (queue.type !== 'queue.snapshot') throw new Error(`no snapshot: ${JSON.stringify(queue)}`);
    const entry = (id: string) => queue.entries.find((e) => e.conversationId === id);
    expect(entry(covered.conversationId)).toMatchObject({ serviceId: service.id });
    expect(entry(uncovered.conversationId)).toMatchObject({ serviceId: null });
    await supervisor.close();
  });

  it('refuses to start a conversation with a postal code that does not exist', async () => {
    for (const postalCode of ['75000', '20004', '98999']) {
      const res = await http(world.url, 'POST', '/api/conversations', { body: { topic: 'general', postalCode, danger: false } });
      expect(res.status, postalCode).toBe(400);
      expect(res.body).toMatchObject({ code: 'postal_code/unknown' });
    }
  });

  it('deleting a service frees its codes and detaches its staff and conversations', async () => {
    const service = await newService();
    await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '44000\n44100' });
    const { conversationId } = await startConversation(world.url, { postalCode: '44000' });
    const staffed = await as('admin', 'PATCH', `/api/staff/${world.ids.op2}`, { serviceId: service.id });
    expect(staffed.status, JSON.stringify(staffed.body)).toBe(200);

    const removed = await as('admin', 'DELETE', `/api/services/${service.id}`);
    expect(removed.body).toEqual({ postalCodes: 2, staff: 1, conversations: 1 });
    const accounts = (await as('admin', 'GET', '/api/staff')).body as { staff: { id: string; serviceId: string | null }[] };
    expect(accounts.staff.find((s) => s.id === world.ids.op2)?.serviceId).toBeNull();
    const later = await startConversation(world.url, { postalCode: '44000' });

    const supervisor = await TestSocket.connect(world.url, { cookie: world.cookies.supervisor });
    const queue = await supervisor.request({ type: 'queue.subscribe', requestId: rid() });
    if (queue.type !== 'queue.snapshot') throw new Error('no snapshot');
    for (const id of [conversationId, later.conversationId]) expect(queue.entries.find((e) => e.conversationId === id)).toMatchObject({ serviceId: null });
    await supervisor.close();

    const audit = await as('admin', 'GET', '/api/audit?limit=20');
    expect(JSON.stringify(audit.body)).toContain('service.deleted');
  });

  it('names a postal code for anyone, and tells nothing of services', async () => {
    const service = await newService();
    await as('admin', 'PUT', `/api/services/${service.id}/postal-codes`, { csv: '35000' });
    const res = await http(world.url, 'GET', '/api/postal-codes/35000');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } });
    expect(JSON.stringify(res.body)).not.toContain(service.id);
    expect(res.headers.get('cache-control')).toBe('no-store');

    expect((await http(world.url, 'GET', '/api/postal-codes/97400')).body).toMatchObject({ communes: ['Saint-Denis'], departement: { name: 'La Réunion' } });
    const unknown = await http(world.url, 'GET', '/api/postal-codes/75000');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'postal_code/unknown' });
    for (const code of ['3500', 'abcde', '00100', '99999']) expect((await http(world.url, 'GET', `/api/postal-codes/${code}`)).body).toMatchObject({ code: 'request/invalid' });
  });

  if (database.name === 'postgres') {
    it('keeps one service per postal code when two imports race (PostgreSQL, several connections)', async () => {
      const a = await newService();
      const b = await newService();
      const codes = (await allPostalCodes()).slice(0, 2000);
      const csv = codes.join('\n');
      const answers = await Promise.all([
        as('admin', 'PUT', `/api/services/${a.id}/postal-codes`, { csv }),
        as('admin', 'PUT', `/api/services/${b.id}/postal-codes`, { csv }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const counts = serviceListSchema
        .parse((await as('admin', 'GET', '/api/services')).body)
        .services.filter((s) => s.id === a.id || s.id === b.id)
        .map((s) => s.postalCodeCount)
        .sort((x, y) => x - y);
      expect(counts).toEqual([0, codes.length]);
    });
  }
});

/** Every postal code the dataset knows, in order (read through the directory's own index). */
async function allPostalCodes(): Promise<string[]> {
  const codes: string[] = [];
  const directory = new DatasetPostalDirectory();
  // Codes are five digits: asking for each is quick with the index in memory.
  for (let n = 1000; n < 99000; n += 1) {
    const code = String(n).padStart(5, '0');
    if (await directory.lookup(code)) codes.push(code);
  }
  return codes;
}
