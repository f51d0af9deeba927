import { describe, expect, it } from 'vitest';
import { buildWorld } from '../testing/builders.js';
import {
  CoverageImportRejected,
  createService,
  deleteService,
  importCoverage,
  listServices,
  lookupPostalCode,
  renameService,
  serviceCoverage,
  type ServiceDeps,
} from './manage-services.js';

async function setup() {
  const w = buildWorld();
  const deps: ServiceDeps = { services: w.services, postalCodes: w.postalCodes, ids: w.ids, audit: w.audit, clock: w.clock };
  const admin = await w.addStaff('admin', ['admin']);
  const operator = await w.addStaff('julie', ['operator']);
  const supervisor = await w.addStaff('chef', ['supervisor']);
  return { w, deps, admin: admin.actor, operator: operator.actor, supervisor: supervisor.actor };
}

const citizen = { kind: 'citizen', conversationId: '00000000-0000-4000-8000-0000000000ff' } as const;

describe('services', () => {
  it('an administrator creates, renames and lists services; every staff member reads the list', async () => {
    const { deps, admin, operator, w } = await setup();
    const police = await createService(deps, admin, { name: '  Plateforme police ' });
    expect(police).toMatchObject({ name: 'Plateforme police', postalCodeCount: 0, createdAt: '2026-01-01T00:00:00.000Z' });
    await createService(deps, admin, { name: 'Brigade numérique' });
    await renameService(deps, admin, { serviceId: police.id, name: 'Police nationale' });

    expect((await listServices(deps, operator)).map((s) => s.name)).toEqual(['Brigade numérique', 'Police nationale']);
    expect(w.audit.actions()).toEqual(['service.created', 'service.created', 'service.renamed']);
    expect(w.audit.entries[2]).toMatchObject({ actorId: admin.staffId, detail: { serviceId: police.id, from: 'Plateforme police', to: 'Police nationale' } });
  });

  it('refuses a name already used, ignoring case and accents', async () => {
    const { deps, admin } = await setup();
    const first = await createService(deps, admin, { name: 'Gendarmerie' });
    const second = await createService(deps, admin, { name: 'Police' });
    await expect(createService(deps, admin, { name: 'gendarmérie' })).rejects.toMatchObject({ code: 'service/name_taken' });
    await expect(renameService(deps, admin, { serviceId: second.id, name: 'GENDARMERIE' })).rejects.toMatchObject({ code: 'service/name_taken' });
    // Renaming a service to (a variant of) its own name is fine.
    expect(await renameService(deps, admin, { serviceId: first.id, name: 'gendarmerie' })).toMatchObject({ name: 'gendarmerie' });
  });

  it('only administrators change services; citizens read nothing', async () => {
    const { deps, admin, operator, supervisor, w } = await setup();
    const service = await createService(deps, admin, { name: 'Police' });
    for (const actor of [operator, supervisor]) {
      await expect(createService(deps, actor, { name: 'Autre' })).rejects.toMatchObject({ code: 'auth/forbidden' });
      await expect(renameService(deps, actor, { serviceId: service.id, name: 'Autre' })).rejects.toMatchObject({ code: 'auth/forbidden' });
      await expect(deleteService(deps, actor, { serviceId: service.id })).rejects.toMatchObject({ code: 'auth/forbidden' });
      await expect(importCoverage(deps, actor, { serviceId: service.id, csv: '35000' })).rejects.toMatchObject({ code: 'auth/forbidden' });
      expect(await serviceCoverage(deps, actor, { serviceId: service.id })).toMatchObject({ postalCodes: [] });
    }
    await expect(listServices(deps, citizen)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(serviceCoverage(deps, citizen, { serviceId: service.id })).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect(await w.services.get(service.id)).toMatchObject({ name: 'Police', postalCodeCount: 0 });
  });

  it('answers an unknown service as not found', async () => {
    const { deps, admin } = await setup();
    const serviceId = '00000000-0000-4000-8000-00000000abcd';
    await expect(renameService(deps, admin, { serviceId, name: 'X' })).rejects.toMatchObject({ code: 'service/not_found' });
    await expect(deleteService(deps, admin, { serviceId })).rejects.toMatchObject({ code: 'service/not_found' });
    await expect(importCoverage(deps, admin, { serviceId, csv: '35000' })).rejects.toMatchObject({ code: 'service/not_found' });
    await expect(serviceCoverage(deps, admin, { serviceId })).rejects.toMatchObject({ code: 'service/not_found' });
  });
});

describe('coverage import', () => {
  it('replaces the coverage with the file’s codes and lists them with their names', async () => {
    const { deps, admin, operator, w } = await setup();
    const service = await createService(deps, admin, { name: 'Brigade numérique' });
    await importCoverage(deps, admin, { serviceId: service.id, csv: '35000\n35400\n' });
    const result = await importCoverage(deps, admin, { serviceId: service.id, csv: 'code_postal;commune\n35400;Saint-Malo\n97400;Saint-Denis\n20000\n' });

    expect(result).toEqual({ service: { ...service, postalCodeCount: 3 }, moved: [], released: 1 });
    expect(await w.services.serviceForPostalCode('35000')).toBeNull();
    expect(await w.services.serviceForPostalCode('97400')).toBe(service.id);
    expect(await serviceCoverage(deps, operator, { serviceId: service.id })).toEqual({
      service: { ...service, postalCodeCount: 3 },
      postalCodes: [
        { postalCode: '20000', communes: ['Ajaccio'], departement: { code: '2A', name: 'Corse-du-Sud' } },
        { postalCode: '35400', communes: ['Saint-Malo'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
        { postalCode: '97400', communes: ['Saint-Denis'], departement: { code: '974', name: 'La Réunion' } },
      ],
    });
    expect(w.audit.entries.at(-1)).toMatchObject({
      action: 'service.coverage_imported',
      actorId: admin.staffId,
      detail: { serviceId: service.id, postalCodes: 3, moved: 0, released: 1 },
    });
  });

  it('moves codes covered by another service and says how many came from which', async () => {
    const { deps, admin } = await setup();
    const police = await createService(deps, admin, { name: 'Police' });
    const gendarmerie = await createService(deps, admin, { name: 'Gendarmerie' });
    await importCoverage(deps, admin, { serviceId: police.id, csv: '75001\n75011\n35000' });
    const result = await importCoverage(deps, admin, { serviceId: gendarmerie.id, csv: '35000\n35400\n75011' });

    expect(result.moved).toEqual([{ serviceId: police.id, serviceName: 'Police', postalCodeCount: 2 }]);
    expect(result.service.postalCodeCount).toBe(3);
    expect((await listServices(deps, admin)).map((s) => [s.name, s.postalCodeCount])).toEqual([
      ['Gendarmerie', 3],
      ['Police', 1],
    ]);
  });

  it('imports nothing when a line is wrong, and reports every wrong line in file order', async () => {
    const { deps, admin, w } = await setup();
    const service = await createService(deps, admin, { name: 'Police' });
    await importCoverage(deps, admin, { serviceId: service.id, csv: '75001' });
    const before = w.audit.entries.length;

    const error = await importCoverage(deps, admin, { serviceId: service.id, csv: 'cp\n75011\n99999\nParis\n00000;x\n35000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoverageImportRejected);
    expect(error).toMatchObject({
      code: 'request/invalid',
      lineErrorCount: 3,
      lineErrors: [
        { line: 3, value: '99999', problem: 'unknown' },
        { line: 4, value: 'Paris', problem: 'malformed' },
        { line: 5, value: '00000', problem: 'unknown' },
      ],
    });
    expect(await w.services.coverage(service.id)).toEqual(['75001']);
    expect(w.audit.entries.length).toBe(before);
  });

  it('shows the first 50 line errors and counts them all', async () => {
    const { deps, admin } = await setup();
    const service = await createService(deps, admin, { name: 'Police' });
    const csv = Array.from({ length: 120 }, (_, i) => String(10000 + i * 7)).join('\n');
    const error = await importCoverage(deps, admin, { serviceId: service.id, csv }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoverageImportRejected);
    const rejected = error as CoverageImportRejected;
    expect(rejected.lineErrorCount).toBe(120);
    expect(rejected.lineErrors).toHaveLength(50);
    expect(rejected.lineErrors.map((e) => e.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('refuses an empty file rather than clearing the coverage', async () => {
    const { deps, admin, w } = await setup();
    const service = await createService(deps, admin, { name: 'Police' });
    await importCoverage(deps, admin, { serviceId: service.id, csv: '75001' });
    await expect(importCoverage(deps, admin, { serviceId: service.id, csv: 'code_postal\n\n' })).rejects.toMatchObject({
      lineErrors: [{ line: 1, value: '', problem: 'empty' }],
    });
    expect(await w.services.coverage(service.id)).toEqual(['75001']);
  });
});

describe('deleting a service', () => {
  it('frees its postal codes and records what it detached', async () => {
    const { deps, admin, w } = await setup();
    const service = await createService(deps, admin, { name: 'Police' });
    await importCoverage(deps, admin, { serviceId: service.id, csv: '75001\n75011' });
    expect(await deleteService(deps, admin, { serviceId: service.id })).toEqual({ postalCodes: 2, staff: 0, conversations: 0 });
    expect(await w.services.serviceForPostalCode('75001')).toBeNull();
    expect(await listServices(deps, admin)).toEqual([]);
    expect(w.audit.entries.at(-1)).toMatchObject({ action: 'service.deleted', detail: { serviceId: service.id, name: 'Police', postalCodes: 2 } });
  });
});

describe('lookupPostalCode', () => {
  it('names an existing code, refuses an unknown one', async () => {
    const { deps } = await setup();
    expect(await lookupPostalCode(deps, '35000')).toEqual({ postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } });
    await expect(lookupPostalCode(deps, '99999')).rejects.toMatchObject({ code: 'postal_code/unknown' });
  });
});
