/** A service (a platform: a police one, a gendarmerie one…) and how many postal codes it covers. */
export interface Service {
  id: string;
  name: string;
  createdAt: string;
  postalCodeCount: number;
}

/** What replacing a service's coverage changed. */
export interface CoverageChange {
  /** Codes taken from other services, per service (a code is covered by one service at most). */
  moved: { serviceId: string; count: number }[];
  /** Codes the service covered before and no longer does (now covered by nobody). */
  released: number;
}

/** What deleting a service detached. */
export interface ServiceRemoval {
  /** Postal codes it covered (now covered by nobody). */
  postalCodes: number;
  /** Staff members who belonged to it (now: any service). */
  staff: number;
  /** Conversations routed to it, closed ones included (now: any service). */
  conversations: number;
}

/**
 * Persistence of services and of the postal codes each covers (one service at most per code).
 * The routing use cases need `get` and `serviceForPostalCode`; the administration ones the rest.
 */
export interface ServiceStore {
  get(id: string): Promise<Service | undefined>;
  /** The service covering a postal code, or null when none does (any operator may then take it). */
  serviceForPostalCode(postalCode: string): Promise<string | null>;
  /** Every service, in no particular order. */
  list(): Promise<Service[]>;
  /** False when the name is taken (names are unique). */
  create(service: { id: string; name: string; createdAt: string }): Promise<boolean>;
  rename(id: string, name: string): Promise<'renamed' | 'not_found' | 'name_taken'>;
  /**
   * Deletes a service in one transaction: its postal codes are freed, and staff members and
   * conversations pointing to it point to no service. Undefined when there is no such service.
   */
  delete(id: string): Promise<ServiceRemoval | undefined>;
  /**
   * Makes `postalCodes` (distinct, existing codes) exactly the service's coverage, in one
   * transaction; codes covered by other services move to this one. Undefined when there is no
   * such service.
   */
  replaceCoverage(id: string, postalCodes: readonly string[]): Promise<CoverageChange | undefined>;
  /** The postal codes a service covers, in ascending order (empty for an unknown service). */
  coverage(id: string): Promise<string[]>;
}
