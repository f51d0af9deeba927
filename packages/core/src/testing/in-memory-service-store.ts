import type { CoverageChange, Service, ServiceRemoval, ServiceStore } from '../services/service-store.js';

/**
 * In-memory twin of the service store. Deleting a service calls `onDelete`, through which a world
 * may detach staff and conversations as the database adapter does in the same transaction (by
 * default nothing else is touched and nothing is counted).
 */
export class InMemoryServiceStore implements ServiceStore {
  private readonly services = new Map<string, Omit<Service, 'postalCodeCount'>>();
  private readonly coverageByCode = new Map<string, string>();

  constructor(
    private readonly onDelete: (serviceId: string) => Promise<{ staff: number; conversations: number }> = async () => ({ staff: 0, conversations: 0 }),
  ) {}

  async get(id: string): Promise<Service | undefined> {
    const service = this.services.get(id);
    return service ? { ...service, postalCodeCount: this.count(id) } : undefined;
  }

  async serviceForPostalCode(postalCode: string): Promise<string | null> {
    return this.coverageByCode.get(postalCode) ?? null;
  }

  async list(): Promise<Service[]> {
    return [...this.services.values()].map((s) => ({ ...s, postalCodeCount: this.count(s.id) }));
  }

  async create(service: { id: string; name: string; createdAt: string }): Promise<boolean> {
    if ([...this.services.values()].some((s) => s.name === service.name)) return false;
    this.services.set(service.id, { ...service });
    return true;
  }

  async rename(id: string, name: string): Promise<'renamed' | 'not_found' | 'name_taken'> {
    const service = this.services.get(id);
    if (!service) return 'not_found';
    if ([...this.services.values()].some((s) => s.id !== id && s.name === name)) return 'name_taken';
    this.services.set(id, { ...service, name });
    return 'renamed';
  }

  async delete(id: string): Promise<ServiceRemoval | undefined> {
    if (!this.services.has(id)) return undefined;
    const postalCodes = this.count(id);
    for (const [code, serviceId] of this.coverageByCode) if (serviceId === id) this.coverageByCode.delete(code);
    this.services.delete(id);
    return { postalCodes, ...(await this.onDelete(id)) };
  }

  async replaceCoverage(id: string, postalCodes: readonly string[]): Promise<CoverageChange | undefined> {
    if (!this.services.has(id)) return undefined;
    const wanted = new Set(postalCodes);
    let released = 0;
    const moved = new Map<string, number>();
    for (const [code, serviceId] of this.coverageByCode) {
      if (serviceId === id && !wanted.has(code)) {
        this.coverageByCode.delete(code);
        released += 1;
      } else if (serviceId !== id && wanted.has(code)) moved.set(serviceId, (moved.get(serviceId) ?? 0) + 1);
    }
    for (const code of wanted) this.coverageByCode.set(code, id);
    return { moved: [...moved].map(([serviceId, count]) => ({ serviceId, count })), released };
  }

  async coverage(id: string): Promise<string[]> {
    return [...this.coverageByCode].filter(([, serviceId]) => serviceId === id).map(([code]) => code).sort();
  }

  /** Test helper: a service covering the given codes. */
  add(service: { id: string; name: string; createdAt: string }, postalCodes: string[] = []): void {
    this.services.set(service.id, { ...service });
    for (const code of postalCodes) this.coverageByCode.set(code, service.id);
  }

  private count(id: string): number {
    let n = 0;
    for (const serviceId of this.coverageByCode.values()) if (serviceId === id) n += 1;
    return n;
  }
}
