import { COVERAGE_LINE_ERRORS_SHOWN, type CoverageLineError } from '@brigade/protocol';
import type { Actor, StaffActor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditStaff } from '../audit/record-audit.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import { parseCoverageCsv } from './coverage-csv.js';
import type { PostalArea, PostalDirectory } from './postal-directory.js';
import type { Service, ServiceRemoval, ServiceStore } from './service-store.js';

/** Everything the service administration use cases need. */
export interface ServiceDeps {
  services: ServiceStore;
  postalCodes: PostalDirectory;
  ids: IdGenerator;
  audit: AuditLog;
  clock: Clock;
}

/** An import refused because of its lines; nothing was imported. Answered as `request/invalid`. */
export class CoverageImportRejected extends DomainError {
  constructor(
    /** The first errors, in file order. */
    readonly lineErrors: CoverageLineError[],
    readonly lineErrorCount: number,
  ) {
    super('request/invalid', `${lineErrorCount} line(s) refused`);
    this.name = 'CoverageImportRejected';
  }
}

/** An accepted import: the service now, and what moved. */
export interface CoverageImport {
  service: Service;
  moved: { serviceId: string; serviceName: string; postalCodeCount: number }[];
  released: number;
}

/** A covered code with its names (null when it left the dataset after it was imported). */
export interface CoverageEntry {
  postalCode: string;
  communes: string[];
  departement: PostalArea['departement'] | null;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

function requireStaffActor(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
}

function requireAdmin(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
}

/** Names differing only in case or accents ("Police" / "police") would be confused: one only. */
async function requireFreeName(deps: ServiceDeps, name: string, exceptId: string | null): Promise<void> {
  const services = await deps.services.list();
  if (services.some((s) => s.id !== exceptId && collator.compare(s.name, name) === 0)) throw new DomainError('service/name_taken');
}

/** Every staff member sees the services (to transfer a conversation, to read an account). */
export async function listServices(deps: Pick<ServiceDeps, 'services'>, actor: Actor): Promise<Service[]> {
  requireStaffActor(actor);
  return (await deps.services.list()).sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

/** An administrator creates a service (covering no postal code yet). */
export async function createService(deps: ServiceDeps, actor: Actor, input: { name: string }): Promise<Service> {
  requireAdmin(actor);
  const name = input.name.trim();
  await requireFreeName(deps, name, null);
  const service = { id: deps.ids.uuid(), name, createdAt: deps.clock.now().toISOString() };
  if (!(await deps.services.create(service))) throw new DomainError('service/name_taken');
  await auditStaff(deps, actor, 'service.created', { detail: { serviceId: service.id, name } });
  return { ...service, postalCodeCount: 0 };
}

/** An administrator renames a service. */
export async function renameService(deps: ServiceDeps, actor: Actor, input: { serviceId: string; name: string }): Promise<Service> {
  requireAdmin(actor);
  const name = input.name.trim();
  const before = await deps.services.get(input.serviceId);
  if (!before) throw new DomainError('service/not_found');
  await requireFreeName(deps, name, input.serviceId);
  const result = await deps.services.rename(input.serviceId, name);
  if (result === 'not_found') throw new DomainError('service/not_found');
  if (result === 'name_taken') throw new DomainError('service/name_taken');
  await auditStaff(deps, actor, 'service.renamed', { detail: { serviceId: input.serviceId, from: before.name, to: name } });
  return { ...before, name };
}

/**
 * An administrator deletes a service. Nothing is left pointing to it: its postal codes are
 * covered by nobody, its staff members and conversations belong to no service (conversations
 * still waiting can then be taken by any operator rather than wait for a service that is gone).
 * The audit entry keeps the service's name and what was detached.
 */
export async function deleteService(deps: ServiceDeps, actor: Actor, input: { serviceId: string }): Promise<ServiceRemoval> {
  requireAdmin(actor);
  const service = await deps.services.get(input.serviceId);
  if (!service) throw new DomainError('service/not_found');
  const removal = await deps.services.delete(input.serviceId);
  if (!removal) throw new DomainError('service/not_found');
  await auditStaff(deps, actor, 'service.deleted', { detail: { serviceId: service.id, name: service.name, ...removal } });
  return removal;
}

/**
 * An administrator replaces a service's coverage with the postal codes of a CSV file (see
 * `parseCoverageCsv`). Every code must exist; if any line is wrong nothing is imported and the
 * first errors are reported with their line numbers. Codes covered by another service move to
 * this one (a code has one service), and the answer says how many came from which service.
 */
export async function importCoverage(deps: ServiceDeps, actor: Actor, input: { serviceId: string; csv: string }): Promise<CoverageImport> {
  requireAdmin(actor);
  if (!(await deps.services.get(input.serviceId))) throw new DomainError('service/not_found');
  const parsed = parseCoverageCsv(input.csv);
  const errors = [...parsed.errors];
  for (const { line, postalCode } of parsed.postalCodes) {
    if (!(await deps.postalCodes.lookup(postalCode))) errors.push({ line, value: postalCode, problem: 'unknown' });
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new CoverageImportRejected(errors.slice(0, COVERAGE_LINE_ERRORS_SHOWN), errors.length);
  }
  const change = await deps.services.replaceCoverage(
    input.serviceId,
    parsed.postalCodes.map((c) => c.postalCode),
  );
  const service = await deps.services.get(input.serviceId);
  if (!change || !service) throw new DomainError('service/not_found');
  const names = new Map((await deps.services.list()).map((s) => [s.id, s.name]));
  const moved = change.moved
    .map((m) => ({ serviceId: m.serviceId, serviceName: names.get(m.serviceId) ?? '', postalCodeCount: m.count }))
    .sort((a, b) => collator.compare(a.serviceName, b.serviceName));
  await auditStaff(deps, actor, 'service.coverage_imported', {
    detail: {
      serviceId: service.id,
      postalCodes: service.postalCodeCount,
      moved: moved.reduce((n, m) => n + m.postalCodeCount, 0),
      released: change.released,
    },
  });
  return { service, moved, released: change.released };
}

/** Every staff member may read which postal codes a service covers, with their names. */
export async function serviceCoverage(
  deps: Pick<ServiceDeps, 'services' | 'postalCodes'>,
  actor: Actor,
  input: { serviceId: string },
): Promise<{ service: Service; postalCodes: CoverageEntry[] }> {
  requireStaffActor(actor);
  const service = await deps.services.get(input.serviceId);
  if (!service) throw new DomainError('service/not_found');
  const postalCodes: CoverageEntry[] = [];
  for (const postalCode of await deps.services.coverage(input.serviceId)) {
    const area = await deps.postalCodes.lookup(postalCode);
    postalCodes.push(area ? { ...area } : { postalCode, communes: [], departement: null });
  }
  return { service, postalCodes };
}

/** Anyone (the citizen's form included) may name a postal code; no service data is involved. */
export async function lookupPostalCode(deps: Pick<ServiceDeps, 'postalCodes'>, postalCode: string): Promise<PostalArea> {
  const area = await deps.postalCodes.lookup(postalCode);
  if (!area) throw new DomainError('postal_code/unknown');
  return area;
}
