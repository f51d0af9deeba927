import type { PendingChallenge, StaffMember, StaffSession, StaffSessionStore, StaffStore } from '@brigade/core';
import { availabilitySchema, roleSchema, topicSchema } from '@brigade/protocol';
import { type Kysely, type Selectable, sql } from 'kysely';
import * as z from 'zod';
import { isSerializationFailure, isUniqueViolation } from '../db/connect.js';
import type { Database, StaffSessionTable, StaffTable } from '../db/schema.js';

const rolesColumn = z.array(roleSchema);
const topicsColumn = z.array(topicSchema);

function toMember(row: Selectable<StaffTable>): StaffMember {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    rank: row.rank,
    firstName: row.first_name,
    roles: rolesColumn.parse(JSON.parse(row.roles)),
    disabled: Number(row.disabled) === 1,
    createdAt: row.created_at,
    capacity: Number(row.capacity),
    topics: topicsColumn.parse(JSON.parse(row.topics)),
    serviceId: row.service_id,
    availability: availabilitySchema.parse(row.availability),
  };
}

function toRow(m: StaffMember): StaffTable {
  return {
    id: m.id,
    username: m.username,
    password_hash: m.passwordHash,
    rank: m.rank,
    first_name: m.firstName,
    roles: JSON.stringify(m.roles),
    disabled: m.disabled ? 1 : 0,
    created_at: m.createdAt,
    capacity: m.capacity,
    topics: JSON.stringify(m.topics),
    service_id: m.serviceId,
    availability: m.availability,
  };
}

export class KyselyStaffStore implements StaffStore {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const row = await this.db.selectFrom('staff').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(member: StaffMember): Promise<boolean> {
    try {
      await this.db.insertInto('staff').values(toRow(member)).execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async createFirst(member: StaffMember): Promise<boolean> {
    // INSERT … SELECT … WHERE NOT EXISTS alone is not enough on PostgreSQL: under READ COMMITTED
    // concurrent statements all see an empty table and all insert. SERIALIZABLE makes PostgreSQL
    // abort all but one (40001); the retry then sees the winner's row. SQLite serializes writes anyway.
    const r = toRow(member);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db
          .transaction()
          .setIsolationLevel('serializable')
          .execute(async (trx) => {
            const result = await sql`
              insert into staff (id, username, password_hash, rank, first_name, roles, disabled, created_at, capacity, topics, service_id, availability)
              select ${r.id}, ${r.username}, ${r.password_hash}, ${r.rank}, ${r.first_name}, ${r.roles}, ${r.disabled}, ${r.created_at},
                ${r.capacity}, ${r.topics}, ${r.service_id}, ${r.availability}
              where not exists (select 1 from staff)`.execute(trx);
            return Number(result.numAffectedRows ?? 0) === 1;
          });
      } catch (error) {
        if (isSerializationFailure(error) && attempt < 10) continue;
        // A concurrent first setup with the same username won.
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    }
  }

  async findById(id: string): Promise<StaffMember | undefined> {
    const row = await this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMember(row);
  }

  async findByUsername(username: string): Promise<StaffMember | undefined> {
    const row = await this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toMember(row);
  }

  async update(id: string, patch: Parameters<StaffStore['update']>[1]): Promise<StaffMember | undefined> {
    const set: Partial<StaffTable> = {};
    if (patch.capacity !== undefined) set.capacity = patch.capacity;
    if (patch.topics !== undefined) set.topics = JSON.stringify(patch.topics);
    if (patch.serviceId !== undefined) set.service_id = patch.serviceId;
    if (patch.availability !== undefined) set.availability = patch.availability;
    if (patch.rank !== undefined) set.rank = patch.rank;
    if (patch.firstName !== undefined) set.first_name = patch.firstName;
    if (patch.roles !== undefined) set.roles = JSON.stringify(patch.roles);
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (Object.keys(set).length > 0) await this.db.updateTable('staff').set(set).where('id', '=', id).execute();
    return this.findById(id);
  }

  async list(): Promise<StaffMember[]> {
    return (await this.db.selectFrom('staff').selectAll().orderBy('username').execute()).map(toMember);
  }
}

const pendingSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('totp_enrolment'), secret: z.string() }),
    z.object({ kind: z.literal('webauthn_registration'), challenge: z.string() }),
    z.object({ kind: z.literal('webauthn_authentication'), challenge: z.string() }),
  ])
  .nullable();
const stageSchema = z.enum(['second_factor', 'enrolment', 'full']);

function toSession(row: Selectable<StaffSessionTable>): StaffSession {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    staffId: row.staff_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    stage: stageSchema.parse(row.stage),
    lastSeenAt: row.last_seen_at ?? row.created_at,
    stepUpAt: row.step_up_at,
    address: row.address,
    userAgent: row.user_agent,
    pending: pendingSchema.parse(row.pending === null ? null : (JSON.parse(row.pending) as PendingChallenge)),
  };
}

export class KyselyStaffSessionStore implements StaffSessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: StaffSession): Promise<void> {
    await this.db
      .insertInto('staff_sessions')
      .values({
        id: s.id,
        token_hash: s.tokenHash,
        staff_id: s.staffId,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        stage: s.stage,
        last_seen_at: s.lastSeenAt,
        step_up_at: s.stepUpAt,
        address: s.address,
        user_agent: s.userAgent,
        pending: s.pending === null ? null : JSON.stringify(s.pending),
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<StaffSession | undefined> {
    const row = await this.db.selectFrom('staff_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toSession(row);
  }

  async update(id: string, patch: Partial<Pick<StaffSession, 'stage' | 'lastSeenAt' | 'stepUpAt' | 'pending'>>): Promise<void> {
    const set: Partial<StaffSessionTable> = {};
    if (patch.stage !== undefined) set.stage = patch.stage;
    if (patch.lastSeenAt !== undefined) set.last_seen_at = patch.lastSeenAt;
    if (patch.stepUpAt !== undefined) set.step_up_at = patch.stepUpAt;
    if (patch.pending !== undefined) set.pending = patch.pending === null ? null : JSON.stringify(patch.pending);
    if (Object.keys(set).length > 0) await this.db.updateTable('staff_sessions').set(set).where('id', '=', id).execute();
  }

  async listForStaff(staffId: string): Promise<StaffSession[]> {
    const rows = await this.db.selectFrom('staff_sessions').selectAll().where('staff_id', '=', staffId).orderBy('created_at').execute();
    return rows.map(toSession);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('id', '=', id).execute();
  }

  async deleteAllForStaff(staffId: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).returning('id').execute();
    return rows.map((r) => r.id);
  }
}
