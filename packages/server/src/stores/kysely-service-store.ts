import type { CoverageChange, Service, ServiceRemoval, ServiceStore } from '@brigade/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import { isUniqueViolation } from '../db/connect.js';
import type { Database, Engine } from '../db/schema.js';

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;
/** PostgreSQL advisory lock key serializing coverage changes across nodes (any constant would do). */
const COVERAGE_LOCK = 4_2024_0001;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Services and the postal codes they cover, on SQLite or PostgreSQL. */
export class KyselyServiceStore implements ServiceStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async get(id: string): Promise<Service | undefined> {
    const row = await this.withCounts(this.db).where('s.id', '=', id).executeTakeFirst();
    return row && toService(row);
  }

  async serviceForPostalCode(postalCode: string): Promise<string | null> {
    const row = await this.db.selectFrom('service_postal_codes').select('service_id').where('postal_code', '=', postalCode).executeTakeFirst();
    return row?.service_id ?? null;
  }

  async list(): Promise<Service[]> {
    return (await this.withCounts(this.db).execute()).map(toService);
  }

  async create(service: { id: string; name: string; createdAt: string }): Promise<boolean> {
    try {
      await this.db.insertInto('services').values({ id: service.id, name: service.name, created_at: service.createdAt }).execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async rename(id: string, name: string): Promise<'renamed' | 'not_found' | 'name_taken'> {
    try {
      const result = await this.db.updateTable('services').set({ name }).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? 'renamed' : 'not_found';
    } catch (error) {
      if (isUniqueViolation(error)) return 'name_taken';
      throw error;
    }
  }

  async delete(id: string): Promise<ServiceRemoval | undefined> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.lockService(trx, id))) return undefined;
      const codes = await trx.deleteFrom('service_postal_codes').where('service_id', '=', id).executeTakeFirst();
      const staff = await trx.updateTable('staff').set({ service_id: null }).where('service_id', '=', id).executeTakeFirst();
      const conversations = await trx.updateTable('conversations').set({ service_id: null }).where('service_id', '=', id).executeTakeFirst();
      await trx.deleteFrom('services').where('id', '=', id).execute();
      return {
        postalCodes: Number(codes.numDeletedRows),
        staff: Number(staff.numUpdatedRows),
        conversations: Number(conversations.numUpdatedRows),
      };
    });
  }

  async replaceCoverage(id: string, postalCodes: readonly string[]): Promise<CoverageChange | undefined> {
    // Ascending order everywhere: concurrent writers touch rows in the same order.
    const wanted = [...new Set(postalCodes)].sort();
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.lockService(trx, id))) return undefined;
      const wantedSet = new Set(wanted);
      const current = await trx.selectFrom('service_postal_codes').select('postal_code').where('service_id', '=', id).orderBy('postal_code').execute();
      const released = current.map((r) => r.postal_code).filter((code) => !wantedSet.has(code));
      const moved = new Map<string, number>();
      for (const part of chunks(wanted)) {
        const others = await trx
          .selectFrom('service_postal_codes')
          .select('service_id')
          .where('postal_code', 'in', part)
          .where('service_id', '<>', id)
          .execute();
        for (const { service_id } of others) moved.set(service_id, (moved.get(service_id) ?? 0) + 1);
      }
      for (const part of chunks(released)) {
        await trx.deleteFrom('service_postal_codes').where('service_id', '=', id).where('postal_code', 'in', part).execute();
      }
      for (const part of chunks(wanted)) {
        await trx
          .insertInto('service_postal_codes')
          .values(part.map((postal_code) => ({ postal_code, service_id: id })))
          .onConflict((oc) => oc.column('postal_code').doUpdateSet({ service_id: (eb) => eb.ref('excluded.service_id') }))
          .execute();
      }
      return { moved: [...moved].map(([serviceId, count]) => ({ serviceId, count })), released: released.length };
    });
  }

  async coverage(id: string): Promise<string[]> {
    const rows = await this.db.selectFrom('service_postal_codes').select('postal_code').where('service_id', '=', id).orderBy('postal_code').execute();
    return rows.map((r) => r.postal_code);
  }

  /**
   * Inside a transaction that changes coverage: waits for any other such change (PostgreSQL,
   * across nodes; SQLite serializes writers already), then says whether the service exists.
   */
  private async lockService(trx: Transaction<Database>, id: string): Promise<boolean> {
    if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(${COVERAGE_LOCK})`.execute(trx);
    return (await trx.selectFrom('services').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  private withCounts(db: Kysely<Database>) {
    return db
      .selectFrom('services as s')
      .leftJoin('service_postal_codes as p', 'p.service_id', 's.id')
      .select((eb) => ['s.id', 's.name', 's.created_at', eb.fn.count<number | string | bigint>('p.postal_code').as('postal_code_count')])
      .groupBy(['s.id', 's.name', 's.created_at']);
  }
}

function toService(row: { id: string; name: string; created_at: string; postal_code_count: number | string | bigint }): Service {
  return { id: row.id, name: row.name, createdAt: row.created_at, postalCodeCount: Number(row.postal_code_count) };
}
